"""Direct quotations and who said them: ``doc._.ne_quotes``.

Quote spans come from one left-to-right pass over the quote marks (linear in their number). A
quote still open at a line break ends there, as a quoted paragraph that goes on in the next one
opens again with its own mark, so a stray mark never swallows the rest of the article.

The speaker is found on the dependency parse, in this order:

1. the first speech verb (``data/quotes/speech_verbs.csv``) up the parse from the quote, not
   leaving a relative clause ("X said", "said X", "X confirmed that ...", "condemned the attack
   as ...", "said its forces had struck ..."), or one that hangs on the quote; else the nearest
   speech verb in the quote's sentence when the quote is long enough to be speech. Its subject
   is the speaker, climbing from a subjectless verb ("quoted as saying", "..., warning that");
2. for a quote that is a sentence by itself: the speaker of the previous sentence, else of the
   previous quote when it ended just before, else of the next sentence;
3. nobody for scare quotes (three words or fewer, no speech verb above them), for names (under
   a naming verb) and for titles that are mentioned rather than said.

A pronoun subject stands for the last actor of a matching kind that is a subject in its
sentence or the one before, else the last one of that kind (``data/quotes/pronouns.csv``). The
speaker id is that of a person named in apposition to the subject ("the minister, X, said"),
none for an indefinite subject ("a spokesman said": an unnamed person), else that of the
``ne_actors`` mention covering the subject or the nearest one inside the subject phrase.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsevents import dictionaries as dictionary_files
from newsevents.nlp import ACTORS, NICKNAME, QUOTES, QuoteMention

# An opening mark (a straight one only when a word follows it), then text up to the closing
# mark. A quote ends at a line break (a quoted paragraph that goes on opens again with its own
# mark), and a second opening mark restarts it, so a stray mark never swallows the article.
# Every character is read a bounded number of times: linear in the text, however many marks.
_QUOTE = re.compile(r'(?:[“„]|"(?=\S))([^"“”„\n]*)(?:[”"]|(?=\n)|\Z)')
SCARE_WORDS = 3  # a quote this short needs a governing speech verb to have a speaker
TITLE_WORDS = 8  # a capitalised quote up to this long, not governed by speech, is a name
WINDOW = 30  # tokens on each side of a quote searched for its speech verb
CLIMB_STEPS = 8  # parse arcs from a quote up to the verb that reports it
REPORT_WORDS = 16  # longest speaker phrase between a quote and its subjectless speech verb
# A relative or adjectival clause is a predicate about a noun, not the report of its words.
_CLAUSE_EDGES = ("relcl", "acl")
_SUBJECTS = ("nsubj", "nsubjpass")
# Arcs from a subjectless speech verb up to the verb whose subject it shares: "stood up and
# said", "quoted as saying", "he said ..., warning that ..." (a participle clause).
_CLIMB = ("xcomp", "conj", "pcomp", "prep", "advcl")


@dataclass(slots=True)
class Speaker:
    actor_id: str | None
    start: int
    end: int
    cue: str


def find_quotes(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the text between each pair of quote marks, in one linear regex scan."""
    nicknames = {m.start(1) for m in NICKNAME.finditer(text)}
    for match in _QUOTE.finditer(text):
        if match.start() in nicknames:
            continue  # a nickname inside a name, not speech
        inner = match.group(1)
        start = match.start(1) + len(inner) - len(inner.lstrip())
        # The comma before the attribution (`"...," she said`) is punctuation, not speech.
        end = match.end(1) - (len(inner) - len(inner.rstrip().rstrip(",").rstrip()))
        if end > start:
            yield start, end


def _names(value: object) -> list[str]:
    items = value if isinstance(value, list) else str(value).split("|")
    return [str(v).strip() for v in items if str(v).strip()]


