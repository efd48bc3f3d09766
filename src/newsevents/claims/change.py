"""The word that governs a figure, and the change or level it states.

"grown by over 4%" (a change of 4, up), "fell to 12 percent" (a new level, down), "from 15.3
percent to 12 percent" (the old level is kept with the new), "doubled to $3 billion", "stood
at 5%" (a level): the figure's place in the parse (the preposition it hangs on, or the verb
or noun it is the object or modifier of) and the change words of ``data/claims/changes.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from newsevents.claims.words import ClaimWords

# Prepositions that place a figure relative to a change word.
_PREPS = frozenset({"by", "to", "from", "at", "of", "in", "with", "around", "near"})
_OBJECTS = frozenset({"dobj", "attr", "npadvmod", "oprd", "acomp", "advmod", "nsubj", "appos"})
_MODIFIERS = frozenset({"nummod", "compound", "amod", "nmod", "quantmod"})


@dataclass(slots=True)
class Governor:
    word: Token | None  # the verb, noun or adjective the figure hangs on
    prep: Token | None  # the preposition in between ("by", "to"), if any


@dataclass(slots=True)
class Stated:
    direction: str | None  # up | down | none
    kind: str | None  # change | level | multiply | from-to
    start: int | None  # character span of the change words ("grown by")
    end: int | None


def governor(anchor: Token) -> Governor:
    """Where the parse hangs the figure whose head token is ``anchor``."""
    if anchor.dep_ == "pobj" and anchor.head.pos_ == "ADP":
        prep = anchor.head
        return Governor(prep.head if prep.head is not prep else None, prep)
    if anchor.dep_ == "conj":
        # "killed 16 and injured 300": the conjunct shares its first figure's governor.
        first = anchor.head
        if first.pos_ in ("NUM", "NOUN"):
            return governor(first)
        return Governor(first, None)
    if anchor.dep_ in _OBJECTS or anchor.dep_ in _MODIFIERS:
        return Governor(anchor.head if anchor.head is not anchor else None, None)
    return Governor(None, None)


def stated(gov: Governor, words: ClaimWords, previous: bool) -> Stated:
    """The change the governor states; ``previous``: a "from" figure goes with this one."""
    word = gov.word
    if word is None:
        return Stated(None, None, None, None)
    change = words.changes.get(word.lemma_.lower())
    if change is None:
        return Stated(None, None, None, None)
    prep = gov.prep.lower_ if gov.prep is not None else None
    if prep is not None and prep not in _PREPS:
        return Stated(None, None, None, None)
    kind = change.kind
    if change.kind == "change" and prep in ("to", "at"):
        kind = "level"
    elif change.kind == "change" and prep == "from":
        kind = "previous"  # "down from 52.9%": the level before the change
    if previous:
        kind = "from-to"
    start, end = word.idx, word.idx + len(word)
    if gov.prep is not None and gov.prep.i > word.i and gov.prep.i - word.i <= 4:
        end = gov.prep.idx + len(gov.prep)
    return Stated(change.direction, kind, start, end)


def from_to(gov: Governor) -> Token | None:
    """For a figure after "to": the pobj of the same word's "from" ("from 9% to 12%")."""
    if gov.word is None or gov.prep is None or gov.prep.lower_ != "to":
        return None
    for child in gov.word.children:
        if child.dep_ == "prep" and child.lower_ == "from":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None
