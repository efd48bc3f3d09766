"""Who asserts a figure: the speaker of the quote it is in, else the subject of the reporting
verb it is said under ("Putin noted that ...", "..., the ministry said", "according to X").

The quotes stage has already decided who said each quote (``doc._.ne_quotes``); a figure
inside one takes that speaker. Outside quotes the reporting verbs are the quotes stage's own
table (``data/quotes/speech_verbs.csv``), and a pronoun stands for the last actor of a kind it
can refer to (``data/quotes/pronouns.csv``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsevents.claims.words import ClaimWords

CLIMB_STEPS = 10  # parse arcs from a figure up to the verb that reports it


@dataclass(frozen=True, slots=True)
class Speaker:
    actor_id: str | None
    start: int
    end: int
    cue: str  # the reporting verb lemma, or "quote"


class Speakers:
    """Per-document lookups: quotes by position, which actor covers a token, actor order."""

    def __init__(self, doc: Doc, actors: list[dict], quotes: list[dict], words: ClaimWords):
        self.words = words
        self.quotes = sorted(
            (q for q in quotes if q.get("start") is not None), key=lambda q: q["start"]
        )
        self.quote_starts = [q["start"] for q in self.quotes]
        self.actors = sorted(
            (a for a in actors if "start" in a and "end" in a), key=lambda a: a["start"]
        )
        self.actor_starts = [a["start"] for a in self.actors]
        self.by_token: dict[int, dict] = {}
        for actor in self.actors:
            span = doc.char_span(actor["start"], actor["end"], alignment_mode="expand")
            for i in range(span.start, span.end) if span is not None else ():
                self.by_token.setdefault(i, actor)

    def of(self, start: int, end: int, anchor: Token, sent: Span) -> Speaker | None:
        """The speaker of the figure at characters ``start:end`` hanging on ``anchor``."""
        k = bisect_right(self.quote_starts, start) - 1
        if k >= 0 and self.quotes[k]["end"] >= end:
            quote = self.quotes[k]
            if quote.get("speaker_start") is None:
                return None
            return Speaker(
                quote.get("speaker_id"), quote["speaker_start"], quote["speaker_end"], "quote"
            )
        node = anchor
        for _ in range(CLIMB_STEPS):
            if node.lemma_.lower() in self.words.speech and node.pos_ in ("VERB", "AUX"):
                found = self._subject_of(node)
                if found is not None:
                    return found
            if node.head is node:
                break
            node = node.head
        for token in sent:
            if token.lemma_.lower() in self.words.according:
                found = self._according(token)
                if found is not None:
                    return found
        return None

    def _according(self, verb: Token) -> Speaker | None:
        for prep in verb.children:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return self._resolve(obj, verb.lemma_.lower())
        return None

    def _subject_of(self, verb: Token) -> Speaker | None:
        cue = verb.lemma_.lower()
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            for agent in verb.children:
                if agent.dep_ == "agent":
                    obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        return self._resolve(obj, cue)
            return None
        node = verb
        for _ in range(3):
            for child in node.children:
                if child.dep_ == "nsubj":
                    return self._resolve(child, cue)
            if node.dep_ not in ("conj", "xcomp", "advcl") or node.head is node:
                break
            node = node.head
        return None

    def _resolve(self, subject: Token, cue: str) -> Speaker:
        """The actor a speaker phrase names: a pronoun's antecedent, the actor covering it or
        named inside its phrase (a person first), else the phrase itself, unresolved."""
        here = (subject.idx, subject.idx + len(subject))
        kinds = self.words.pronouns.get(subject.lower_)
        if kinds is not None:
            for k in range(bisect_right(self.actor_starts, subject.idx) - 1, -1, -1):
                actor = self.actors[k]
                if actor["end"] <= subject.idx and actor.get("kind") in kinds:
                    return Speaker(actor["actor_id"], *here, cue)
            return Speaker(None, *here, cue)
        if subject.i in self.by_token:
            actor = self.by_token[subject.i]
            return Speaker(actor["actor_id"], actor["start"], actor["end"], cue)
        lo, hi = subject.left_edge.i, subject.right_edge.i
        inside = sorted(
            (i for i in range(lo, hi + 1) if i in self.by_token),
            key=lambda i: (self.by_token[i].get("kind") != "person", abs(i - subject.i)),
        )
        if inside:
            actor = self.by_token[inside[0]]
            return Speaker(actor["actor_id"], actor["start"], actor["end"], cue)
        phrase = subject.doc[lo : subject.i + 1]
        return Speaker(None, phrase.start_char, phrase.end_char, cue)
