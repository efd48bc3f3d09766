"""ACLED-style CSV: the 31 columns of an ACLED export (``data/exports/acled.csv``), one row per
merged event whose PLOVER type and mode ACLED records (``data/exports/plover_acled.csv``:
political violence, demonstrations, some strategic developments). The others (talks, aid,
accusations...) have no ACLED event; they are left out and counted. So are undated events (no
date in the text and no publication date): an ACLED row is dated, and no date is honest for
them.

Where the reports of one event differ, ACLED's own conventions decide: the lowest reported
fatality count, every source named, the precision codes of the place and the date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from newsevents.export import codebooks
from newsevents.store import EventFilter, Store

ACLED = "acled"


@dataclass(frozen=True, slots=True)
class AcledExport:
    table: pa.Table
    without_type: int  # merged events with no ACLED event type, left out
    without_date: int  # merged events with neither a date nor a publication date, left out


def export(store: Store, filters: EventFilter | None = None) -> AcledExport:
    """The ACLED table of the merged events that a mention passing ``filters`` belongs to."""
    by_merged: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.mention_rows(filters=filters, of_merged=True):
        by_merged[row["merged_id"]].append(row)
    rows, without_type, without_date = [], 0, 0
    for event in store.merged_events(filters=filters):
        if event["negated"]:
            continue
        found = codebooks.acled_type(event["type"], event["mode"])
        if found is None:
            without_type += 1
        elif event_date(event) is None:
            without_date += 1
        else:
            rows.append(_row(event, by_merged[event["id"]], found))
    return AcledExport(codebooks.table(ACLED, rows), without_type, without_date)


def event_date(event: dict[str, Any]) -> str | None:
    """A merged event's ISO date: the text's, else its first publication date (GDELT and
    ACLED date a report by when it appeared); None when the documents have neither."""
    return event["date"] or event["first_seen"]


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: both actor types, the lower first; one actor alone with 0."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _row(
    event: dict[str, Any], mentions: list[dict[str, Any]], kind: codebooks.AcledType
) -> dict[str, Any]:
    location = event["location"] or {}
    place_kind = next(
        (m["location_kind"] for m in mentions if m["location_id"] == location.get("id")), None
    )
    if any(
        m.get("location_located_by") for m in mentions if m["location_id"] == location.get("id")
    ):
        place_kind = "located"  # a site mapped at its town: near the town, precision 2
    country = codebooks.countries().get(location.get("country") or "")
    source = event["source"] or {}
    target = event["target"] or {}
    inter1 = kind.actor1_inter
    if inter1 is None:
        inter1 = codebooks.code("acled_inter", source.get("sector"))
    inter2 = codebooks.code("acled_inter", target.get("sector"))
    date = event_date(event)
    assert date is not None  # undated events are left out before
    reported = [m["fatalities"] for m in mentions if m["fatalities"] is not None]
    publishers = list(dict.fromkeys(m["publisher"] for m in mentions if m["publisher"]))
    violent = kind.disorder_type == "Political violence"
    return {
        "event_id_cnty": (country.iso3 if country else "") + event["id"],
        "event_date": date,
        "year": int(date[:4]),
        # A date the text does not give (the publication date stands in) has no precision.
        "time_precision": codebooks.code("acled_time_precision", event["date_precision"]),
        "disorder_type": kind.disorder_type,
        "event_type": kind.event_type,
        "sub_event_type": kind.sub_event_type,
        "actor1": source.get("name"),
        "assoc_actor_1": None,
        "inter1": inter1 if source or kind.actor1_inter else None,
        "actor2": target.get("name"),
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": _interaction(inter1 if source or kind.actor1_inter else None, inter2),
        "civilian_targeting": (
            "Civilian targeting" if violent and target.get("sector") == "CVL" else None
        ),
        "iso": country.numeric if country else None,
        "region": None,
        "country": country.name if country else None,
        "admin1": location.get("name") if place_kind == "admin" else None,
        "admin2": None,
        "admin3": None,
        "location": location.get("name"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "geo_precision": codebooks.code("acled_geo_precision", place_kind),
        "source": "; ".join(publishers) or None,
        "source_scale": None,
        "notes": mentions[0]["sentence"] if mentions else None,
        # ACLED codes the most conservative report, and 0 when none gives a number.
        "fatalities": min(reported) if reported else 0,
        "tags": None,
        "timestamp": int(min(m["stored_at"] for m in mentions).timestamp()),
    }
