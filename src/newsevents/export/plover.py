"""PLOVER exports: JSON Lines records with the fields of the PLOVER manual's data chapter, and
the POLECAT release TSV layout (``data/exports/polecat.csv``). One record per event mention
(an event as one document reports it), as PLOVER and POLECAT code events per story; negated
events are left out, as in GDELT.

PLOVER's fields map one to one onto a stored event: ``actor``/``recipient`` are the source and
target (``code`` the country or group code, ``entity_text`` the words of the document),
``size`` the casualty and arrest counts, ``text_info`` the character offsets into the document,
``cite_info`` the document. ``context`` stays an empty list: newsevents codes no PLOVER
contexts. Fields of newsevents' own (CAMEO code, merged event, modality, confidence) are under
``newsevents``, apart from PLOVER's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from newsevents.export import codebooks
from newsevents.store import EventFilter, Store, pair_from_row

POLECAT = "polecat"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _mentions(store: Store, filters: EventFilter | None) -> list[dict[str, Any]]:
    rows = store.mention_rows(filters=filters)
    return [r for r in rows if not r["negated"]]


def _actor(row: dict[str, Any], prefix: str, text: str) -> dict[str, Any] | None:
    if row[f"{prefix}_id"] is None:
        return None
    return {
        # PLOVER's actor code is a country's or an IGO's (UNO, EEC).
        "code": row[f"{prefix}_country"] or row[f"{prefix}_igo"],
        "sector": row[f"{prefix}_sector"],
        "entity_text": row[f"{text}_text"],
        "name": row[f"{prefix}_name"],
        "id": row[f"{prefix}_id"],
    }


def _place(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["location_id"] is None:
        return None
    return {
        "name": row["location_name"],
        "country": row["location_country"],
        "lat": row["location_lat"],
        "lon": row["location_lon"],
        "geonameid": row["location_geonameid"],
        "kind": row["location_kind"],
        "text": row["location_text"],
    }


def _span(row: dict[str, Any], prefix: str) -> list[int] | None:
    pair = pair_from_row(row, prefix)
    return list(pair) if pair else None


def record(row: dict[str, Any]) -> dict[str, Any]:
    """One PLOVER record of a stored event row (``Store.mention_rows``)."""
    return {
        "id": row["id"],
        "date": _iso(row["date"]),
        "date_precision": row["date_precision"],
        "actor": _actor(row, "source", "source"),
        "recipient": _actor(row, "target", "target"),
        "event": row["type"],
        "mode": row["mode"],
        "context": [],
        "event_loc": _place(row),
        "event_text": row["sentence"],
        "quad_code": row["quad_class"],
        "size": {"dead": row["fatalities"], "injured": row["injured"], "arrested": row["arrested"]},
        "text_info": {
            "document_id": row["doc_id"],
            "sentence_span": _span(row, "sentence"),
            "event_span": _span(row, "span"),
            "actor_span": _span(row, "source"),
            "recipient_span": _span(row, "target"),
            "event_loc_span": _span(row, "location"),
        },
        "cite_info": {
            "url": row["url"],
            "publisher": row["publisher"],
            "title": row["title"],
            "published": _iso(row["published"]),
            "source": row["doc_source"],
        },
        "newsevents": {
            "cameo": row["cameo"],
            "merged_id": row["merged_id"],
            "modality": row["modality"],
            "confidence": row["confidence"],
            "pattern": row["pattern"],
        },
    }


def records(store: Store, filters: EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """PLOVER records of the events passing ``filters``."""
    for row in _mentions(store, filters):
        yield record(row)


def _polecat_actor(row: dict[str, Any], prefix: str, label: str) -> dict[str, Any]:
    sector = row[f"{prefix}_sector"]
    return {
        f"{label} Name": row[f"{prefix}_name"],
        f"{label} Country": row[f"{prefix}_country"],
        f"{label} COW": None,
        f"Primary {label} Sector": sector,
        f"{label} Sectors": sector,
        f"{label} Title": None,
        f"{label} Name Raw": row[f"{prefix}_text"],
        f"Wikipedia {label} ID": None,
    }


def _polecat_row(row: dict[str, Any], version: str) -> dict[str, Any]:
    kind = row["location_kind"]
    country = codebooks.countries().get(row["location_country"] or "")
    return {
        "Event ID": row["id"],
        "Event Date": _iso(row["date"]),
        "Event Type": row["type"],
        "Event Mode": row["mode"],
        "Event Intensity": None,
        "Quad Code": row["quad_class"],
        "Contexts": None,
        **_polecat_actor(row, "source", "Actor"),
        **_polecat_actor(row, "target", "Recipient"),
        "Placename": row["location_name"],
        "City": row["location_name"] if kind == "city" else None,
        "District": None,
        "Province": row["location_name"] if kind == "admin" else None,
        "Country": country.name if country else None,
        "Latitude": row["location_lat"],
        "Longitude": row["location_lon"],
        "GeoNames ID": row["location_geonameid"],
        "Raw Placename": row["location_text"],
        "Feature Type": kind,
        "Source": row["publisher"],
        "Publication Date": _iso(row["published"]),
        "Story People": row["story_people"],
        "Story Organizations": row["story_organizations"],
        "Story Locations": row["story_places"],
        "Language": "en",
        "Version": version,
    }


def polecat_table(store: Store, filters: EventFilter | None = None) -> pa.Table:
    """The events passing ``filters`` in the POLECAT release layout."""
    from importlib.metadata import version

    mine = f"newsevents {version('newsevents')}"
    return codebooks.table(POLECAT, [_polecat_row(r, mine) for r in _mentions(store, filters)])
