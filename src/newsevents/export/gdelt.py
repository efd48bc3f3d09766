"""GDELT 2.0 exports: the event table (61 columns, one row per merged event) and the mentions
table (16 columns, one row per event mention), in the layouts of ``data/exports/gdelt_*.csv``.

A merged event is GDELT's event: the same happening reported by several documents, with its
mention, source and article counts. Negated events ("did not attack") are not events in GDELT's
sense and are left out; so are undated events (no date in the text and no publication date:
SQLDATE has no honest value) and their mentions, counted. Fields newsevents has no honest
value for (AvgTone, the actors' places, sentence numbers) stay empty; the codebook files say
why for each column.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from newsevents.export import codebooks
from newsevents.export.acled import event_date
from newsevents.store import EventFilter, Store

EVENTS = "gdelt_events"
MENTIONS = "gdelt_mentions"


def global_event_id(merged_id: str) -> int:
    """GDELT's integer id for a merged event: its hex id's first 15 digits, a number below
    2**60, so it fits the signed 64-bit integer GDELT readers expect."""
    return int(merged_id[:15], 16)


@dataclass(frozen=True, slots=True)
class GdeltExport:
    events: pa.Table
    mentions: pa.Table
    without_date: int  # merged events with neither a date nor a publication date, left out


def tables(store: Store, filters: EventFilter | None = None) -> GdeltExport:
    """The event and mentions tables of the merged events that a mention passing ``filters``
    belongs to (every mention of those events is in the mentions table)."""
    merged = [m for m in store.merged_events(filters=filters) if not m["negated"]]
    dated = [m for m in merged if event_date(m) is not None]
    by_merged: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.mention_rows(filters=filters, of_merged=True):
        by_merged[row["merged_id"]].append(row)
    events, mentions = [], []
    for event in dated:
        rows = by_merged[event["id"]]
        added = _timestamp(min(r["stored_at"] for r in rows))
        events.append(_event_row(event, rows, added))
        mentions += [_mention_row(event["id"], row, added) for row in rows]
    return GdeltExport(
        codebooks.table(EVENTS, events),
        codebooks.table(MENTIONS, mentions),
        len(merged) - len(dated),
    )


def _timestamp(value: dt.datetime) -> int:
    """GDELT's YYYYMMDDHHMMSS, in UTC."""
    return int(value.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S"))


def _actor(ref: dict[str, Any] | None, prefix: str) -> dict[str, Any]:
    country = (ref or {}).get("country")
    sector = (ref or {}).get("sector")
    # An IGO's code (UNO, EEC, NAT) is GDELT's KnownGroupCode, as CAMEO codes international
    # organisations; the store keeps it apart from the country.
    igo = (ref or {}).get("igo")
    values: dict[str, Any] = {
        "Code": ((country or igo or "") + (sector or "")) or None,
        "Name": (ref or {}).get("name"),
        "CountryCode": country,
        "KnownGroupCode": igo,
        "EthnicCode": None,
        "Religion1Code": None,
        "Religion2Code": None,
        "Type1Code": sector,
        "Type2Code": None,
        "Type3Code": None,
    }
    return {f"{prefix}{key}": value for key, value in values.items()}


def _no_geo(prefix: str) -> dict[str, Any]:
    fields = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long")
    return {f"{prefix}Geo_{f}": None for f in (*fields, "FeatureID")}


def _action_geo(event: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    location = event.get("location")
    if not location:
        return _no_geo("Action")
    # The merged view keeps the place's id, name, country and coordinates; its kind and
    # GeoNames id come from a mention that names the same place.
    same = next(r for r in rows if r["location_id"] == location["id"])
    country = codebooks.countries().get(location["country"] or "")
    kind = same["location_kind"]
    full_name = location["name"]
    if country and kind != "country":
        full_name = f"{location['name']}, {country.name}"
    geonameid = same["location_geonameid"]
    return {
        "ActionGeo_Type": codebooks.code("gdelt_geo_type", kind, location["country"]),
        "ActionGeo_FullName": full_name,
        "ActionGeo_CountryCode": country.iso2 if country else None,
        "ActionGeo_ADM1Code": None,
        "ActionGeo_ADM2Code": None,
        "ActionGeo_Lat": location["lat"],
        "ActionGeo_Long": location["lon"],
        "ActionGeo_FeatureID": str(geonameid) if geonameid is not None else None,
    }


def _event_row(event: dict[str, Any], rows: list[dict[str, Any]], added: int) -> dict[str, Any]:
    # GDELT dates an event by its text, else by when it was reported.
    date = event_date(event)
    assert date is not None  # undated events are left out before
    day = dt.date.fromisoformat(date)
    cameo = event["cameo"] or None
    first = rows[0]
    return {
        "GLOBALEVENTID": global_event_id(event["id"]),
        "SQLDATE": int(day.strftime("%Y%m%d")),
        "MonthYear": int(day.strftime("%Y%m")),
        "Year": day.year,
        "FractionDate": round(day.year + day.timetuple().tm_yday / 365, 4),
        **_actor(event["source"], "Actor1"),
        **_actor(event["target"], "Actor2"),
        "IsRootEvent": int(any(r["sentence_start"] < r["lead_end"] for r in rows)),
        "EventCode": cameo,
        "EventBaseCode": cameo[:3] if cameo else None,
        "EventRootCode": cameo[:2] if cameo else None,
        "QuadClass": event["quad_class"],
        "GoldsteinScale": codebooks.goldstein_of(cameo),
        "NumMentions": event["num_mentions"],
        "NumSources": event["num_sources"],
        "NumArticles": event["num_articles"],
        "AvgTone": None,
        **_no_geo("Actor1"),
        **_no_geo("Actor2"),
        **_action_geo(event, rows),
        "DATEADDED": added,
        "SOURCEURL": first["url"] or first["doc_source"],
    }


def _inside(row: dict[str, Any], prefix: str) -> bool:
    start = row[f"{prefix}_start"]
    return start is None or (
        row["sentence_start"] <= start and row[f"{prefix}_end"] <= row["sentence_end"]
    )


def _mention_row(merged_id: str, row: dict[str, Any], added: int) -> dict[str, Any]:
    return {
        "GLOBALEVENTID": global_event_id(merged_id),
        "EventTimeDate": added,
        "MentionTimeDate": _timestamp(row["stored_at"]),
        "MentionType": 1 if row["url"] else None,
        "MentionSourceName": row["publisher"],
        "MentionIdentifier": row["url"] or row["doc_source"],
        "SentenceID": None,
        "Actor1CharOffset": row["source_start"],
        "Actor2CharOffset": row["target_start"],
        "ActionCharOffset": row["span_start"],
        # Found in the sentence as written, without resolving an actor from elsewhere.
        "InRawText": int(_inside(row, "source") and _inside(row, "target")),
        "Confidence": round(row["confidence"] * 100),
        "MentionDocLen": row["doc_length"],
        "MentionDocTone": None,
        "MentionDocTranslationInfo": None,
        "Extras": None,
    }
