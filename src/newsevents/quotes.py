"""Direct quotations and who said them: ``doc._.ne_quotes``.

Quote spans come from one left-to-right pass over the quote marks (linear in their number). A
quote still open at a line break ends there, as a quoted paragraph that goes on in the next one
opens again with its own mark, so a stray mark never swallows the rest of the article.

The speaker is found on the dependency parse, in this order:

1. a speech verb (``data/quotes/speech_verbs.csv``) that governs the quote or hangs on it
   ("X said", "said X", "X confirmed that ...", "described as ..."), else the nearest speech verb
   in the quote's sentence when the quote is long enough to be speech; its subject is the speaker;
2. for a quote that is a sentence by itself: the speaker of the previous sentence, else of the
   previous quote when it ended just before, else of the next sentence;
3. nobody for scare quotes (three words or fewer, no speech verb governs them), names and titles.

A pronoun subject stands for the last actor of a matching kind mentioned before it
(``data/quotes/pronouns.csv``). The speaker id is that of the ``ne_actors`` mention covering the
subject, or the nearest actor mention inside the subject phrase.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsevents import lexicon
from newsevents.errors import DictionaryError
from newsevents.nlp import ACTORS, QUOTES, QuoteMention

VERBS_FILE = "quotes/speech_verbs.csv"
PRONOUNS_FILE = "quotes/pronouns.csv"
_KINDS = ("speech", "naming", "according")

# An opening mark (a straight one only when a word follows it), then text up to the closing
# mark. A quote ends at a line break (a quoted paragraph that goes on opens again with its own
# mark), and a second opening mark restarts it, so a stray mark never swallows the article.
# Every character is read a bounded number of times: linear in the text, however many marks.
_QUOTE = re.compile(r'(?:[“„]|"(?=\S))([^"“”„\n]*)(?:[”"]|(?=\n)|\Z)')
SCARE_WORDS = 3  # a quote this short needs a governing speech verb to have a speaker
TITLE_WORDS = 8  # a capitalised quote up to this long, not governed by speech, is a name
WINDOW = 30  # tokens on each side of a quote searched for its speech verb
ANCESTOR_STEPS = 6  # how far up the parse a governing speech verb may be
_SUBJECTS = ("nsubj", "nsubjpass")
_CLIMB = ("xcomp", "conj", "advcl", "ccomp", "pcomp", "prep", "acl")


@dataclass(slots=True)
class Speaker:
    actor_id: str | None
    start: int
    end: int
    cue: str


def find_quotes(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the text between each pair of quote marks, in one linear regex scan."""
    for match in _QUOTE.finditer(text):
        inner = match.group(1)
        start = match.start(1) + len(inner) - len(inner.lstrip())
        end = match.end(1) - (len(inner) - len(inner.rstrip()))
        if end > start:
            yield start, end


