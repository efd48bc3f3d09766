"""The event filter as query parameters, shared by every route that selects events.

FastAPI checks the types; ``store.filters`` checks the values (a known type, a date, a box
on the globe) and raises ``FilterError`` naming the parameter, which ``problems`` answers as
a 422 problem. The parameter names are ``EventFilter``'s field names.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from newsevents.cli_options import event_filter
from newsevents.store import EventFilter


def event_filters(
    actor: Annotated[
        str | None, Query(description="Source or target: a country code, actor id or name.")
    ] = None,
    source: Annotated[str | None, Query(description="Source: a country code, id or name.")] = None,
    target: Annotated[str | None, Query(description="Target: a country code, id or name.")] = None,
    country: Annotated[str | None, Query(description="Either side's country, e.g. RUS.")] = None,
    sector: Annotated[str | None, Query(description="Either side's sector, e.g. GOV.")] = None,
    type: Annotated[str | None, Query(description="PLOVER type, e.g. CONSULT.")] = None,
    quad: Annotated[
        int | None, Query(description="Quad class: 1 verbal coop., 2 material coop., 3, 4.")
    ] = None,
    mode: Annotated[str | None, Query(description="PLOVER mode, e.g. demonstrate.")] = None,
    since: Annotated[str | None, Query(description="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="Latest event date, YYYY-MM-DD.")] = None,
    place: Annotated[str | None, Query(description="Place id, GeoNames id or name.")] = None,
    bbox: Annotated[
        str | None, Query(description="Event places inside WEST,SOUTH,EAST,NORTH (degrees).")
    ] = None,
    document: Annotated[str | None, Query(description="Events of this document id.")] = None,
    text: Annotated[str | None, Query(description="Words in the evidence sentence.")] = None,
    min_confidence: Annotated[
        float | None, Query(description="Only events at least this likely (0 to 1).")
    ] = None,
) -> EventFilter:
    """The ``EventFilter`` the query parameters describe (a FastAPI dependency)."""
    return event_filter(
        actor=actor,
        source=source,
        target=target,
        country=country,
        sector=sector,
        type=type,
        quad=quad,
        mode=mode,
        since=since,
        until=until,
        place=place,
        bbox=bbox,
        document=document,
        text=text,
        min_confidence=min_confidence,
    )


# A route parameter typed ``Filters`` gets the checked filter of its request.
Filters = Annotated[EventFilter, Depends(event_filters)]
