"""Event filters: one checked description of "which events", turned into parameterised SQL.

The CLI's ``events`` and ``export``, the Python API and the HTTP API all filter events the same
way, so the filter and its validation live here once. Every value reaches DuckDB as a bound
parameter, never spliced into the query text. A value that cannot be right (an unknown type, a
date range that ends before it starts, a latitude of 200) is a ``FilterError`` (NE050) naming the
filter and what it accepts, before any query runs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from newsevents import codebook
from newsevents.errors import FilterError

# An actor value of three letters is a country or group code; anything else an id or a name.
_CODE = re.compile(r"[A-Za-z]{3}")
_SECTOR = re.compile(r"[A-Za-z]{2,4}")
_DOCUMENT_CAP = 1000
_TEXT_CAP = 200


@dataclasses.dataclass(frozen=True)
class EventFilter:
    """Which events to select; every field optional, all given fields must hold.

    ``actor`` matches the source or the target, ``source`` and ``target`` one role each; each
    is a three-letter country or IGO code (``RUS``, ``UNO``), or an actor id or name (any
    case). ``country`` matches either side's country code. ``sector`` either side's sector
    (``GOV``, ``REB``). ``quad`` is CAMEO's quad class, 1 to 4. ``place`` is a place id, a
    GeoNames id or a place name; ``bbox`` is (west, south, east, north) in degrees. ``text``
    is searched, ignoring case, in the evidence sentence. ``min_confidence`` is a probability.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    country: str | None = None
    sector: str | None = None
    type: str | None = None
    quad: int | None = None
    mode: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    document: str | None = None
    text: str | None = None
    min_confidence: float | None = None

    def __post_init__(self) -> None:
        # Normalise case once, so that the SQL compares plain values.
        for name in ("type", "country", "sector"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, value.strip().upper())
        if self.mode is not None:
            object.__setattr__(self, "mode", self.mode.strip().lower())
        self._check()

    def _check(self) -> None:
        for name in ("actor", "source", "target", "place"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                raise FilterError.of(name, value, "a code, an id or a name")
        if self.type is not None and self.type not in codebook.PLOVER_TYPES:
            raise FilterError.of("type", self.type, "one of " + ", ".join(codebook.PLOVER_TYPES))
        if self.mode is not None and self.mode not in codebook.modes():
            raise FilterError.of("mode", self.mode, "a PLOVER mode such as " + _some_modes())
        if self.quad is not None and self.quad not in codebook.QUAD_CLASSES:
            raise FilterError.of(
                "quad",
                self.quad,
                "1 to 4: " + ", ".join(f"{k} {v}" for k, v in codebook.QUAD_CLASSES.items()),
            )
        if self.country is not None and not _CODE.fullmatch(self.country):
            raise FilterError.of("country", self.country, "a three-letter code such as RUS")
        if self.sector is not None and not _SECTOR.fullmatch(self.sector):
            raise FilterError.of("sector", self.sector, "a sector code such as GOV or REB")
        if self.since and self.until and self.since > self.until:
            raise FilterError.of(
                "until", self.until.isoformat(), f"a date on or after since ({self.since})"
            )
        if self.bbox is not None:
            _check_bbox(self.bbox)
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise FilterError.of("min_confidence", self.min_confidence, "a number from 0 to 1")
        if self.document is not None and not 0 < len(self.document) <= _DOCUMENT_CAP:
            raise FilterError.of("document", self.document[:40], "a document id")
        if self.text is not None and not 0 < len(self.text.strip()) <= _TEXT_CAP:
            raise FilterError.of("text", self.text[:40], f"1 to {_TEXT_CAP} characters")

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in dataclasses.fields(self))

    def where(self) -> tuple[list[str], dict[str, Any]]:
        """SQL conditions on the ``events`` table (all must hold) and their parameters."""
        where: list[str] = []
        params: dict[str, Any] = {}
        for name, roles in (
            ("actor", ("source", "target")),
            ("source", ("source",)),
            ("target", ("target",)),
        ):
            value = getattr(self, name)
            if value is not None:
                where.append(_actor_condition(name, roles, value))
                params[name] = value
        simple = {
            "country": "(source_country = $country OR target_country = $country)",
            "sector": "(source_sector = $sector OR target_sector = $sector)",
            "type": "type = $type",
            "quad": "quad_class = $quad",
            "mode": "mode = $mode",
            "since": "date >= $since",
            "until": "date <= $until",
            "document": "doc_id = $document",
            "min_confidence": "confidence >= $min_confidence",
        }
        for name, condition in simple.items():
            value = getattr(self, name)
            if value is not None:
                where.append(condition)
                params[name] = value
        if self.place is not None:
            where.append(
                "(location_id = $place OR lower(location_name) = lower($place)"
                " OR CAST(location_geonameid AS VARCHAR) = $place)"
            )
            params["place"] = self.place.strip()
        if self.bbox is not None:
            west, south, east, north = self.bbox
            lon = (
                "location_lon BETWEEN $west AND $east"
                if west <= east
                # A box across the antimeridian: west of 180 or east of -180.
                else "(location_lon >= $west OR location_lon <= $east)"
            )
            where.append(f"location_lat BETWEEN $south AND $north AND {lon}")
            params.update(west=west, south=south, east=east, north=north)
        if self.text is not None:
            # contains() takes the text literally: no LIKE wildcards to escape.
            where.append("contains(lower(sentence), lower($text))")
            params["text"] = self.text.strip()
        return where, params


def _actor_condition(name: str, roles: tuple[str, ...], value: str) -> str:
    if _CODE.fullmatch(value):
        # A country or group code: plain equality keeps the filter cheap on big stores.
        sides = [f"upper(${name}) IN ({r}_country, {r}_igo)" for r in roles]
    else:
        sides = [f"lower(${name}) IN (lower({r}_id), lower({r}_name))" for r in roles]
    return "(" + " OR ".join(sides) + ")"


def _check_bbox(bbox: tuple[float, float, float, float]) -> None:
    if len(bbox) != 4:
        raise FilterError.of("bbox", bbox, "four numbers: west, south, east, north")
    west, south, east, north = bbox
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise FilterError.of("bbox", bbox, "longitudes from -180 to 180")
    if not (-90 <= south <= north <= 90):
        raise FilterError.of("bbox", bbox, "latitudes from -90 to 90, south before north")


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``"west,south,east,north"`` as four numbers, checked."""
    parts = value.split(",")
    try:
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        raise FilterError.of("bbox", value, "four numbers: west,south,east,north") from None
    if len(numbers) != 4:
        raise FilterError.of("bbox", value, "four numbers: west,south,east,north")
    _check_bbox(numbers)  # type: ignore[arg-type]
    return numbers  # type: ignore[return-value]


def parse_date(value: str, name: str) -> dt.date:
    """An ISO date (YYYY-MM-DD), or a ``FilterError`` naming the filter."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FilterError.of(name, value, "a date like 2026-01-28") from None


def _some_modes() -> str:
    return ", ".join(sorted(codebook.modes())[:8]) + " …"
