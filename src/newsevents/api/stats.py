"""``GET /stats``: the explorer's charts: merged events by type, by week and quad class, and
the top dyads, for the same filters as ``/events``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from newsevents.api.limits import MAX_PAGE, dump_json, reader
from newsevents.api.params import Filters
from newsevents.store import Store
from newsevents.store.explore import DYAD_LEVELS

router = APIRouter(tags=["stats"])


@router.get("/stats", summary="Counts for charts: by type, by week, top dyads")
def get_stats(
    request: Request,
    store: Annotated[Store, Depends(reader)],
    filters: Filters,
    dyads: Annotated[
        str, Query(pattern="^(" + "|".join(DYAD_LEVELS) + ")$", description="country or actor.")
    ] = "country",
    top: Annotated[int, Query(ge=1, le=MAX_PAGE, description="How many dyads.")] = 25,
) -> Response:
    body = store.stats(filters=filters, dyads=dyads, top=top)
    return Response(dump_json(request, body), media_type="application/json")
