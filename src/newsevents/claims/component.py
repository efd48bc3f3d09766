"""The ``newsevents_claims`` component: numeric claims, each with its evidence spans.

Only sentences with a number are read, and only with what earlier stages left on the Doc
(the parse, entities, ``ne_dates``, ``ne_places``, ``ne_actors``, ``ne_quotes``,
``ne_events``): no model of its own, so the stage costs little. A figure that the events
stage read as an event's count (dead, injured, arrested) stays with that event and the claim
points to it; a small number word on its own ("two leaders") is a claim only then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsevents.claims import change, quantities, subjects
from newsevents.claims.speakers import Speakers
from newsevents.claims.words import ClaimWords
from newsevents.nlp import (
    ACTORS,
    CLAIMS,
    DATELINE,
    DATES,
    EVENTS,
    PLACES,
    QUOTES,
    ClaimMention,
)

_COUNTS = ("fatalities", "injured", "arrested")


class ClaimFinder:
    def __init__(self, dictionaries: Iterable[str] = ()):
        self.words = ClaimWords.load(dictionaries)

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[ClaimMention] = []
        if doc.has_annotation("DEP"):
            every = list(doc.sents)
            if any(quantities.has_figure(s) for s in every):
                mentions = self._claims(doc, every)
        doc._.set(CLAIMS, mentions)
        return doc

    def _claims(self, doc: Doc, every: list[Span]) -> list[ClaimMention]:
        dates = list(doc._.get(DATES) or [])
        places = list(doc._.get(PLACES) or [])
        events = list(doc._.get(EVENTS) or [])
        blocked: set[int] = set()
        for date in dates:
            span = doc.char_span(date["start"], date["end"], alignment_mode="expand")
            blocked.update(range(span.start, span.end) if span is not None else ())
        floors = _datelines(doc, every)
        speakers = Speakers(
            doc, doc._.get(ACTORS) or [], doc._.get(QUOTES) or [], self.words, floors, every
        )
        ents = list(doc.ents)
        mentions: list[ClaimMention] = []
        for k, sent in enumerate(every):
            if not quantities.has_figure(sent):
                continue
            floor = floors.get(k, 0)
            found = quantities.find(sent, self.words, blocked, ents)
            governors = [change.governor(q.anchor) for q in found]
            previous: dict[int, float] = {}
            dropped: set[int] = set()
            for k in range(1, len(found)):
                # "rose from 9% to 12%", parsed as one range under "from": one claim too.
                gov = change.joined_range(
                    doc[found[k - 1].end - 1], doc[found[k].start], governors[k - 1], governors[k]
                )
                if gov is not None:
                    governors[k] = gov
                    previous[k] = found[k - 1].value
                    dropped.add(k - 1)
            for k, gov in enumerate(governors):
                # "from 15.3 percent to 12 percent": one claim, the old level kept with it.
                token = change.from_to(gov)
                if token is None:
                    continue
                for j, other in enumerate(found):
                    if j != k and (other.start <= token.i < other.end or other.anchor.i == token.i):
                        previous[k] = other.value
                        dropped.add(j)
            for k, q in enumerate(found):
                if k in dropped:
                    continue
                start, end = doc[q.start].idx, doc[q.end - 1].idx + len(doc[q.end - 1])
                event = _event(events, sent, q.value)
                if q.minor and event is None:
                    continue
                gov = governors[k]
                stated = change.stated(gov, self.words, k in previous)
                figure = range(q.start, q.end)
                subject = subjects.subject(
                    q.anchor, q.counted, gov, self.words, figure, floor, q.unit == "money"
                )
                speaker = speakers.of(start, end, gov.word or q.anchor, sent)
                date = _nearest(dates, sent, start, end)
                place = _nearest(places, sent, start, end)
                mentions.append(
                    ClaimMention(
                        start=start,
                        end=end,
                        value=q.value,
                        unit=q.unit,
                        currency=q.currency,
                        qualifier=q.qualifier,
                        subject_start=subject.start_char if subject else None,
                        subject_end=subject.end_char if subject else None,
                        direction=stated.direction,
                        change=stated.kind,
                        change_start=stated.start,
                        change_end=stated.end,
                        previous=previous.get(k),
                        speaker_id=speaker.actor_id if speaker else None,
                        speaker_start=speaker.start if speaker else None,
                        speaker_end=speaker.end if speaker else None,
                        cue=speaker.cue if speaker else None,
                        date_start=date["start"] if date else None,
                        date_end=date["end"] if date else None,
                        place_start=place["start"] if place else None,
                        place_end=place["end"] if place else None,
                        event_start=event["trigger_start"] if event else None,
                        event_end=event["trigger_end"] if event else None,
                        sentence_start=sent.start_char,
                        sentence_end=sent.end_char,
                    )
                )
        return mentions


def _datelines(doc: Doc, sents: list[Span]) -> dict[int, int]:
    """Per sentence (by index) that opens with a wire dateline or a live blog's time stamp,
    the first character after it: the parser folds "JAKARTA —" or "09:10 GMT —" into the
    sentence, but it is no subject or speaker."""
    text = doc.text  # built from the tokens on every access: once per document
    floors = {}
    for k, sent in enumerate(sents):
        line_start = text.rfind("\n", 0, sent.start_char) + 1
        if k and line_start <= sents[k - 1].start_char:
            continue  # a dateline opens a line: only a line's first sentence can hold one
        match = DATELINE.match(text, line_start) or _STAMP.match(text, line_start)
        if match is not None and match.end() > sent.start_char:
            floors[k] = match.end()
    return floors


# A live blog's time stamp opening a line ("09:10 GMT —", "14.05 —"), a dateline of its own.
_STAMP = re.compile(
    r"[ \t]*\d{1,2}[:.]\d{2}(?:[ \t]*(?:[ap]\.?m\.?|[A-Z]{2,4}))?[ \t]*(?:—|–|--|-)[ \t]"
)


def _event(events: list[dict[str, Any]], sent: Span, value: float) -> dict[str, Any] | None:
    """The event of this sentence whose dead, injured or arrested count is ``value``."""
    for event in events:
        inside = sent.start_char <= event["trigger_start"] < sent.end_char
        if inside and any(event.get(c) is not None and event[c] == value for c in _COUNTS):
            return event
    return None


def _nearest(
    mentions: list[dict[str, Any]], sent: Span, start: int, end: int
) -> dict[str, Any] | None:
    """The mention of the same sentence closest to the figure (not overlapping it)."""
    inside = [
        m
        for m in mentions
        if sent.start_char <= m["start"]
        and m["end"] <= sent.end_char
        and (m["end"] <= start or m["start"] >= end)
    ]
    return min(
        inside, key=lambda m: min(abs(m["start"] - end), abs(start - m["end"])), default=None
    )


@Language.factory(
    "newsevents_claims",
    assigns=[f"doc._.{CLAIMS}"],
    requires=[f"doc._.{DATES}", f"doc._.{PLACES}", f"doc._.{QUOTES}", f"doc._.{EVENTS}"],
    default_config={"dictionaries": []},
)
def make_claims(nlp: Language, name: str, dictionaries: list[str]) -> ClaimFinder:
    """``dictionaries``: user files of kinds claim_changes, claim_qualifiers, claim_units,
    speech_verbs and pronouns."""
    return ClaimFinder(dictionaries)