class QuoteFinder:
    """The ``newsevents_quotes`` component."""

    def __init__(self, dictionaries: Iterable[str] = ()):
        extra = [Path(p) for p in dictionaries]
        verb_files = [p for p in extra if "pronoun" not in p.name]
        self.verbs: dict[str, str] = {}
        for entry in lexicon.load(VERBS_FILE, verb_files, required=("id", "lemma", "kind")):
            if entry["kind"] not in _KINDS:
                raise DictionaryError(
                    f"{entry['_where']}: kind must be one of {', '.join(_KINDS)}"
                )
            self.verbs[str(entry["lemma"]).lower()] = entry["kind"]
        pronoun_files = [p for p in extra if "pronoun" in p.name]
        self.pronouns: dict[str, frozenset[str]] = {
            str(e["word"]).lower(): frozenset(str(e["kinds"]).split("|"))
            for e in lexicon.load(PRONOUNS_FILE, pronoun_files, required=("id", "word", "kinds"))
        }

    def __call__(self, doc: Doc) -> Doc:
        quotes = list(find_quotes(doc.text))
        if not quotes or not doc.has_annotation("DEP"):
            doc._.set(QUOTES, [_mention(s, e, None) for s, e in quotes])
            return doc
        state = _DocState(doc, doc._.get(ACTORS) or [])
        mentions: list[QuoteMention] = []
        previous: tuple[Span, Speaker | None] | None = None
        for start, end in quotes:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                mentions.append(_mention(start, end, None))
                continue
            speaker = self._speaker(state, span, previous)
            mentions.append(_mention(start, end, speaker))
            previous = (span, speaker)
        doc._.set(QUOTES, mentions)
        return doc

    def _speaker(
        self, state: _DocState, quote: Span, previous: tuple[Span, Speaker | None] | None
    ) -> Speaker | None:
        doc = quote.doc
        first_i, last_i = state.sent_index(quote.start), state.sent_index(quote.end - 1)
        first, last = state.sents[first_i], state.sents[last_i]
        lo = max(first.start, quote.start - WINDOW)
        hi = min(last.end, quote.end + WINDOW)
        outside = [doc[i] for i in (*range(lo, quote.start), *range(quote.end, hi))]
        outside = [t for t in outside if not t.is_quote]
        governed = self._governing_verb(quote)
        if governed is not None and self.verbs[governed.lemma_.lower()] == "naming":
            return None
        words = sum(1 for t in quote if t.is_alpha)
        if governed is None and (words <= SCARE_WORDS or self._looks_like_title(quote)):
            alone = not any(not (t.is_punct or t.is_space) for t in outside)
            if not alone:
                return None
        cues = [governed] if governed is not None else []
        cues += sorted(
            (t for t in outside if self.verbs.get(t.lemma_.lower()) in ("speech", "according")),
            key=lambda t: quote.start - t.i if t.i < quote.start else t.i - quote.end,
        )
        for cue in cues:
            speaker = self._subject_of(state, cue)
            if speaker is not None:
                return speaker
        if any(not (t.is_punct or t.is_space) for t in outside):
            return None
        # The quote is a sentence by itself: its speaker is named next to it, or it goes on
        # from the quote just before.
        if first_i > 0:
            speaker = self._sentence_speaker(state, first_i - 1)
            if speaker is not None:
                return speaker
        if previous is not None and previous[1] is not None:
            if state.sent_index(previous[0].end - 1) >= first_i - 1:
                return previous[1]
        if last_i + 1 < len(state.sents):
            return self._sentence_speaker(state, last_i + 1)
        return None

    def _governing_verb(self, quote: Span) -> Token | None:
        """A speech or naming verb outside the quote that the quote hangs on, or that hangs on
        the quote (`"...," X said` is often parsed with the quote's verb as the root)."""
        best: tuple[int, Token] | None = None
        for token in quote:
            if quote.start <= token.head.i < quote.end and token.head is not token:
                continue
            node = token
            for step in range(ANCESTOR_STEPS):
                if node.head is node:
                    break
                node = node.head
                if node.lemma_.lower() in self.verbs and not quote.start <= node.i < quote.end:
                    if best is None or step < best[0]:
                        best = (step, node)
                    break
        if best is not None:
            return best[1]
        for token in quote:
            for child in token.children:
                if child.i < quote.start or child.i >= quote.end:
                    if self.verbs.get(child.lemma_.lower()) in ("speech", "according"):
                        return child
        return None

    def _looks_like_title(self, quote: Span) -> bool:
        """A name or title: short, every content word capitalised, no sentence punctuation."""
        words = [t for t in quote if t.is_alpha]
        if not words or len(words) > TITLE_WORDS or any(t.text in ".?!," for t in quote):
            return False
        return all(t.is_title or t.is_upper or t.is_stop for t in words) and words[0].is_title

    def _sentence_speaker(self, state: _DocState, index: int) -> Speaker | None:
        """The first speaker named with a speech verb in sentence ``index`` (cached per doc)."""
        if index not in state.sentence_speakers:
            found = None
            for token in state.sents[index]:
                if self.verbs.get(token.lemma_.lower()) in ("speech", "according"):
                    found = self._subject_of(state, token)
                    if found is not None:
                        break
            state.sentence_speakers[index] = found
        return state.sentence_speakers[index]

    def _subject_of(self, state: _DocState, verb: Token) -> Speaker | None:
        """The speaker a speech verb names: its subject (climbing from "quoted as saying" to
        the verb that has one), or the object of "according to"."""
        cue = verb.lemma_.lower()
        if self.verbs.get(cue) == "according":
            for prep in verb.children:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return self._speaker_at(state, obj, cue)
            return None
        node = verb
        for _ in range(3):
            for child in node.children:
                if child.dep_ in _SUBJECTS:
                    if child.tag_ in ("WP", "WDT") and node.dep_ == "relcl":
                        return self._speaker_at(state, node.head, cue)
                    return self._speaker_at(state, child, cue)
            if node.dep_ not in _CLIMB or node.head is node:
                break
            node = node.head
        return None

    def _speaker_at(self, state: _DocState, subject: Token, cue: str) -> Speaker | None:
        kinds = self.pronouns.get(subject.lower_)
        if kinds is not None:
            actor = state.last_actor_before(subject.idx, kinds)
            actor_id = actor["actor_id"] if actor else None
            return Speaker(actor_id, subject.idx, subject.idx + len(subject), cue)
        actor = state.actor_near(subject)
        if actor is not None:
            return Speaker(actor["actor_id"], actor["start"], actor["end"], cue)
        if subject.pos_ not in ("PROPN", "NOUN"):
            return None
        phrase = subject.doc[subject.left_edge.i : subject.i + 1]
        return Speaker(None, phrase.start_char, phrase.end_char, cue)


