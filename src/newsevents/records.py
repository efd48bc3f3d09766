"""Annotated spaCy Doc → plain records. The only reader of every stage's annotations."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, replace
from typing import Any

from spacy.tokens import Doc

from newsevents.models import (
    Actor,
    ActorRef,
    Claim,
    CleanDocument,
    Event,
    Extraction,
    Place,
    Quantity,
    Quote,
    claim_json,
    event_json,
    place_json,
    ref_json,
)
from newsevents.nlp import (
    ACTORS,
    CLAIMS,
    DATES,
    EVENTS,
    IMPLIED_ACTORS,
    PLACES,
    QUOTES,
    ClaimMention,
    EventMention,
    PlaceMention,
)


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _actors(doc: Doc) -> dict[str, Actor]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for mention in doc._.get(ACTORS) or []:
        grouped.setdefault(mention["actor_id"], []).append(mention)
    actors: dict[str, Actor] = {}
    for actor_id, mentions in grouped.items():
        first = mentions[0]
        spans = tuple(sorted({(m["start"], m["end"]) for m in mentions}))
        igo = first.get("igo")
        actors[actor_id] = Actor(
            id=actor_id,
            name=first["name"],
            # An IGO is no country: its code has a field of its own.
            country=None if igo else first["country"],
            sector=first["sector"],
            kind=first["kind"],
            mentions=spans,
            entry=first.get("entry"),
            igo=igo,
        )
    # An actor an event implies and the text never names has no mention; it is an actor of the
    # record only while an event still refers to it (the learned stage may have dropped it).
    referred = {ev[key] for ev in doc._.get(EVENTS) or [] for key in ("source_id", "target_id")}
    for implied in doc._.get(IMPLIED_ACTORS) or []:
        if implied["actor_id"] in referred and implied["actor_id"] not in actors:
            actors[implied["actor_id"]] = Actor(
                id=implied["actor_id"],
                name=implied["name"],
                country=implied["country"],
                sector=implied["sector"],
                kind=implied["kind"],
                mentions=(),
                entry=implied["entry"],
            )
    return actors


def _place(mention: PlaceMention, text: str) -> Place:
    """The place of ``mention`` in the document ``text``."""
    return Place(
        id=mention["place_id"],
        name=mention["name"],
        country=mention["country"],
        lat=mention["lat"],
        lon=mention["lon"],
        geonameid=mention["geonameid"],
        kind=mention["kind"],
        span=(mention["start"], mention["end"]),
        text=text[mention["start"] : mention["end"]],
        located_by=mention.get("located_by"),
    )


def _event_place(event: EventMention, places: list[PlaceMention], text: str) -> Place | None:
    """The mention of the event's place nearest its trigger (an id can occur many times)."""
    if event["place_id"] is None:
        return None
    candidates = [p for p in places if p["place_id"] == event["place_id"]]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: abs(p["start"] - event["trigger_start"]))
    return _place(best, text)


def _with_restatements(events: list[Event]) -> list[Event]:
    """Mark each event that only restates an earlier one of the document: no source of its
    own, and the type and polarity of an earlier event that has a source, with the same
    target country where both name a target ("Gunmen attacked the village ... Twelve
    villagers were shot dead in the raid"). It stays a record, as a second mention of that
    event (coders code one event per action); one with an actor of its own is an event of
    its own."""
    marked: list[Event] = []
    for event in events:
        restated = None
        if event.source is None:
            restated = next(
                (
                    earlier.restates or earlier.id
                    for earlier in marked
                    if earlier.source is not None
                    and earlier.type == event.type
                    and earlier.negated == event.negated
                    and _same_country(earlier.target, event.target)
                ),
                None,
            )
        marked.append(replace(event, restates=restated) if restated else event)
    return marked


def _same_country(a: ActorRef | None, b: ActorRef | None) -> bool:
    return a is None or b is None or a.country == b.country


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)


