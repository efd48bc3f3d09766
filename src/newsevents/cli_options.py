"""The command line's event filter options, declared once for every command that filters
events (``events``, ``export``, ...), and the one function that turns them into an
:class:`~newsevents.store.filters.EventFilter`.

A command takes them as parameters typed with these aliases::

    def events(actor: options.Actor = None, type: options.Type = None, ...) -> None:
        filters = options.event_filter(actor=actor, type=type, ...)
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import typer

from newsevents.store.filters import EventFilter, parse_bbox, parse_date

Actor = Annotated[
    str | None,
    typer.Option(metavar="ACTOR", help="Source or target: a country code, actor id or name."),
]
Source = Annotated[
    str | None, typer.Option(metavar="ACTOR", help="Source: a country code, actor id or name.")
]
Target = Annotated[
    str | None, typer.Option(metavar="ACTOR", help="Target: a country code, actor id or name.")
]
Country = Annotated[
    str | None, typer.Option(metavar="ISO3", help="Either side's country code, e.g. RUS.")
]
Sector = Annotated[
    str | None, typer.Option(metavar="SECTOR", help="Either side's sector, e.g. GOV or REB.")
]
Type = Annotated[
    str | None, typer.Option("--type", metavar="TYPE", help="PLOVER type, e.g. CONSULT.")
]
Quad = Annotated[
    int | None,
    typer.Option(
        metavar="1-4",
        help="Quad class: 1 verbal, 2 material cooperation; 3 verbal, 4 material conflict.",
    ),
]
Mode = Annotated[str | None, typer.Option(metavar="MODE", help="PLOVER mode, e.g. demonstrate.")]
Since = Annotated[
    str | None, typer.Option(metavar="DATE", help="Earliest event date (YYYY-MM-DD).")
]
Until = Annotated[str | None, typer.Option(metavar="DATE", help="Latest event date (YYYY-MM-DD).")]
Place = Annotated[str | None, typer.Option(metavar="PLACE", help="Place id, GeoNames id or name.")]
Bbox = Annotated[
    str | None,
    typer.Option(metavar="W,S,E,N", help="Event places inside WEST,SOUTH,EAST,NORTH (degrees)."),
]
DocumentId = Annotated[
    str | None, typer.Option("--document", metavar="ID", help="Events of this document.")
]
Text = Annotated[
    str | None, typer.Option(metavar="WORDS", help="Words in the evidence sentence (any case).")
]
MinConfidence = Annotated[
    float | None, typer.Option(metavar="P", help="Only events at least this likely (0 to 1).")
]


def event_filter(
    *,
    since: str | None = None,
    until: str | None = None,
    bbox: str | None = None,
    **fields: object,
) -> EventFilter:
    """The filter the options describe; raises ``FilterError`` (NE050) for a bad value."""
    return EventFilter(
        since=parse_date(since, "since") if since else None,
        until=parse_date(until, "until") if until else None,
        bbox=parse_bbox(bbox) if bbox else None,
        **fields,  # type: ignore[arg-type]
    )


def filter_from(values: dict[str, Any]) -> EventFilter:
    """The filter of a command's parameters (pass ``locals()``): every ``EventFilter`` field
    among them, by name, so that a command lists its filter options once, as parameters."""
    names = {f.name for f in dataclasses.fields(EventFilter)}
    return event_filter(**{k: v for k, v in values.items() if k in names})
