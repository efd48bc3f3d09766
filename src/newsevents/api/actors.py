"""``GET /actors``, ``GET /actors/{id}`` (its events as source and target, its top
partners) and ``GET /places``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from newsevents.api.limits import MAX_PAGE, dump_json, reader
from newsevents.errors import NotFound
from newsevents.store import Store

router = APIRouter(tags=["actors and places"])
Reader = Annotated[Store, Depends(reader)]
Search = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Words in the name or id.")
]
Code = Annotated[str | None, Query(pattern="^[A-Za-z]{3}$", description="Country, e.g. RUS.")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="At most this many rows.")]


@router.get("/actors", summary="Actors, most active first")
def list_actors(
    request: Request,
    store: Reader,
    q: Search = None,
    country: Code = None,
    sector: Annotated[
        str | None, Query(pattern="^[A-Za-z]{2,4}$", description="Sector, e.g. GOV.")
    ] = None,
    limit: Limit = 100,
) -> Response:
    rows = store.actor_summaries(q=q, country=country, sector=sector, limit=limit)
    return Response(dump_json(request, {"items": rows}), media_type="application/json")


@router.get("/actors/{actor_id}", summary="One actor, its events and its partners")
def get_actor(request: Request, store: Reader, actor_id: str, limit: Limit = 100) -> Response:
    record = store.actor_profile(actor_id, limit=limit)
    if record is None:
        raise NotFound(f"no actor has id {actor_id[:80]!r}")
    return Response(dump_json(request, record), media_type="application/json")


@router.get("/places", summary="Places, most mentioned first")
def list_places(
    request: Request, store: Reader, q: Search = None, country: Code = None, limit: Limit = 100
) -> Response:
    rows = store.place_summaries(q=q, country=country, limit=limit)
    return Response(dump_json(request, {"items": rows}), media_type="application/json")
