"""``GET /events`` (a page of merged events or mentions, as JSON, CSV or GeoJSON) and
``GET /events/{id}`` (one merged event with every mention and its evidence spans)."""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from newsevents.api.limits import DEFAULT_PAGE, MAX_PAGE, checked_size, dump_json, reader
from newsevents.api.params import Filters
from newsevents.errors import NotFound
from newsevents.models import event_csv_row
from newsevents.store import Store

router = APIRouter(tags=["events"])
Reader = Annotated[Store, Depends(reader)]


class Format(StrEnum):
    json = "json"
    csv = "csv"
    geojson = "geojson"


@router.get("/events", summary="Events that pass the filters, one page at a time")
def list_events(
    request: Request,
    store: Reader,
    filters: Filters,
    mentions: Annotated[
        bool, Query(description="Event mentions (one per sentence) instead of merged events.")
    ] = False,
    sort: Annotated[
        str,
        Query(
            description="date, confidence or (merged events) mentions; a leading - reverses.",
            pattern="^-?(date|confidence|mentions)$",
        ),
    ] = "date",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows per page.")] = DEFAULT_PAGE,
    cursor: Annotated[
        str | None, Query(max_length=400, description="next_cursor of the previous page.")
    ] = None,
    format: Annotated[Format, Query(description="json, csv or geojson.")] = Format.json,
) -> Response:
    """Merged events (one per real-world event, with its mention counts) by default, or with
    ``mentions=true`` the event mentions in the one event shape of ``newsevents extract``.
    The JSON page is ``{"items": [...], "next_cursor": ..., "limit": ...}``; pass
    ``next_cursor`` back as ``cursor`` (with the same sort) for the next page. CSV has the
    columns of ``newsevents events --format csv``; GeoJSON has the events with a place, the
    event as each feature's properties, and the cursor in the collection."""
    items, next_cursor = store.event_page(
        filters=filters, mentions=mentions, sort=sort, limit=limit, cursor=cursor
    )
    headers = {"X-Next-Cursor": next_cursor} if next_cursor else {}
    if format is Format.csv:
        return Response(
            checked_size(request, _csv(items).encode()),
            media_type="text/csv; charset=utf-8",
            headers=headers,
        )
    if format is Format.geojson:
        body = {
            "type": "FeatureCollection",
            "features": [_feature(item) for item in items if _has_point(item)],
            "next_cursor": next_cursor,
        }
        return Response(dump_json(request, body), media_type="application/geo+json")
    page = {"items": items, "next_cursor": next_cursor, "limit": limit}
    return Response(dump_json(request, page), media_type="application/json")


@router.get("/events/{event_id}", summary="One merged event with every mention")
def get_event(request: Request, store: Reader, event_id: str) -> Response:
    """The merged event that ``event_id`` (the merged id or any mention's id) belongs to,
    with its counts and every mention: document, publisher, sentence and character spans."""
    record = store.merged_event(event_id)
    if record is None:
        raise NotFound(f"no event has id {event_id[:80]!r}")
    return Response(dump_json(request, record), media_type="application/json")


def _csv(items: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(event_csv_row({"type": "", "id": ""})))
    writer.writeheader()
    writer.writerows(event_csv_row(item) for item in items)
    return out.getvalue()


def _has_point(item: dict[str, Any]) -> bool:
    location = item.get("location") or {}
    return location.get("lat") is not None and location.get("lon") is not None


def _feature(item: dict[str, Any]) -> dict[str, Any]:
    location = item["location"]
    return {
        "type": "Feature",
        "id": item["id"],
        "geometry": {"type": "Point", "coordinates": [location["lon"], location["lat"]]},
        "properties": item,
    }
