"""What a figure measures, from the dependency parse.

A counted noun is its own subject ("40,000 troops"). Otherwise the subject is what the
figure is a share or amount of ("61% of the vote", "$3 billion in aid"), the noun it
modifies or is the value of ("a $20 million loan", "an unemployment rate of 7%", "aid worth
$20 million", "a 4% increase in exports": the thing increased), or the subject of the verb
it completes ("cooperation has grown by over 4%", "turnout was 61%", "exports are expected
to rise 3%").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsevents.claims.change import Governor
from newsevents.claims.words import ClaimWords

_OF = frozenset({"of", "in", "for", "on"})
_SUBJECTS = ("nsubj", "nsubjpass")
# Arcs from a subjectless verb to the one whose subject it shares: "is expected to grow",
# "rose and reached", "said to have fallen".
_CLIMB = frozenset({"xcomp", "conj", "advcl", "ccomp"})
_LEADING = frozenset({"det", "punct", "cc", "prep", "advmod", "quantmod", "nummod"})
OF_WORDS = 6  # an of-phrase up to this long is part of the subject ("the number of refugees")


def subject(
    anchor: Token, counted: bool, gov: Governor, words: ClaimWords, figure: range
) -> Span | None:
    """The measured subject of the figure spanning tokens ``figure`` (None when the parse
    names none)."""
    if counted:
        return _phrase(anchor, figure)
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ in _OF:
            obj = _pobj(child)
            if obj is not None and obj.i not in figure:
                return _phrase(obj, figure)
    word = gov.word
    if word is None:
        return None
    if word.pos_ in ("NOUN", "PROPN"):
        if word.lemma_.lower() in words.changes:
            # "a 4% increase in exports": what increased.
            for child in word.children:
                if child.dep_ == "prep" and child.lower_ in _OF:
                    obj = _pobj(child)
                    if obj is not None and obj.i not in figure:
                        return _phrase(obj, figure)
            return _of_verb(word, figure)
        return _phrase(word, figure)
    if word.pos_ == "ADJ" and word.head is not word and word.head.pos_ in ("NOUN", "PROPN"):
        return _phrase(word.head, figure)  # "aid worth $20 million"
    if word.pos_ in ("VERB", "AUX"):
        return _of_verb(word, figure)
    return None


def _of_verb(word: Token, figure: range) -> Span | None:
    node = word
    for _ in range(3):
        for child in node.children:
            if child.dep_ in _SUBJECTS and child.i not in figure:
                if child.tag_ in ("WDT", "WP") and node.dep_ == "relcl":
                    return _phrase(node.head, figure)
                return _phrase(child, figure)
        if node.dep_ == "relcl" and node.head.pos_ in ("NOUN", "PROPN"):
            return _phrase(node.head, figure)
        if node.dep_ not in _CLIMB or node.head is node:
            break
        node = node.head
    return None


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _phrase(head: Token, figure: range) -> Span:
    """The noun phrase of ``head``: its left modifiers (not the figure, not a determiner) and
    a short of-phrase after it."""
    doc = head.doc
    start = head.left_edge.i
    while start < head.i and (start in figure or doc[start].dep_ in _LEADING):
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            stop = child.right_edge.i + 1
            if stop - end <= OF_WORDS and not any(i in figure for i in range(end, stop)):
                end = stop
            break
    return doc[start:end]
