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
# Prepositions that are also qualifiers and name a level passed ("climbed above 90 percent",
# "fell below 2%"): the figure is a level, the qualifier says which side of it.
_PAST = frozenset({"above", "below", "beyond", "under"})
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
        word = prep.head if prep.head is not prep else None
        if prep.lower_ == "of" and word is not None and word.pos_ == "NOUN":
            # "dropped to a record low of 49.7 percent", "brought the toll to a total of
            # 303": the figure is the level the verb reached.
            level = word.head if word.dep_ == "pobj" else None
            if level is not None and level.lower_ in ("to", "at") and level.head.pos_ == "VERB":
                return Governor(level.head, level)
        return Governor(word, prep)
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
    if prep is not None and prep not in _PREPS and prep not in _PAST:
        return Stated(None, None, None, None)
    kind = change.kind
    if change.kind == "change" and (prep in ("to", "at") or prep in _PAST):
        kind = "level"
    elif change.kind == "change" and prep == "from":
        kind = "previous"  # "down from 52.9%": the level before the change
    if previous:
        kind = "from-to"
    start, end = word.idx, word.idx + len(word)
    if gov.prep is not None and gov.prep.i > word.i and gov.prep.i - word.i <= 4:
        end = gov.prep.idx + len(gov.prep)
    return Stated(change.direction, kind, start, end)


def joined_range(
    first: Token, second: Token, gov_first: Governor, gov_second: Governor
) -> Governor | None:
    """Two figures written "X to Y" after "from", which the parser reads as one range
    ("rose from 9% to 12%", "narrowed from $4.1 billion to $3.2 billion"): the governor of
    the pair (the change word and its "from"), else None. ``first`` and ``second`` are the
    last token of the first figure and the first of the second."""
    doc = first.doc
    if second.i - first.i != 2 or doc[first.i + 1].lower_ != "to":
        return None
    for gov in (gov_second, gov_first):
        if gov.prep is not None and gov.prep.lower_ == "from" and gov.word is not None:
            return gov
    return None


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