def to_extraction(clean: CleanDocument, doc: Doc) -> Extraction:
    """Turn one annotated Doc (built from ``clean.body``) into records."""
    document = clean.document
    actors = _actors(doc)
    refs: dict[str, ActorRef] = {actor_id: actor.ref() for actor_id, actor in actors.items()}
    place_mentions: list[PlaceMention] = list(doc._.get(PLACES) or [])

    events = []
    for mention in doc._.get(EVENTS) or []:
        source = refs.get(mention["source_id"]) if mention["source_id"] else None
        target = refs.get(mention["target_id"]) if mention["target_id"] else None
        start, end = mention["sentence_start"], mention["sentence_end"]
        event_id = _digest(
            document.doc_id,
            mention["type"],
            mention["trigger_start"],
            mention["trigger_end"],
            mention["source_id"],
            mention["target_id"],
        )
        events.append(
            Event(
                id=event_id,
                doc_id=document.doc_id,
                type=mention["type"],
                mode=mention["mode"],
                cameo=mention["cameo"],
                quad_class=mention["quad_class"],
                source=source,
                target=target,
                location=_event_place(mention, place_mentions, doc.text),
                date=mention["date"],
                date_precision=mention["date_precision"],
                date_source=mention.get("date_source"),
                negated=mention["negated"],
                modality=mention["modality"],
                fatalities=mention["fatalities"],
                injured=mention["injured"],
                arrested=mention["arrested"],
                sentence=document.text[start:end].strip(),
                sentence_span=(start, end),
                span=(mention["trigger_start"], mention["trigger_end"]),
                source_span=_span(mention["source_start"], mention["source_end"]),
                target_span=_span(mention["target_start"], mention["target_end"]),
                confidence=mention["confidence"],
                pattern=mention["pattern"],
            )
        )

    events = _with_restatements(events)
    quotes = [
        Quote(
            text=document.text[q["start"] : q["end"]],
            speaker=refs.get(q["speaker_id"]) if q["speaker_id"] else None,
            span=(q["start"], q["end"]),
            speaker_span=_span(q["speaker_start"], q["speaker_end"]),
            cue=q["cue"],
        )
        for q in doc._.get(QUOTES) or []
    ]
    claims = _claims(document.doc_id, document.text, doc, refs, place_mentions, events)
    return Extraction(
        document=document,
        attributions=clean.attributions,
        flags=clean.flags,
        removed=clean.removed,
        actors=tuple(actors.values()),
        events=tuple(events),
        quotes=tuple(quotes),
        places=tuple(_place(p, doc.text) for p in place_mentions),
        claims=tuple(claims),
    )


def _claims(
    doc_id: str,
    text: str,
    doc: Doc,
    refs: dict[str, ActorRef],
    places: list[PlaceMention],
    events: list[Event],
) -> list[Claim]:
    dates = {(d["start"], d["end"]): d for d in doc._.get(DATES) or []}
    places_at = {(p["start"], p["end"]): p for p in places}
    event_at = {e.span: e.id for e in events}
    claims = []
    for c in doc._.get(CLAIMS) or []:
        c = ClaimMention(**c)
        quantity = (c["start"], c["end"])
        subject = _span(c["subject_start"], c["subject_end"])
        change = _span(c["change_start"], c["change_end"])
        speaker = _span(c["speaker_start"], c["speaker_end"])
        date = dates.get((c["date_start"], c["date_end"]))
        place = places_at.get((c["place_start"], c["place_end"]))
        evidence = [s for s in (quantity, subject, change, speaker) if s is not None]
        start, end = c["sentence_start"], c["sentence_end"]
        claims.append(
            Claim(
                id=_digest(doc_id, "claim", *quantity),
                doc_id=doc_id,
                quantity=Quantity(
                    text=text[quantity[0] : quantity[1]],
                    value=c["value"],
                    unit=c["unit"],
                    currency=c["currency"],
                    qualifier=c["qualifier"],
                    span=quantity,
                ),
                subject=text[subject[0] : subject[1]] if subject else None,
                subject_span=subject,
                direction=c["direction"],
                change=c["change"],
                change_text=text[change[0] : change[1]] if change else None,
                change_span=change,
                previous=c["previous"],
                speaker=refs.get(c["speaker_id"]) if c["speaker_id"] else None,
                speaker_text=text[speaker[0] : speaker[1]] if speaker else None,
                speaker_span=speaker,
                cue=c["cue"],
                date=date["date"] if date else None,
                date_precision=date["precision"] if date else None,
                date_span=(date["start"], date["end"]) if date else None,
                location=_place(place, text) if place else None,
                event_id=event_at.get(_span(c["event_start"], c["event_end"]) or (-1, -1)),
                sentence=text[start:end].strip(),
                sentence_span=(start, end),
                span=(min(s[0] for s in evidence), max(s[1] for s in evidence)),
            )
        )
    return claims


def to_json(extraction: Extraction) -> dict[str, Any]:
    """The ``newsevents extract --json`` contract: spans index ``Document.text``."""
    document = extraction.document
    return {
        "document": {
            "id": document.doc_id,
            "title": document.title,
            "source": document.source,
            "published": document.published.isoformat() if document.published else None,
            "published_from": document.published_from,
            "attributions": list(extraction.attributions),
            "flags": list(extraction.flags),
            "removed": [asdict(r) for r in extraction.removed],
        },
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "country": a.country,
                "sector": a.sector,
                "igo": a.igo,
                "kind": a.kind,
                "entry": a.entry,
                "mentions": [list(m) for m in a.mentions],
            }
            for a in extraction.actors
        ],
        "events": [event_json(e) for e in extraction.events],
        "quotes": [
            {
                "text": q.text,
                "speaker": ref_json(q.speaker),
                "span": list(q.span),
                "speaker_span": list(q.speaker_span) if q.speaker_span else None,
                "cue": q.cue,
            }
            for q in extraction.quotes
        ],
        "places": [place_json(p) for p in extraction.places],
        "claims": [claim_json(c) for c in extraction.claims],
    }
