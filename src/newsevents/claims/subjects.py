"""What a figure measures, from the dependency parse.

In order:

1. a counted noun is its own subject ("40,000 troops"), unless it is the amount of a change
   ("cut the public service by 41,000 jobs": the public service); money is an amount of
   what follows "in", "for" or "on" ("$7 billion in canal income");
2. a change or level verb's object, else its subject ("cut spending by 31 billion", "brought
   the toll to 303", "cooperation has grown by over 4%", "turnout reached 81.6%");
3. the noun the figure modifies or is the value of ("a $20 million loan", "a fiscal surplus
   of 1.8%"; for a change noun, what changed: "a 4% increase in exports");
4. what the figure is a share or amount of ("61% of the vote", "$3 billion in aid");
5. through an adjective or adverb, the noun or verb it qualifies ("aid worth $20 million",
   "down from 52.9%");
6. the subject of any other verb it completes ("turnout was 61%").

A wire dateline ("JAKARTA —") is never a subject, though the parser often makes it one.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsevents.claims.change import Governor
from newsevents.claims.words import ClaimWords

_OF = frozenset({"of", "in", "for", "on"})
_CONTENT = frozenset({"in", "for", "on"})  # "$3 billion in aid", "... for reconstruction"
_AFTER = frozenset({"of", "in", "to", "for", "from", "on"})
_SUBJECTS = ("nsubj", "nsubjpass")
_OBJECTS = ("dobj",)
# Arcs from a subjectless verb to the one whose subject it shares: "is expected to grow",
# "rose and reached", "said to have fallen".
_CLIMB = frozenset({"xcomp", "conj", "advcl"})
_LEADING = frozenset({"det", "punct", "cc", "prep", "quantmod", "nummod"})
_AMOUNT = frozenset({"by", "to", "from", "at"})
PHRASE_WORDS = 6  # a prepositional phrase up to this long belongs to the subject
# Units of measure (lemmas) a figure may count: the thing measured is elsewhere.
MEASURES = frozenset({
    "hectare", "acre", "tonne", "ton", "kilogram", "kg", "gram", "pound", "litre", "liter",
    "barrel", "gallon", "metre", "meter", "kilometre", "kilometer", "km", "mile",
    "megawatt", "gigawatt", "mw", "gw", "kilowatt", "kwh",
})  # fmt: skip


def subject(
    anchor: Token,
    counted: bool,
    gov: Governor,
    words: ClaimWords,
    figure: range,
    floor: int,
    money: bool = False,
) -> Span | None:
    """The measured subject of the figure spanning tokens ``figure`` (None when the parse
    names none); ``floor`` is the first character after the sentence's dateline."""
    word = gov.word
    prep = gov.prep.lower_ if gov.prep is not None else None
    verb = word is not None and word.pos_ in ("VERB", "AUX")
    change = word is not None and word.lemma_.lower() in words.changes
    if verb and counted and anchor.lemma_.lower() in MEASURES and not _has_of(anchor, figure):
        # A unit of measure says how much, not of what: "cultivation covered 253,000
        # hectares" (with "of", "960 tonnes of cocaine", the phrase below names it).
        found = _of_verb(word, figure, floor)
        if found is not None:
            return found
    if counted and not (verb and change and prep in _AMOUNT):
        # A counted noun's own phrase; a place or time after it ("arrests in Nairobi") is
        # where it was counted, not what.
        return _phrase(anchor, figure, floor, after=False)
    if money:
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in _CONTENT:
                obj = _pobj(child)
                if obj is not None and obj.i not in figure:
                    return _phrase(obj, figure, floor)  # "$7 billion in canal income"
    if verb and (change or prep in _AMOUNT):
        found = _object(word, figure, floor) if prep in _AMOUNT or change else None
        return found or _of_verb(word, figure, floor)
    if word is not None and word.pos_ in ("NOUN", "PROPN") and not _unit_word(word, words):
        if change:
            # "a 4% increase in exports": what increased.
            for child in word.children:
                if child.dep_ == "prep" and child.lower_ in _OF:
                    obj = _pobj(child)
                    if obj is not None and obj.i not in figure:
                        return _phrase(obj, figure, floor)
            return _of_verb(word, figure, floor)
        return _phrase(word, figure, floor)
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ in _OF:
            obj = _pobj(child)
            if obj is not None and obj.i not in figure:
                return _phrase(obj, figure, floor)
    if word is None:
        return None
    if word.pos_ in ("ADJ", "ADV") and word.head is not word:
        if word.head.pos_ in ("NOUN", "PROPN"):
            return _phrase(word.head, figure, floor)  # "aid worth $20 million"
        if word.head.pos_ in ("VERB", "AUX"):
            return _of_verb(word.head, figure, floor)  # "fell ..., down from 52.9%"
        return None
    if verb:
        return _of_verb(word, figure, floor)
    return None


def _has_of(token: Token, figure: range) -> bool:
    """``token`` has an "of" phrase outside the figure ("tonnes of cocaine")."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and c.i not in figure for c in token.children)


def _unit_word(token: Token, words: ClaimWords) -> bool:
    """A currency, percent or scale word heads another figure ("$4 billion, or 32 percent")."""
    return (token.lower_,) in words.units or token.like_num


def _object(verb: Token, figure: range, floor: int) -> Span | None:
    for child in verb.children:
        if child.dep_ in _OBJECTS and child.i not in figure and child.pos_ != "NUM":
            return _phrase(child, figure, floor)
    return None


def _of_verb(word: Token, figure: range, floor: int) -> Span | None:
    node = word
    for _ in range(3):
        for child in node.children:
            if child.dep_ in _SUBJECTS and child.i not in figure:
                if child.tag_ in ("WDT", "WP") and node.dep_ == "relcl":
                    return _phrase(node.head, figure, floor)
                head = outside_dateline(child, floor)
                if head is not None:
                    return _phrase(head, figure, floor)
        if node.dep_ == "relcl" and node.head.pos_ in ("NOUN", "PROPN"):
            return _phrase(node.head, figure, floor)
        if node.dep_ not in _CLIMB or node.head is node:
            break
        node = node.head
    return None


def outside_dateline(token: Token, floor: int) -> Token | None:
    """``token``, or what stands for it when the parser folded the dateline into the
    sentence ("JAKARTA — Indonesia will ...": Indonesia, the apposition)."""
    if token.idx >= floor:
        return token
    for child in token.children:
        if child.idx >= floor and child.dep_ in ("appos", "conj", "compound"):
            return child
    return None


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _phrase(head: Token, figure: range, floor: int, after: bool = True) -> Span:
    """The noun phrase of ``head``: its left modifiers (not the figure, a determiner or the
    dateline) and a short prepositional phrase after it ("exports to the United States")."""
    doc = head.doc
    start = head.left_edge.i
    if figure.start >= start and figure.stop <= head.i:
        start = figure.stop  # "the country's $3.4 billion loan programme": the programme
    while start < head.i and (
        start in figure or doc[start].dep_ in _LEADING or doc[start].idx < floor
    ):
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and (child.lower_ in _AFTER if after else child.lower_ == "of"):
            stop = child.right_edge.i + 1
            if stop - end <= PHRASE_WORDS and not any(i in figure for i in range(end, stop)):
                end = stop
            break
        if child.dep_ not in ("compound", "amod", "punct"):
            break
    return doc[start:end]
