"""The row layout: the tables, their Arrow schemas, and every record <-> row mapping.

A batch of records becomes one Arrow table per DuckDB table (``_batch_tables``, with the
explicit schemas in ``_ARROW``), which the store inserts and ``scale`` writes as Parquet; a
stored row becomes a record again (``event_from_row``, ``ref_from_row``, ``pair_from_row``)
or a JSON-ready dict (``_event_json``, ``_ref_json``, ``_span``), for the store's queries and
for reading Parquet output back (``scale.load``). Both directions live here so that they
cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from newsevents.dedup import NUM_PERM, content_hash, signature
from newsevents.errors import StoreError
from newsevents.models import (
    ActorRef,
    Claim,
    Document,
    Event,
    Extraction,
    Failure,
    Place,
    Quantity,
    Quote,
    Removed,
    claim_json,
    event_json,
    ref_json,
)

# Tables in the order a batch writes them: the documents row last, so a document counts as
# stored only once its child rows are in (all inside one transaction anyway).
CHILD_TABLES = ("actors", "events", "quotes", "places", "claims")
# The columns of a stored document that recoding it may change: what cleaning found and the
# publication date (``--published``). Its id, text and story stay.
RECODED_COLUMNS = ("published", "published_from", "publisher", "attributions", "flags", "removed")
TABLES = ("documents", *CHILD_TABLES, "failures", "runs")


def _pair_columns(prefix: str) -> list[tuple[str, pa.DataType]]:
    return [(f"{prefix}_start", pa.int32()), (f"{prefix}_end", pa.int32())]


_LOCATION_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("location_id", pa.string()),
    ("location_name", pa.string()),
    ("location_country", pa.string()),
    ("location_lat", pa.float64()),
    ("location_lon", pa.float64()),
    ("location_geonameid", pa.int64()),
    ("location_kind", pa.string()),
    ("location_start", pa.int32()),
    ("location_end", pa.int32()),
    ("location_text", pa.string()),
    ("location_located_by", pa.string()),
]

_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32())])
_REMOVED = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("reason", pa.string())])


# The fields of an actor reference, in ActorRef's order: one list for columns and rows.
_REF_FIELDS = ("id", "name", "country", "sector", "igo")


def _ref_columns(prefix: str) -> list[tuple[str, pa.DataType]]:
    return [(f"{prefix}_{f}", pa.string()) for f in _REF_FIELDS]


# Explicit Arrow schemas, so an empty batch still has typed columns that DuckDB can insert.
_ARROW: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("doc_id", pa.string()),
            ("source", pa.string()),
            ("format", pa.string()),
            ("title", pa.string()),
            ("url", pa.string()),
            ("publisher", pa.string()),
            ("published", pa.date32()),
            ("published_from", pa.string()),
            ("attributions", pa.list_(pa.string())),
            ("flags", pa.list_(pa.string())),
            ("removed", pa.list_(_REMOVED)),
            ("meta", pa.string()),
            ("text", pa.string()),
            ("run_id", pa.string()),
            ("content_hash", pa.string()),
            ("signature", pa.list_(pa.uint32(), NUM_PERM)),
        ]
    ),
    "actors": pa.schema(
        [
            ("doc_id", pa.string()),
            ("actor_id", pa.string()),
            ("name", pa.string()),
            ("country", pa.string()),
            ("sector", pa.string()),
            ("igo", pa.string()),
            ("kind", pa.string()),
            ("entry", pa.string()),
            ("mentions", pa.list_(_SPAN)),
        ]
    ),
    "events": pa.schema(
        [
            ("id", pa.string()),
            ("doc_id", pa.string()),
            ("type", pa.string()),
            ("mode", pa.string()),
            ("cameo", pa.string()),
            ("quad_class", pa.int8()),
            *_ref_columns("source"),
            *_ref_columns("target"),
            *_LOCATION_COLUMNS,
            ("date", pa.date32()),
            ("date_precision", pa.string()),
            ("date_source", pa.string()),
            ("negated", pa.bool_()),
            ("modality", pa.string()),
            ("fatalities", pa.int32()),
            ("injured", pa.int32()),
            ("arrested", pa.int32()),
            ("sentence", pa.string()),
            ("sentence_start", pa.int32()),
            ("sentence_end", pa.int32()),
            ("span_start", pa.int32()),
            ("span_end", pa.int32()),
            ("source_start", pa.int32()),
            ("source_end", pa.int32()),
            ("target_start", pa.int32()),
            ("target_end", pa.int32()),
            ("confidence", pa.float64()),
            ("pattern", pa.string()),
            ("restates", pa.string()),
        ]
    ),
    "quotes": pa.schema(
        [
            ("doc_id", pa.string()),
            ("span_start", pa.int32()),
            ("span_end", pa.int32()),
            ("text", pa.string()),
            *_ref_columns("speaker"),
            ("speaker_start", pa.int32()),
            ("speaker_end", pa.int32()),
            ("cue", pa.string()),
        ]
    ),
    "places": pa.schema(
        [
            ("doc_id", pa.string()),
            ("span_start", pa.int32()),
            ("span_end", pa.int32()),
            ("place_id", pa.string()),
            ("name", pa.string()),
            ("country", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("geonameid", pa.int64()),
            ("kind", pa.string()),
            ("text", pa.string()),
            ("located_by", pa.string()),
        ]
    ),
    "claims": pa.schema(
        [
            ("id", pa.string()),
            ("doc_id", pa.string()),
            ("quantity_text", pa.string()),
            ("value", pa.float64()),
            ("unit", pa.string()),
            ("currency", pa.string()),
            ("qualifier", pa.string()),
            *_pair_columns("quantity"),
            ("subject", pa.string()),
            *_pair_columns("subject"),
            ("direction", pa.string()),
            ("change", pa.string()),
            ("change_text", pa.string()),
            *_pair_columns("change"),
            ("previous", pa.float64()),
            *_ref_columns("speaker"),
            ("speaker_text", pa.string()),
            *_pair_columns("speaker"),
            ("cue", pa.string()),
            ("date", pa.date32()),
            ("date_precision", pa.string()),
            *_pair_columns("date"),
            *_LOCATION_COLUMNS,
            ("event_id", pa.string()),
            ("sentence", pa.string()),
            *_pair_columns("sentence"),
            *_pair_columns("span"),
        ]
    ),
    "failures": pa.schema(
        [
            ("id", pa.string()),
            ("source", pa.string()),
            ("stage", pa.string()),
            ("code", pa.string()),
            ("reason", pa.string()),
            ("doc_id", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
}


# -- records to Arrow ----------------------------------------------------------------------


def _batch_tables(
    extractions: Sequence[Extraction], failures: Sequence[Failure], run_id: str | None
) -> dict[str, pa.Table]:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _ARROW}
    seen: set[str] = set()
    for x in extractions:
        doc_id = x.document.doc_id
        # The first copy of a document in a batch wins, as a stored copy wins over a later one.
        if doc_id in seen:
            continue
        seen.add(doc_id)
        rows["documents"].append(_document_row(x, run_id))
        rows["actors"] += [
            {
                "doc_id": doc_id,
                "actor_id": a.id,
                "name": a.name,
                "country": a.country,
                "sector": a.sector,
                "igo": a.igo,
                "kind": a.kind,
                "entry": a.entry,
                "mentions": [{"start": s, "end": e} for s, e in a.mentions],
            }
            for a in x.actors
        ]
        rows["events"] += [_event_row(doc_id, e) for e in x.events]
        rows["quotes"] += [_quote_row(doc_id, q) for q in x.quotes]
        rows["places"] += [_place_row(doc_id, p) for p in x.places]
        rows["claims"] += [_claim_row(doc_id, c) for c in x.claims]
    rows["failures"] = [_failure_row(f, run_id) for f in failures]
    return {name: pa.Table.from_pylist(rows[name], schema=_ARROW[name]) for name in _ARROW}


def _body(text: str, removed: Sequence[Removed] | Sequence[dict[str, Any]]) -> str:
    """The text with its removed boilerplate blanked out, as cleaning gave it to the NLP."""
    ranges = sorted(
        (r["start"], r["end"]) if isinstance(r, dict) else (r.start, r.end) for r in removed
    )
    pieces, position = [], 0
    for start, end in ranges:
        pieces.append(text[position : max(start, position)])
        position = max(position, end)
        pieces.append(" ")
    pieces.append(text[position:])
    return "".join(pieces)


def _document_row(x: Extraction, run_id: str | None) -> dict[str, Any]:
    d = x.document
    body = _body(d.text, x.removed)
    published = d.published
    # A datetime is a date too; the store keeps the day.
    if isinstance(published, dt.datetime):
        published = published.date()
    return {
        "doc_id": d.doc_id,
        "source": d.source,
        "format": d.format,
        "title": d.title,
        "url": d.url,
        # Without publisher metadata, the publisher is the one the text credits itself to
        # (its first copyright/attribution line), so syndicated copies count as sources.
        "publisher": d.publisher or (x.attributions[0] if x.attributions else None),
        "published": published,
        "published_from": d.published_from,
        "attributions": list(x.attributions),
        "flags": list(x.flags),
        "removed": [{"start": r.start, "end": r.end, "reason": r.reason} for r in x.removed],
        "meta": json.dumps(d.meta, sort_keys=True, default=str),
        "text": d.text,
        "run_id": run_id,
        "content_hash": content_hash(body),
        "signature": signature(body),
    }


def document_from_row(row: dict[str, Any]) -> Document:
    """The ``Document`` a ``documents`` row was written from (``_document_row`` backwards)."""
    return Document(
        doc_id=row["doc_id"],
        text=row["text"],
        source=row["source"],
        format=row["format"],
        title=row["title"],
        published=row["published"],
        published_from=row["published_from"],
        url=row["url"],
        publisher=row["publisher"],
        meta=json.loads(row["meta"]) if row["meta"] else {},
    )


def _ref_values(ref: ActorRef | None, prefix: str) -> dict[str, Any]:
    return {
        f"{prefix}_id": ref.id if ref else None,
        f"{prefix}_name": ref.name if ref else None,
        f"{prefix}_country": ref.country if ref else None,
        f"{prefix}_sector": ref.sector if ref else None,
        f"{prefix}_igo": ref.igo if ref else None,
    }


def _pair(span: tuple[int, int] | None, prefix: str) -> dict[str, int | None]:
    return {
        f"{prefix}_start": span[0] if span else None,
        f"{prefix}_end": span[1] if span else None,
    }


def _location_values(place: Place | None) -> dict[str, Any]:
    return {
        "location_id": place.id if place else None,
        "location_name": place.name if place else None,
        "location_country": place.country if place else None,
        "location_lat": place.lat if place else None,
        "location_lon": place.lon if place else None,
        "location_geonameid": place.geonameid if place else None,
        "location_kind": place.kind if place else None,
        **_pair(place.span if place else None, "location"),
        "location_text": place.text if place else None,
        "location_located_by": place.located_by if place else None,
    }


def _place_row(doc_id: str, p: Place) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        **_pair(p.span, "span"),
        "place_id": p.id,
        "name": p.name,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "geonameid": p.geonameid,
        "kind": p.kind,
        "text": p.text,
        "located_by": p.located_by,
    }


def _event_row(doc_id: str, e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "doc_id": doc_id,
        "type": e.type,
        "mode": e.mode,
        "cameo": e.cameo,
        "quad_class": e.quad_class,
        **_ref_values(e.source, "source"),
        **_ref_values(e.target, "target"),
        **_location_values(e.location),
        "date": _event_date(doc_id, e),
        "date_precision": e.date_precision,
        "date_source": e.date_source,
        "negated": e.negated,
        "modality": e.modality,
        "fatalities": e.fatalities,
        "injured": e.injured,
        "arrested": e.arrested,
        "sentence": e.sentence,
        **_pair(e.sentence_span, "sentence"),
        **_pair(e.span, "span"),
        **_pair(e.source_span, "source"),
        **_pair(e.target_span, "target"),
        "confidence": e.confidence,
        "pattern": e.pattern,
        "restates": e.restates,
    }


def _event_date(doc_id: str, e: Event) -> dt.date | None:
    if e.date is None:
        return None
    try:
        return dt.date.fromisoformat(e.date)
    except ValueError as exc:
        raise StoreError(
            f"event {e.id} of document {doc_id} has date {e.date!r}, not an ISO date",
            doc_id=doc_id,
        ) from exc


def _quote_row(doc_id: str, q: Quote) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        **_pair(q.span, "span"),
        "text": q.text,
        **_ref_values(q.speaker, "speaker"),
        **_pair(q.speaker_span, "speaker"),
        "cue": q.cue,
    }


def _claim_row(doc_id: str, c: Claim) -> dict[str, Any]:
    q = c.quantity
    return {
        "id": c.id,
        "doc_id": doc_id,
        "quantity_text": q.text,
        "value": q.value,
        "unit": q.unit,
        "currency": q.currency,
        "qualifier": q.qualifier,
        **_pair(q.span, "quantity"),
        "subject": c.subject,
        **_pair(c.subject_span, "subject"),
        "direction": c.direction,
        "change": c.change,
        "change_text": c.change_text,
        **_pair(c.change_span, "change"),
        "previous": c.previous,
        **_ref_values(c.speaker, "speaker"),
        "speaker_text": c.speaker_text,
        **_pair(c.speaker_span, "speaker"),
        "cue": c.cue,
        "date": dt.date.fromisoformat(c.date) if c.date else None,
        "date_precision": c.date_precision,
        **_pair(c.date_span, "date"),
        **_location_values(c.location),
        "event_id": c.event_id,
        "sentence": c.sentence,
        **_pair(c.sentence_span, "sentence"),
        **_pair(c.span, "span"),
    }


def _failure_row(f: Failure, run_id: str | None) -> dict[str, Any]:
    key = "\x1f".join((f.source, f.stage, f.code, f.reason, f.doc_id or ""))
    return {
        "id": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32],
        "source": f.source,
        "stage": f.stage,
        "code": f.code,
        "reason": f.reason,
        "doc_id": f.doc_id,
        "run_id": run_id,
    }


# -- rows to JSON --------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _span(row: dict[str, Any], prefix: str) -> list[int] | None:
    start = row[f"{prefix}_start"]
    return None if start is None else [start, row[f"{prefix}_end"]]


def _ref_json(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    return ref_json(ref_from_row(row, prefix))


def pair_from_row(row: dict[str, Any], prefix: str) -> tuple[int, int] | None:
    start = row[f"{prefix}_start"]
    return None if start is None else (start, row[f"{prefix}_end"])


def ref_from_row(row: dict[str, Any], prefix: str) -> ActorRef | None:
    if row[f"{prefix}_id"] is None:
        return None
    return ActorRef(*(row[f"{prefix}_{f}"] for f in _REF_FIELDS))


def _location_from_row(row: dict[str, Any]) -> Place | None:
    if row["location_id"] is None:
        return None
    return Place(
        id=row["location_id"],
        name=row["location_name"],
        country=row["location_country"],
        lat=row["location_lat"],
        lon=row["location_lon"],
        geonameid=row["location_geonameid"],
        kind=row["location_kind"],
        span=pair_from_row(row, "location") or (0, 0),
        text=row.get("location_text"),
        located_by=row.get("location_located_by"),
    )


def place_from_row(row: dict[str, Any]) -> Place:
    """The place a places row was written from (``_place_row`` the other way)."""
    return Place(
        id=row["place_id"],
        name=row["name"],
        country=row["country"],
        lat=row["lat"],
        lon=row["lon"],
        geonameid=row["geonameid"],
        kind=row["kind"],
        span=(row["span_start"], row["span_end"]),
        text=row.get("text"),
        located_by=row.get("located_by"),
    )


def event_from_row(row: dict[str, Any]) -> Event:
    """The record an events row was written from (``_event_row`` the other way), for the
    store's queries and for reading Parquet output back (``scale``)."""
    location = _location_from_row(row)
    return Event(
        id=row["id"],
        doc_id=row["doc_id"],
        type=row["type"],
        mode=row["mode"],
        cameo=row["cameo"],
        quad_class=row["quad_class"],
        source=ref_from_row(row, "source"),
        target=ref_from_row(row, "target"),
        location=location,
        date=row["date"].isoformat() if row["date"] else None,
        date_precision=row["date_precision"],
        date_source=row.get("date_source"),
        negated=row["negated"],
        modality=row["modality"],
        fatalities=row["fatalities"],
        injured=row["injured"],
        arrested=row["arrested"],
        sentence=row["sentence"],
        sentence_span=(row["sentence_start"], row["sentence_end"]),
        span=(row["span_start"], row["span_end"]),
        source_span=pair_from_row(row, "source"),
        target_span=pair_from_row(row, "target"),
        confidence=row["confidence"],
        pattern=row["pattern"],
        restates=row.get("restates"),
    )


