"""Trigger patterns: the event dictionaries, loaded and checked, and the verb patterns matched.

``data/events/verb_patterns.jsonl`` entries are dependency patterns: a verb or noun lemma plus
required children ("call" + prep "for"), with DependencyMatcher semantics. PhraseMatchers on the
lemmas find candidate tokens; each is checked against its own entries only, on the parse (a
DependencyMatcher over ~200 keys tried every node on every token). Where several entries match
one token the most constrained wins (more required children, then the more specific entry).

The CAMEO table (``plover_cameo.csv``) and the event cues (``cues.yaml``) that the other jobs
read are loaded and checked here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Token

from newsevents import codebook
from newsevents import dictionaries as dictionary_files
from newsevents.errors import DictionaryError
from newsevents.groups import GroupNames

CAMEO_FILE = "events/plover_cameo.csv"

PLOVER_TYPES = frozenset(codebook.PLOVER_TYPES)

# Cue kinds whose value maps words to numbers or CAMEO codes (cues.yaml).
_MAPPING_CUES = frozenset({"numbers", "refusal_codes", "request_codes"})


class _Rules:
    """The event dictionaries (CAMEO table, verb patterns, event cues), checked, with the verb
    patterns compiled for matching: what every document is read with."""

    def __init__(self, nlp: Language, dictionaries: Iterable[str] = ()) -> None:
        # User files of kinds cameo, verb_patterns and event_cues, told apart by their headers.
        extra = [Path(p) for p in dictionaries]
        self.cameo = {e["id"]: e for e in dictionary_files.load("cameo", extra)}
        for row in self.cameo.values():
            if row.get("type") not in PLOVER_TYPES:
                raise DictionaryError(f"{row['_where']}: unknown PLOVER type {row.get('type')!r}")
        self.patterns = {e["id"]: e for e in dictionary_files.load("verb_patterns", extra)}
        # Sectors of state institutions: the `state` column of sectors.csv.
        sectors = dictionary_files.load("sectors", extra)
        self.state_sectors = frozenset(
            e["id"] for e in sectors if dictionary_files.flag(e.get("state"))
        )
        # Names of the country groups an event implies ("Cambodian police"), as actors names them.
        self.groups = GroupNames(dictionary_files.load("countries", extra), sectors)
        cues = dictionary_files.load("event_cues", extra)
        self.cues: dict[str, list[dict[str, Any]]] = {}
        for entry in cues:
            if entry["kind"] in _MAPPING_CUES and not isinstance(entry.get("value"), dict):
                raise DictionaryError.of(
                    "NE010",
                    where=entry["_where"],
                    problem=f"a {entry['kind']} cue's value is a mapping (word: value)",
                )
            self.cues.setdefault(entry["kind"], []).append(entry)
        self.words = {kind: self._words(kind) for kind in self.cues}
        self.aux_modality = self._valued("aux")
        self.governor_modality = self._valued("governor")
        self.numbers: dict[str, int | None] = {}
        for entry in self.cues.get("numbers", []):
            self.numbers.update({str(k).lower(): v for k, v in entry["value"].items()})
        self.casualty = {w: e["value"] for e in self.cues.get("casualty", []) for w in e["words"]}
        self.verbal_protest = next(
            (str(e["value"]) for e in self.cues.get("verbal_protest", [])), "114"
        )
        self.refusal_codes: dict[str, str] = {}
        for entry in self.cues.get("refusal_codes", []):
            self.refusal_codes.update({k: str(v) for k, v in entry["value"].items()})
        self.request_codes: dict[str, str] = {}
        for entry in self.cues.get("request_codes", []):
            self.request_codes.update({k: str(v) for k, v in entry["value"].items()})
        # trigger lemma -> (sector, the cue's file:line) of the doer an agentless passive implies
        self.implied_actor: dict[str, tuple[str, str]] = {}
        for entry in self.cues.get("implied_actor", []):
            for word in entry.get("words", []):
                self.implied_actor[str(word).lower()] = (str(entry["value"]), str(entry["_where"]))
        # event type -> (sector, the cue's file:line) of whom an event naming no target addresses
        self.implied_target: dict[str, tuple[str, str]] = {}
        for entry in self.cues.get("implied_target", []):
            for word in entry.get("words", []):
                self.implied_target[str(word).upper()] = (str(entry["value"]), str(entry["_where"]))
        commitment = self.cues.get("commitment", [])
        self.commitment_cameo = str(commitment[0]["value"]) if commitment else None
        # Candidate triggers: a token whose lemma, or lower-case form, is some entry's word.
        # One C pass over the document; each candidate is then checked against the entries of
        # its own word only (see matches).
        self.by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.triggers: list[_Pattern] = []
        for entry in self.patterns.values():
            self._add_pattern(nlp, entry)
        # Event words (any trigger lemma) -> the PLOVER types they name, to resolve "the attack".
        self.event_nouns: dict[str, set[str]] = {}
        for entry in self.patterns.values():
            kind = self.cameo[str(entry["cameo"])]["type"]
            for lemma in entry["lemma"]:
                self.event_nouns.setdefault(str(lemma).lower(), set()).add(kind)

    def _words(self, kind: str) -> frozenset[str]:
        return frozenset(
            str(w).lower() for e in self.cues.get(kind, []) for w in e.get("words", [])
        )

    def _valued(self, kind: str) -> dict[str, str]:
        return {str(w).lower(): e["value"] for e in self.cues.get(kind, []) for w in e["words"]}

    def _add_pattern(self, nlp: Language, entry: dict[str, Any]) -> None:
        if str(entry.get("cameo")) not in self.cameo:
            raise DictionaryError(
                f"{entry['_where']}: cameo {entry.get('cameo')!r} not in {CAMEO_FILE}"
            )
        lemmas = entry.get("lemma") or []
        if not lemmas:
            raise DictionaryError(f"{entry['_where']}: an entry needs at least one lemma")
        pos = entry.get("pos", "VERB")
        allowed = {"VERB": ["VERB"], "NOUN": ["NOUN", "PROPN"], "ADJ": ["ADJ"]}[pos]
        # Lemmas are matched by spaCy's LEMMA; the lower-case form also catches forms the
        # lemmatizer leaves alone (e.g. a plural noun tagged PROPN).
        trigger = _Pattern(len(self.triggers), entry, allowed, lemmas)
        trigger.children = [_Node.build(nlp, c) for c in entry.get("children") or []]
        if entry.get("head"):
            trigger.head = _Node.build(nlp, entry["head"])
        self.triggers.append(trigger)
        key = str(trigger.index)
        self.by_lemma.add(key, [Doc(nlp.vocab, words=[w], lemmas=[w]) for w in lemmas])
        self.by_lower.add(key, [Doc(nlp.vocab, words=[w.lower()]) for w in lemmas])

    def matches(self, doc: Doc) -> dict[int, list[_Pattern]]:
        """Entries matching at each token, in data-file order: the trigger's part of speech and
        word, each required child (and its own children) among the token's dependents, the
        required head as its head. A child constraint is satisfied by any dependent, as in a
        spaCy DependencyMatcher: two required children may be the same token."""
        candidates: dict[int, set[int]] = {}
        for matcher in (self.by_lemma, self.by_lower):
            for key, start, _ in matcher(doc):
                candidates.setdefault(start, set()).add(int(doc.vocab.strings[key]))
        out: dict[int, list[_Pattern]] = {}
        for i, indices in candidates.items():
            tok = doc[i]
            found = [self.triggers[k] for k in sorted(indices) if self.triggers[k].match(tok)]
            if found:
                out[i] = found
        return out


class _Node:
    """A required neighbour of a trigger: token attributes plus required children of its own
    ("sent 40 lorries of food": dobj "lorries" > prep "of" > pobj "food"). Plain string
    attributes (``DEP``, ``LEMMA``, ... as a value, ``IN`` or ``NOT_IN``) are compared
    directly; any other spaCy token-pattern syntax is left to a one-node spaCy Matcher."""

    __slots__ = ("tests", "matcher", "children")

    def __init__(self) -> None:
        self.tests: list[tuple[str, str, frozenset[str]]] = []
        self.matcher: Matcher | None = None
        self.children: list[_Node] = []

    @classmethod
    def build(cls, nlp: Language, spec: dict[str, Any]) -> _Node:
        node = cls()
        attrs = {k: v for k, v in spec.items() if k != "children"}
        plain = True
        for key, value in attrs.items():
            name = _TOKEN_STRINGS.get(str(key).upper())
            if name is not None and isinstance(value, str):
                node.tests.append((name, "IN", frozenset([value])))
            elif (
                name is not None
                and isinstance(value, dict)
                and len(value) == 1
                and next(iter(value)) in ("IN", "NOT_IN")
                and all(isinstance(v, str) for v in next(iter(value.values())))
            ):
                op, values = next(iter(value.items()))
                node.tests.append((name, op, frozenset(values)))
            else:
                plain = False
        if not plain:
            node.tests = []
            node.matcher = Matcher(nlp.vocab)
            node.matcher.add("node", [[attrs]])
        node.children = [cls.build(nlp, c) for c in spec.get("children") or []]
        return node

    def match(self, tok: Token) -> bool:
        if self.matcher is not None:
            if not self.matcher(tok.doc[tok.i : tok.i + 1]):
                return False
        else:
            for name, op, values in self.tests:
                if (getattr(tok, name) in values) != (op == "IN"):
                    return False
        return all(any(n.match(c) for c in tok.children) for n in self.children)


class _Pattern:
    """A compiled ``verb_patterns.jsonl`` entry: what a candidate trigger token must satisfy."""

    __slots__ = ("index", "entry", "rank", "pos", "lemmas", "lowers", "children", "head")

    def __init__(
        self, index: int, entry: dict[str, Any], pos: list[str], lemmas: list[str]
    ) -> None:
        self.index = index
        self.entry = entry
        self.rank = _rank(entry)
        self.pos = frozenset(pos)
        self.lemmas = frozenset(lemmas)
        self.lowers = frozenset(w.lower() for w in lemmas)
        self.children: list[_Node] = []
        self.head: _Node | None = None

    def match(self, tok: Token) -> bool:
        if tok.pos_ not in self.pos or (
            tok.lemma_ not in self.lemmas and tok.lower_ not in self.lowers
        ):
            return False
        near = list(tok.children)
        if self.entry.get("light_only") and tok.dep_ == "dobj":
            # "filed a lawsuit against the police": the parser hangs the noun's preposition on
            # the light verb; one right after the noun is still the noun's.
            near += [c for c in tok.head.children if c.dep_ == "prep" and c.i > tok.i]
        if not all(any(n.match(c) for c in near) for n in self.children):
            return False
        # The sentence root has no head.
        return self.head is None or (tok.head.i != tok.i and self.head.match(tok.head))


# Pattern keys compared as strings on the token (spaCy's names for them).
_TOKEN_STRINGS = {
    "DEP": "dep_",
    "LEMMA": "lemma_",
    "LOWER": "lower_",
    "ORTH": "orth_",
    "TEXT": "text",
    "NORM": "norm_",
    "POS": "pos_",
    "TAG": "tag_",
    "ENT_TYPE": "ent_type_",
    "SHAPE": "shape_",
}


def _count_children(children: list[dict[str, Any]]) -> int:
    return sum(1 + _count_children(c.get("children") or []) for c in children)


def _rank(entry: dict[str, Any]) -> tuple[int, float]:
    # More required children first, then the more specific entry.
    constraints = _count_children(entry.get("children") or []) + (1 if entry.get("head") else 0)
    return (constraints, float(entry.get("specific", 0.5)))