class QuoteFinder:
    """The ``newsevents_quotes`` component."""

    def __init__(self, dictionaries: Iterable[str] = (), pronouns: Iterable[str] = ()):
        # Each file's kind header says which table it extends (speech_verbs, pronouns);
        # ``pronouns`` is kept as a config key for older configs.
        files = [Path(p) for p in (*dictionaries, *pronouns)]
        self.verbs: dict[str, str] = {
            str(e["lemma"]).lower(): e["kind"] for e in dictionary_files.load("speech_verbs", files)
        }
        self.pronouns: dict[str, frozenset[str]] = {
            str(e["word"]).lower(): frozenset(_names(e["kinds"]))
            for e in dictionary_files.load("pronouns", files)
        }
        self.descriptions: dict[str, frozenset[str]] = {
            str(e["word"]).lower(): frozenset(_names(e["sectors"]))
            for e in dictionary_files.load("speaker_descriptions", files)
        }

    def __call__(self, doc: Doc) -> Doc:
        quotes = list(find_quotes(doc.text))
        if not quotes or not doc.has_annotation("DEP"):
            doc._.set(QUOTES, [_mention(s, e, None) for s, e in quotes])
            return doc
        state = _DocState(doc, doc._.get(ACTORS) or [], quotes)
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
        alone = all(t.is_punct or t.is_space for t in outside)
        governed, direct = self._governing_verb(quote)
        if governed is None:
            governed, direct = self._reporting_verb_after(quote), True
        if governed is not None and self.verbs[governed.lemma_.lower()] == "naming":
            return None
        short = sum(1 for t in quote if t.is_alpha) <= SCARE_WORDS
        if not alone and (
            (governed is None and short) or (not direct and self._looks_like_title(quote))
        ):
            # Scare quotes, or a name or title that a speaker mentions rather than says
            # ('Lopez said he had read "Silent Cities"').
            return None
        cues = [governed] if governed is not None else []
        if not short or governed is None:
            # A short quote belongs to the verb that governs it or to nobody; a longer one may
            # belong to the nearest speech verb beside it.
            cues += sorted(
                (t for t in outside if self.verbs.get(t.lemma_.lower()) in ("speech", "according")),
                key=lambda t: quote.start - t.i if t.i < quote.start else t.i - quote.end,
            )
        for cue in cues:
            speaker = self._subject_of(state, cue)
            # A speaker phrase that overlaps the quote is the quoted words themselves.
            if speaker is not None and (
                speaker.end <= quote.start_char or speaker.start >= quote.end_char
            ):
                return speaker
        if not alone:
            return None
        # The quote is a sentence by itself: its speaker is named next to it, or it goes on
        # from the quote just before.
        before = state.neighbour(first_i, -1)
        if before is not None:
            speaker = self._sentence_speaker(state, before)
            if speaker is not None:
                return speaker
            if (
                previous is not None
                and previous[1] is not None
                and state.sent_index(previous[0].end - 1) >= before
            ):
                return previous[1]
        after = state.neighbour(last_i, 1)
        return None if after is None else self._sentence_speaker(state, after)

    def _governing_verb(self, quote: Span) -> tuple[Token | None, bool]:
        """The first speech or naming verb up the parse from the quote, or one that hangs on
        it; and whether it is direct (only prepositions and particles in between).

        The climb goes through any relation ("condemned the attack as ...", "called for the
        withdrawal of ...", "said its forces had struck ...": the words are part of what the
        verb's subject said) but not out of a relative or adjectival clause, whose verb is
        another predicate about a noun ("welcomed the talks, which produced a ..."). The other
        direction catches `"...," X said` parsed with the quote's verb as the root."""
        for token in quote:
            node = token.head
            if quote.start <= node.i < quote.end:
                continue
            direct = True
            for _ in range(CLIMB_STEPS):
                if node.lemma_.lower() in self.verbs:
                    return node, direct
                if node.dep_ in _CLAUSE_EDGES or node.head is node:
                    break
                direct = direct and node.pos_ in ("ADP", "SCONJ", "PART")
                node = node.head
        for token in quote:
            for child in token.children:
                outside = child.i < quote.start or child.i >= quote.end
                if outside and self.verbs.get(child.lemma_.lower()) in ("speech", "according"):
                    return child, True
        return None, False

    def _reporting_verb_after(self, quote: Span) -> Token | None:
        """A speech verb after the quote's closing mark and a comma-set phrase with no verb
        ('"rogue", Anna Keller, governor of the province, said'), which a misparse leaves
        unattached to the quote."""
        doc = quote.doc
        i = quote.end
        while i < len(doc) and (doc[i].is_quote or doc[i].text == ","):
            i += 1
        if not any(t.text == "," for t in doc[quote.end : i]):
            return None
        for token in doc[i : min(len(doc), i + REPORT_WORDS + 1)]:
            if token.is_quote or token.is_sent_start:
                return None
            if self.verbs.get(token.lemma_.lower()) == "speech":
                return token if doc[token.i - 1].text == "," else None
            if token.pos_ in ("VERB", "AUX"):
                return None
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
                if any(start <= token.idx < end for start, end in state.quoted):
                    continue  # a speech verb inside quoted words is the speaker's own
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
        if any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
            # A passive speech verb: its subject is what was said; the speaker is the agent.
            for agent in verb.children:
                for obj in agent.children if agent.dep_ == "agent" else ():
                    if obj.dep_ == "pobj":
                        return self._speaker_at(state, obj, cue)
            return None
        if not any(child.dep_ in _SUBJECTS for child in verb.children):
            # Before borrowing a subject from the verb this one is a conjunct of.
            found = self._after_quote(state, verb, cue)
            if found is not None:
                return found
        node = verb
        for _ in range(3):
            for child in node.children:
                # Higher up, a passive subject is the speaker ("was quoted as saying").
                if child.dep_ in ("nsubj", "nsubjpass"):
                    if child.tag_ in ("WP", "WDT") and node.dep_ == "relcl":
                        return self._speaker_at(state, node.head, cue)
                    return self._speaker_at(state, child, cue)
            if node.dep_ not in _CLIMB or node.head is node:
                break
            node = node.head
        return None

    def _after_quote(self, state: _DocState, verb: Token, cue: str) -> Speaker | None:
        """The speaker of a subjectless speech verb that follows a quote and a phrase set off
        by commas: '... gone "rogue", Anna Keller, governor of the province, said'. The parser
        reads the name as an apposition to the quoted word and "said" as a conjunct of the
        quote's verb, so the verb has no subject; the phrase between the quote and the verb,
        with no verb of its own, is the reporting clause's subject."""
        doc = verb.doc
        i = verb.i - 1
        if i < 0 or doc[i].text != ",":
            return None
        stretch: list[Token] = []
        for token in reversed(doc[max(0, verb.i - 1 - REPORT_WORDS) : verb.i - 1]):
            if token.is_quote:
                break
            if token.pos_ in ("VERB", "AUX") or token.is_sent_start:
                return None
            stretch.append(token)
        else:
            return None
        stretch.reverse()
        while stretch and stretch[0].text == ",":
            stretch.pop(0)
        if not stretch:
            return None
        people = [t for t in stretch if state.by_token.get(t.i, {}).get("kind") == "person"]
        head = people[0] if people else next((t for t in stretch if t.pos_ == "PROPN"), None)
        return None if head is None else self._speaker_at(state, head, cue)

    def _speaker_at(self, state: _DocState, subject: Token, cue: str) -> Speaker | None:
        kinds = self.pronouns.get(subject.lower_)
        if kinds is not None:
            sentence = state.sent_index(subject.i)
            # Speech goes on: "X said that ... . 'Quote,' she said" is X again, even when the
            # first sentence names others after X (the people X spoke about).
            before = state.neighbour(sentence, -1)
            went_on = self._sentence_speaker(state, before) if before is not None else None
            for _ in range(3):
                # A quote of several sentences: go back to the one before it opened.
                if went_on is not None or before is None or not state.sents[before][0].is_quote:
                    break
                before = state.neighbour(before, -1)
                went_on = self._sentence_speaker(state, before) if before is not None else None
            actor = state.actor_by_id.get(went_on.actor_id or "") if went_on else None
            # Only for one person ("he", "she"): "they" after "Norway, Britain and the United
            # States said" is all three, and the speaker kept is the first alone.
            if actor is not None and actor.get("kind") == "person" and kinds == {"person"}:
                return Speaker(actor["actor_id"], subject.idx, subject.idx + len(subject), cue)
            if (
                actor is not None
                and subject.lower_ == "it"
                and actor.get("kind") in kinds
                and actor.get("kind") != "person"
            ):
                # "The department said ... . It added": one body goes on speaking.
                return Speaker(actor["actor_id"], subject.idx, subject.idx + len(subject), cue)
            if went_on is not None and went_on.actor_id is None and kinds == {"person"}:
                # The one who spoke before is named but not resolved ("Raja Farooq Haider,
                # prime minister of ..., said"): "he" is the same person, traced to where they
                # are named, not to an earlier actor.
                named = subject.doc.char_span(went_on.start, went_on.end, alignment_mode="expand")
                if named is not None and _looks_like_a_name(named):
                    return Speaker(None, went_on.start, went_on.end, cue)
            actor = state.last_actor_before(subject.idx, kinds, sentence)
            actor_id = actor["actor_id"] if actor else None
            return Speaker(actor_id, subject.idx, subject.idx + len(subject), cue)
        named = state.named_in_apposition(subject)
        if named is not None:
            return Speaker(named["actor_id"], named["start"], named["end"], cue)
        described = state.described(subject, self.descriptions)
        if described is not None:
            return Speaker(described["actor_id"], subject.idx, subject.idx + len(subject), cue)
        if _indefinite(subject):
            # "a senior official", "an army spokesman": an unnamed person speaks; the body
            # named beside them is where they work, not the speaker.
            phrase = subject.doc[subject.left_edge.i : subject.i + 1]
            return Speaker(None, phrase.start_char, phrase.end_char, cue)
        actor = state.actor_near(subject)
        if actor is not None:
            return Speaker(actor["actor_id"], actor["start"], actor["end"], cue)
        if subject.pos_ not in ("PROPN", "NOUN"):
            return None
        first = subject.left_edge.i
        while first < subject.i and (subject.doc[first].is_quote or subject.doc[first].is_punct):
            first += 1  # the closing mark of the quote before: '..." Somchai said'
        phrase = subject.doc[first : subject.i + 1]
        return Speaker(None, phrase.start_char, phrase.end_char, cue)


