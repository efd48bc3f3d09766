"""Plain, frozen record types that flow between stages.

No spaCy types live here, so every record pickles (for worker processes and Ray) and
serialises to JSON. Every offset points into ``Document.text``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One input article, decoded. ``text`` is what every offset in every record indexes."""

    doc_id: str
    text: str
    source: str
    format: str = "text"  # text | html | jsonl | rss | warc
    title: str | None = None
    published: dt.date | None = None
    published_from: str = "unknown"  # metadata | option | unknown
    url: str | None = None
    publisher: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Failure:
    """A document (or part of an input) that was skipped, and why."""

    source: str
    stage: str  # ingest | clean | nlp | store
    code: str  # NE0xx from errors.py
    reason: str
    doc_id: str | None = None

    def __post_init__(self) -> None:
        # A failure says what came from outside (a file name, a parser's message, an id):
        # each string is made storable (no lone surrogates, which no UTF-8 store or terminal
        # takes) and capped, so a hostile input cannot bloat the store or the terminal.
        for name, cap in (("source", SOURCE_CAP), ("reason", REASON_CAP), ("doc_id", SOURCE_CAP)):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, printable(value, cap))


SOURCE_CAP = 1_000
REASON_CAP = 500
_SURROGATES = re.compile("[\x00\ud800-\udfff]")


def printable(value: object, cap: int) -> str:
    """``value`` as a string any UTF-8 sink takes (a lone surrogate, as a file name that is not
    UTF-8 decodes to, becomes U+FFFD), at most ``cap`` characters (cut ones end in "…")."""
    text = str(value)
    if len(text) > cap:
        text = text[: cap - 1] + "…"
    return _SURROGATES.sub("\ufffd", text)


@dataclass(frozen=True, slots=True)
class Removed:
    """A stretch of ``Document.text`` that cleaning masked out, with the reason."""

    start: int
    end: int
    reason: str  # copyright | byline | attribution | read_more | ...


@dataclass(frozen=True, slots=True)
class CleanDocument:
    """A document with its boilerplate masked.

    ``body`` has exactly the length of ``document.text``: removed characters are replaced by
    spaces (newlines kept), so offsets in ``body`` are offsets in ``document.text``.
    """

    document: Document
    body: str
    removed: tuple[Removed, ...] = ()
    attributions: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorRef:
    id: str
    name: str
    country: str | None  # ISO3, or None (never an IGO's code: that is ``igo``)
    sector: str | None
    igo: str | None = None  # an intergovernmental organisation's code: UNO, NAT, EEC...


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    country: str | None
    sector: str | None
    kind: str  # person | organization | country | group
    mentions: tuple[tuple[int, int], ...]
    entry: str | None = None  # dictionary entry that coded it (file:line or id)
    igo: str | None = None  # as ActorRef.igo

    def ref(self) -> ActorRef:
        return ActorRef(self.id, self.name, self.country, self.sector, self.igo)


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    kind: str  # country | admin | city | facility | airport | region
    span: tuple[int, int]
    # As the document writes it ("Britain", "KAMPALA"); ``name`` is the place's own name.
    text: str | None = None
    # The town whose coordinates stand in for a site no gazetteer knows ("Tahrir Square" in a
    # Baghdad story): its place id. None when the place is geocoded on its own.
    located_by: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    doc_id: str
    type: str  # PLOVER
    mode: str | None
    cameo: str | None
    quad_class: int | None
    source: ActorRef | None
    target: ActorRef | None
    location: Place | None
    date: str | None  # ISO date, first day of the period for month/year precision
    date_precision: str | None  # day | week | month | year
    negated: bool
    modality: str  # asserted | intent | hypothetical
    fatalities: int | None
    injured: int | None
    arrested: int | None
    sentence: str
    sentence_span: tuple[int, int]
    span: tuple[int, int]  # trigger
    source_span: tuple[int, int] | None
    target_span: tuple[int, int] | None
    confidence: float
    pattern: str | None = None
    # Where the date came from: "text" (a date expression) or "published" (the fallback).
    date_source: str | None = None
    # The id of the earlier event of the document this one only restates ("The attack came
    # ..." after "Gunmen attacked ..."): a second mention of that event, not an event of its own.
    restates: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: ActorRef | None
    span: tuple[int, int]
    speaker_span: tuple[int, int] | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure as written ("over 4%") and as read: value 4.0, unit percent, more_than."""

    text: str
    value: float
    unit: str | None  # percent | points | money | the counted noun's lemma ("troop")
    currency: str | None  # ISO 4217, for money
    qualifier: str | None  # approximate | at_least | more_than | at_most | less_than
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Claim:
    """A numeric claim: who asserts which figure about what, with the evidence spans."""

    id: str
    doc_id: str
    quantity: Quantity
    subject: str | None  # the measured subject as written
    subject_span: tuple[int, int] | None
    direction: str | None  # up | down | none
    change: str | None  # change | level | multiply | from-to | previous
    change_text: str | None  # "grown by"
    change_span: tuple[int, int] | None
    previous: float | None  # the "from" value of "from X to Y"
    speaker: ActorRef | None
    speaker_text: str | None  # the speaker as written (a pronoun, "the ministry")
    speaker_span: tuple[int, int] | None
    cue: str | None  # reporting verb lemma, or "quote"
    date: str | None  # ISO date of the sentence's date expression
    date_precision: str | None
    date_span: tuple[int, int] | None  # that date expression in the text
    location: Place | None
    event_id: str | None  # the event whose count this figure is
    sentence: str
    sentence_span: tuple[int, int]
    span: tuple[int, int]  # from the first to the last piece of evidence


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything newsevents extracted from one document."""

    document: Document
    attributions: tuple[str, ...]
    flags: tuple[str, ...]
    removed: tuple[Removed, ...]
    actors: tuple[Actor, ...]
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
    places: tuple[Place, ...]
    claims: tuple[Claim, ...] = ()


