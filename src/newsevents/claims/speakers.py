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

from newsevents.claims.subjects import outside_dateline
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

    def __init__(
        self,
        doc: Doc,
        actors: list[dict],
        quotes: list[dict],
        words: ClaimWords,
        floor: dict[int, int],
        sents: list[Span],
    ):
        self.words = words
        self.quotes = sorted(
            (q for q in quotes if q.get("start") is not None), key=lambda q: q["start"]
        )
        self.quote_starts = [q["start"] for q in self.quotes]
        self.actors = sorted(
            (a for a in actors if "start" in a and "end" in a), key=lambda a: a["start"]
        )
        self.actor_starts = [a["start"] for a in self.actors]
        self.actor_by_id = {a["actor_id"]: a for a in self.actors if a.get("actor_id")}
        self.sents = sents
        self.sent_starts = [sent.start for sent in self.sents]
        self.floor = floor
        self._sentence_speakers: dict[int, Speaker | None] = {}
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
        # The outermost reporting verb speaks for the clause: in "the EU pledged $20 million,
        # the Commission said" the Commission asserts the figure.
        found = None
        node = anchor
        for _ in range(CLIMB_STEPS):
            if node.lemma_.lower() in self.words.speech and node.pos_ in ("VERB", "AUX"):
                found = self._subject_of(node) or found
            if node.head is node:
                break
            node = node.head
        if found is not None:
            return found
        # A reporting clause the parser did not put above the figure ("X killed seven
        # people on Saturday, the ministry said, the heaviest ..."): the sentence's own.
        reported = self.sentence_speaker(sent)
        if reported is not None and (reported.start >= end or reported.cue in _ROOTS):
            return reported
        for token in sent:
            if token.lemma_.lower() in self.words.according:
                found = self._according(token)
                if found is not None:
                    return found
        return None

    def sentence_speaker(self, sent: Span) -> Speaker | None:
        """The first speaker a reporting verb of ``sent`` names that is not a pronoun."""
        key = sent.start
        if key not in self._sentence_speakers:
            self._sentence_speakers[key] = None
            for token in sent:
                if token.lemma_.lower() in self.words.speech and token.pos_ in ("VERB", "AUX"):
                    found = self._subject_of(token, pronouns=False)
                    if found is not None:
                        self._sentence_speakers[key] = found
                        break
        return self._sentence_speakers[key]

    def _according(self, verb: Token) -> Speaker | None:
        for prep in verb.children:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return self._resolve(obj, verb.lemma_.lower())
        return None

    def _subject_of(self, verb: Token, pronouns: bool = True) -> Speaker | None:
        cue = verb.lemma_.lower()
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            for agent in verb.children:
                if agent.dep_ == "agent":
                    obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        return self._resolve(obj, cue, pronouns)
            return None
        node = verb
        for _ in range(3):
            for child in node.children:
                if child.dep_ == "nsubj":
                    return self._resolve(child, cue, pronouns)
            if node.dep_ not in ("conj", "xcomp", "advcl") or node.head is node:
                break
            node = node.head
        return None

    def _resolve(self, subject: Token, cue: str, pronouns: bool = True) -> Speaker | None:
        """The actor a speaker phrase names: a pronoun's antecedent, the actor covering it or
        named inside its phrase (a person first), else the phrase itself, unresolved."""
        floor = self.floor.get(self.sent_index(subject.i), 0)
        subject = outside_dateline(subject, floor)
        if subject is None:
            return None
        kinds = self.words.pronouns.get(subject.lower_)
        if kinds is not None:
            return self._pronoun(subject, kinds, cue) if pronouns else None
        for child in subject.children:
            # "An independent group, the Public Assembly Archive, estimated": the name.
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                subject = child
                break
        lo, hi = subject.left_edge.i, subject.right_edge.i
        written = (
            subject.doc[lo : hi + 1] if hi - lo < PHRASE_WORDS else subject.doc[lo : subject.i + 1]
        )
        if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subject.children):
            # "a UN official said": an unnamed person; the body named is where they work.
            return Speaker(None, written.start_char, written.end_char, cue)
        actor = self.by_token.get(subject.i)
        if actor is None:
            inside = sorted(
                (i for i in range(lo, hi + 1) if i in self.by_token),
                key=lambda i: (self.by_token[i].get("kind") != "person", abs(i - subject.i)),
            )
            actor = self.by_token[inside[0]] if inside else None
        if actor is None:
            return Speaker(None, written.start_char, written.end_char, cue)
        start = min(actor["start"], written.start_char)
        end = max(actor["end"], written.end_char)
        return Speaker(actor["actor_id"], start, end, cue)

    def _pronoun(self, subject: Token, kinds: frozenset[str], cue: str) -> Speaker:
        """A pronoun speaker: whoever spoke in this sentence or one of the two before, when
        they are of a kind the pronoun can stand for, else the last such actor named."""
        here = (subject.idx, subject.idx + len(subject))
        index = self.sent_index(subject.i)
        for k in range(index, max(-1, index - 3), -1):
            before = self.sentence_speaker(self.sents[k])
            if before is None or before.start >= subject.idx:
                continue
            actor = self.actor_by_id.get(before.actor_id or "")
            # The speaker as named before, not the pronoun: "it said" is the air force.
            if actor is not None and actor.get("kind") in kinds:
                return Speaker(before.actor_id, before.start, before.end, cue)
            if actor is None and (kinds != {"person"} or _named(subject.doc, before)):
                return Speaker(None, before.start, before.end, cue)
            break
        for k in range(bisect_right(self.actor_starts, subject.idx) - 1, -1, -1):
            actor = self.actors[k]
            if actor["end"] <= subject.idx and actor.get("kind") in kinds:
                return Speaker(actor["actor_id"], *here, cue)
        return Speaker(None, *here, cue)

    def sent_index(self, token: int) -> int:
        return bisect_right(self.sent_starts, token) - 1


_ROOTS = frozenset({"say", "tell"})  # verbs that report a whole sentence wherever they stand
PHRASE_WORDS = 8  # a speaker phrase up to this long is kept whole ("the Kenya National ...")


def _named(doc: Doc, speaker: Speaker) -> bool:
    """The speaker is written as a name (proper nouns), so "he" or "she" can be them."""
    span = doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PROPN" for t in span)