class _DocState:
    """Per-document lookups: sentences by token, which actor covers a token, actor recency."""

    def __init__(self, doc: Doc, actors: list[dict], quoted: list[tuple[int, int]]):
        # Character ranges of the document's quotes: words said there name no speaker.
        self.quoted = quoted
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self.sentence_speakers: dict[int, Speaker | None] = {}
        self.actors = sorted(
            (a for a in actors if isinstance(a, dict) and "start" in a and "end" in a),
            key=lambda a: (a["start"], a["end"]),
        )
        self.by_token: dict[int, dict] = {}
        # Per actor (same order): its sentence, and whether it is a clause's subject.
        self.places: list[tuple[int, bool]] = []
        for actor in self.actors:
            span = doc.char_span(actor["start"], actor["end"], alignment_mode="expand")
            if span is None:
                self.places.append((-1, False))
                continue
            for i in range(span.start, span.end):
                self.by_token.setdefault(i, actor)
            root = span.root
            if root.dep_ == "appos":
                root = root.head
            self.places.append((self.sent_index(span.start), root.dep_ in _SUBJECTS))
        self.starts = [a["start"] for a in self.actors]
        self.actor_by_id = {a["actor_id"]: a for a in self.actors if a.get("actor_id")}

    def sent_index(self, token: int) -> int:
        return bisect_right(self.sent_starts, token) - 1

    def neighbour(self, index: int, step: int) -> int | None:
        """The nearest sentence before (step -1) or after (+1) with a word in it: the parser
        sometimes leaves a closing quote mark as a sentence of its own."""
        for _ in range(3):
            index += step
            if not 0 <= index < len(self.sents):
                return None
            if any(not (t.is_punct or t.is_space) for t in self.sents[index]):
                return index
        return None

    def actor_near(self, subject: Token) -> dict | None:
        """The actor mention covering the subject, else the nearest person within its phrase
        ("Secretary of the Treasury Steven Mnuchin" is Mnuchin, not the Treasury), else the
        nearest actor within it (for a name, only before it)."""
        if subject.i in self.by_token:
            return self.by_token[subject.i]
        lo, hi = subject.left_edge.i, subject.right_edge.i
        name = subject.doc[lo : subject.i + 1]
        if subject.pos_ == "PROPN" and _looks_like_a_name(name):
            # A full name no actor covers: what its apposition or of-phrase names is where
            # the person works ("Raja Farooq Haider, prime minister of Pakistan's ... region").
            hi = subject.i
        nearest = sorted(
            (i for i in range(lo, hi + 1) if i in self.by_token),
            key=lambda i: (self.by_token[i].get("kind") != "person", abs(i - subject.i)),
        )
        return self.by_token[nearest[0]] if nearest else None

    def named_in_apposition(self, subject: Token) -> dict | None:
        """A person named in apposition to the subject ("Congo's foreign minister Therese
        Wagner", "a spokesman for the army, Ivan Petrov"): the speaker, before the title and
        the country or body that qualifies it."""
        for child in subject.children:
            actor = self.by_token.get(child.i) if child.dep_ == "appos" else None
            if actor is not None and actor.get("kind") == "person":
                return actor
        return None

    def described(self, subject: Token, descriptions: dict[str, frozenset[str]]) -> dict | None:
        """The body a description refers back to: "the department said" is the State
        Department named before, "the party" the last party, "a government statement" the
        government; a statement or communique speaks for the body that qualifies it, else for
        the last body named. Only organisations, groups and countries are looked up (a person
        described by a common noun, "the minister", is left to the pronoun and title rules)."""
        if subject.pos_ != "NOUN" or subject.i in self.by_token:
            return None
        if self.actor_near(subject) is not None:
            return None  # the phrase names its body itself ("the Finance Ministry")
        words = [subject.lower_]
        statement = subject.lemma_.lower() in _STATEMENTS
        if statement:
            words = [c.lower_ for c in subject.children if c.dep_ == "compound"]
        elif not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subject.children):
            return None
        elif subject.lower_ not in descriptions:
            return None  # "the farmer said": a person, not a body named before
        sectors = frozenset().union(*(descriptions.get(w, frozenset()) for w in words))
        for k in range(bisect_right(self.starts, subject.idx) - 1, -1, -1):
            actor = self.actors[k]
            if actor["end"] > subject.idx or actor.get("kind") not in _BODIES:
                continue
            if not words or _folded_words(actor.get("name") or "") & set(words):
                return actor
            if actor.get("sector") in sectors:
                return actor
        return None

    def last_actor_before(self, char: int, kinds: frozenset[str], sentence: int) -> dict | None:
        """What a pronoun at ``char`` in ``sentence`` stands for: the last actor of a matching
        kind that is a subject in this sentence or the one before ("Scholz met Duda. ... he
        said" is Scholz), else the last actor of that kind at all."""
        candidates = [
            k
            for k in range(bisect_right(self.starts, char) - 1, -1, -1)
            if self.actors[k]["end"] <= char and self.actors[k].get("kind") in kinds
        ]
        for k in candidates:
            where, subject = self.places[k]
            if where < sentence - 1:
                break
            if subject:
                return self.actors[k]
        return self.actors[candidates[0]] if candidates else None


# Documents that speak for the body that issued them ("the statement said").
_STATEMENTS = frozenset({"statement", "communique", "communiqué", "release", "declaration"})
_BODIES = frozenset({"organization", "group", "country"})


def _folded_words(name: str) -> set[str]:
    return {w.lower() for w in name.replace("-", " ").split()}


def _looks_like_a_name(span: Span) -> bool:
    """Two or more capitalised words and nothing else: a person's name as news writes it
    ("Raja Farooq Haider"), not a time ("10:02 GMT") or a described person."""
    return len(span) >= 2 and all(t.is_alpha and t.is_title for t in span)


def _indefinite(subject: Token) -> bool:
    return any(
        child.dep_ == "det" and "Ind" in child.morph.get("Definite") for child in subject.children
    )


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
    default_config={"dictionaries": [], "pronouns": []},
)
def make_quotes(
    nlp: Language, name: str, dictionaries: list[str], pronouns: list[str]
) -> QuoteFinder:
    """``dictionaries``: user files of kinds speech_verbs and pronouns (``pronouns``: the
    same, from older configs)."""
    return QuoteFinder(dictionaries, pronouns)