# -- JSON shapes: one owner for each (extract --json, the store's queries, the API) -----------


def ref_json(ref: ActorRef | None) -> dict[str, Any] | None:
    return None if ref is None else asdict(ref)


def place_json(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "id": place.id,
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "kind": place.kind,
        "text": place.text,
        "located_by": place.located_by,
        "span": list(place.span),
    }


def event_json(event: Event) -> dict[str, Any]:
    """The one JSON shape of an event: ``extract --json`` prints it, the store's queries and
    the API return it (plus where the store holds it), exports read it."""
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "cameo": event.cameo,
        "quad_class": event.quad_class,
        "source": ref_json(event.source),
        "target": ref_json(event.target),
        "location": place_json(event.location),
        "date": event.date,
        "date_precision": event.date_precision,
        "date_source": event.date_source,
        "negated": event.negated,
        "modality": event.modality,
        "fatalities": event.fatalities,
        "injured": event.injured,
        "arrested": event.arrested,
        "sentence": event.sentence,
        "sentence_span": list(event.sentence_span),
        "span": list(event.span),
        "source_span": list(event.source_span) if event.source_span else None,
        "target_span": list(event.target_span) if event.target_span else None,
        "confidence": event.confidence,
        "pattern": event.pattern,
        "restates": event.restates,
    }


def actor_code(ref: dict[str, Any] | None) -> str:
    """An actor's codes as analysts write them, "RUS GOV"; an IGO's code stands where a
    country's would ("EEC IGO"); "" for no actor or one without codes."""
    if not ref:
        return ""
    side = ref.get("country") or ref.get("igo")
    return " ".join(x for x in (side, ref.get("sector")) if x)


def event_csv_row(event: dict[str, Any]) -> dict[str, Any]:
    """An event's JSON (``event_json``, a stored or a merged event) as one flat CSV row: the
    columns of ``newsevents events --format csv`` and of the API's ``format=csv``."""

    location = event.get("location") or {}
    code = actor_code
    return {
        "date": event.get("date") or "",
        "type": event["type"],
        "mode": event.get("mode") or "",
        "cameo": event.get("cameo") or "",
        "source": (event.get("source") or {}).get("name", ""),
        "source_code": code(event.get("source")),
        "target": (event.get("target") or {}).get("name", ""),
        "target_code": code(event.get("target")),
        "location": location.get("name", ""),
        "modality": event.get("modality", ""),
        "negated": event.get("negated", False),
        "document_id": event.get("document_id", ""),
        "id": event["id"],
    }


def _pair_json(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span else None


def claim_json(claim: Claim) -> dict[str, Any]:
    """The one JSON shape of a numeric claim (``extract --json``, ``newsevents claims``, the
    store's queries)."""
    q = claim.quantity
    return {
        "id": claim.id,
        "quantity": {
            "text": q.text,
            "value": q.value,
            "unit": q.unit,
            "currency": q.currency,
            "qualifier": q.qualifier,
            "span": list(q.span),
        },
        "subject": claim.subject,
        "subject_span": _pair_json(claim.subject_span),
        "direction": claim.direction,
        "change": claim.change,
        "change_text": claim.change_text,
        "change_span": _pair_json(claim.change_span),
        "previous": claim.previous,
        "speaker": ref_json(claim.speaker),
        "speaker_text": claim.speaker_text,
        "speaker_span": _pair_json(claim.speaker_span),
        "cue": claim.cue,
        "date": claim.date,
        "date_precision": claim.date_precision,
        "date_span": _pair_json(claim.date_span),
        "location": place_json(claim.location),
        "event_id": claim.event_id,
        "sentence": claim.sentence,
        "sentence_span": list(claim.sentence_span),
        "span": list(claim.span),
    }