class _DocState:
    """Per-document lookups: sentences by token, which actor covers a token, actor recency."""

    def __init__(self, doc: Doc, actors: list[dict]):
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self.sentence_speakers: dict[int, Speaker | None] = {}
        self.actors = sorted(
            (a for a in actors if isinstance(a, dict) and "start" in a and "end" in a),
            key=lambda a: (a["start"], a["end"]),
        )
        self.by_token: dict[int, dict] = {}
        for actor in self.actors:
            span = doc.char_span(actor["start"], actor["end"], alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.by_token.setdefault(i, actor)
        self.starts = [a["start"] for a in self.actors]

    def sent_index(self, token: int) -> int:
        return bisect_right(self.sent_starts, token) - 1

    def actor_near(self, subject: Token) -> dict | None:
        """The actor mention covering the subject, else the nearest one within its phrase."""
        if subject.i in self.by_token:
            return self.by_token[subject.i]
        lo, hi = subject.left_edge.i, subject.right_edge.i
        nearest = sorted(
            (i for i in range(lo, hi + 1) if i in self.by_token), key=lambda i: abs(i - subject.i)
        )
        return self.by_token[nearest[0]] if nearest else None

    def last_actor_before(self, char: int, kinds: frozenset[str]) -> dict | None:
        for k in range(bisect_right(self.starts, char) - 1, -1, -1):
            actor = self.actors[k]
            if actor["end"] <= char and actor.get("kind") in kinds:
                return actor
        return None


def _mention(start: int, end: int, speaker: Speaker | None) -> QuoteMention:
    return QuoteMention(
        start=start,
        end=end,
        speaker_id=speaker.actor_id if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        cue=speaker.cue if speaker else None,
    )


@Language.factory(
    "newsevents_quotes",
    assigns=[f"doc._.{QUOTES}"],
    requires=[f"doc._.{ACTORS}"],
    default_config={"dictionaries": []},
)
def make_quotes(nlp: Language, name: str, dictionaries: list[str]) -> QuoteFinder:
    return QuoteFinder(dictionaries)