def _event_json(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event in the one event shape (``records.event_json``, as ``extract --json``
    prints it), plus where the store holds it: its document and its merged event."""
    return {
        **event_json(event_from_row(row)),
        "document_id": row["doc_id"],
        "merged_id": row["merged_id"],
    }


def claim_from_row(row: dict[str, Any]) -> Claim:
    """The record a claims row was written from (``_claim_row`` the other way)."""
    return Claim(
        id=row["id"],
        doc_id=row["doc_id"],
        quantity=Quantity(
            text=row["quantity_text"],
            value=row["value"],
            unit=row["unit"],
            currency=row["currency"],
            qualifier=row["qualifier"],
            span=(row["quantity_start"], row["quantity_end"]),
        ),
        subject=row["subject"],
        subject_span=pair_from_row(row, "subject"),
        direction=row["direction"],
        change=row["change"],
        change_text=row["change_text"],
        change_span=pair_from_row(row, "change"),
        previous=row["previous"],
        speaker=ref_from_row(row, "speaker"),
        speaker_text=row["speaker_text"],
        speaker_span=pair_from_row(row, "speaker"),
        cue=row["cue"],
        date=row["date"].isoformat() if row["date"] else None,
        date_precision=row["date_precision"],
        date_span=pair_from_row(row, "date"),
        location=_location_from_row(row),
        event_id=row["event_id"],
        sentence=row["sentence"],
        sentence_span=(row["sentence_start"], row["sentence_end"]),
        span=(row["span_start"], row["span_end"]),
    )


def _claim_json(row: dict[str, Any]) -> dict[str, Any]:
    """A stored claim in the one claim shape (``models.claim_json``), plus its document."""
    return {**claim_json(claim_from_row(row)), "document_id": row["doc_id"]}
