"""The claims sheet: the stored numeric claims as one flat row each (``SHEET``, ``flat``), the
one layout of ``newsevents claims --format csv`` and of the sheet ``export`` writes beside an
ACLED CSV; beside PLOVER JSON Lines the claims go in their one JSON shape
(``models.claim_json``, as ``Store.claims`` returns them).

A claim is no event, so of the event filters only those that say which documents and which
days apply: ``document``, and ``since``/``until`` on the claim's date (an undated claim, like
an undated event, passes no date filter).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsevents.store import EventFilter, Store

# The sheet's columns: every scalar of the claim shape, flattened.
SHEET = (
    "id", "document_id", "quantity", "value", "unit", "currency", "qualifier", "subject",
    "direction", "change", "change_text", "previous", "speaker", "speaker_country",
    "speaker_sector", "speaker_text", "cue", "date", "date_precision", "location",
    "location_country", "event_id", "quantity_start", "quantity_end", "sentence",
)  # fmt: skip


def flat(claim: dict[str, Any]) -> dict[str, Any]:
    """One claim (``models.claim_json`` plus ``document_id``) as a flat sheet row."""
    quantity, speaker = claim["quantity"], claim["speaker"] or {}
    location = claim["location"] or {}
    return {
        "id": claim["id"],
        "document_id": claim.get("document_id"),
        "quantity": quantity["text"],
        "value": quantity["value"],
        "unit": quantity["unit"],
        "currency": quantity["currency"],
        "qualifier": quantity["qualifier"],
        "subject": claim["subject"],
        "direction": claim["direction"],
        "change": claim["change"],
        "change_text": claim["change_text"],
        "previous": claim["previous"],
        "speaker": speaker.get("name"),
        "speaker_country": speaker.get("country"),
        "speaker_sector": speaker.get("sector"),
        "speaker_text": claim["speaker_text"],
        "cue": claim["cue"],
        "date": claim["date"],
        "date_precision": claim["date_precision"],
        "location": location.get("name"),
        "location_country": location.get("country"),
        "event_id": claim["event_id"],
        "quantity_start": quantity["span"][0],
        "quantity_end": quantity["span"][1],
        "sentence": claim["sentence"],
    }


def sheet_csv(claims: Iterable[dict[str, Any]]) -> str:
    """The claims as the CSV sheet, header first."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(SHEET))
    writer.writeheader()
    writer.writerows(flat(c) for c in claims)
    return out.getvalue()


def selected(store: Store, filters: EventFilter | None = None) -> list[dict[str, Any]]:
    """The stored claims that the document and date filters of ``filters`` select."""
    filters = filters or EventFilter()
    return store.claims(document=filters.document, since=filters.since, until=filters.until)


def beside(path: Path, suffix: str) -> Path:
    """The claims sheet's file beside an export's: ``events.csv`` -> ``events.claims.csv``."""
    return path.with_name(f"{path.stem}.claims{path.suffix or suffix}")
