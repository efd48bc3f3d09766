"""Misparses of the small English model that more than one stage repairs the same way.

The actors stage and the events stage both read subjects off the parse; where the parser is
reliably wrong in one shape, the repair lives here so that both read the same subject.
"""

from __future__ import annotations

from spacy.tokens import Token


def fronted_subject(verb: Token) -> Token | None:
    """ "After talks in Moscow, Azerbaijan and Armenia agreed": with no subject on the verb,
    the parser may have joined the subject to the fronted phrase's object as a conjunct after
    its comma. That conjunct, ending right before the verb, is the subject."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i > verb.i:
            continue
        for tok in prep.subtree:
            if (
                tok.dep_ == "conj"
                and tok.left_edge.i > 0
                and tok.doc[tok.left_edge.i - 1].text == ","
                and tok.pos_ in ("PROPN", "NOUN")
                and all(
                    t.dep_ in ("aux", "auxpass", "advmod", "neg")
                    for t in tok.doc[tok.right_edge.i + 1 : verb.i]
                )
            ):
                return tok
    return None


def fronted_subject_at(tok: Token) -> bool:
    """Whether this token (a conjunct) is part of a fronted-phrase subject of some verb above
    it (see ``fronted_subject``)."""
    for ancestor in tok.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            subject = fronted_subject(ancestor)
            if subject is not None:
                return tok.i >= subject.i and tok.i <= subject.right_edge.i
    return False


def series_clause(verb: Token) -> Token | None:
    """ "The party condemned the arrest, demanded his release and appealed for help": with
    no subject of its own, the verb after a comma was made the head and the first verb of
    the series its complement clause ("X said, Y did" read backwards). That clause, before
    the verb and closed by the comma, with a subject and an object of its own, is the first
    of a series whose subject every verb shares."""
    if verb.pos_ != "VERB" or any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children
    ):
        return None
    for clause in verb.children:
        if (
            clause.dep_ == "ccomp"
            and clause.i < verb.i
            and clause.doc[clause.right_edge.i + 1].text == ","
            and clause.right_edge.i + 2 == verb.i
            and any(c.dep_ == "nsubj" for c in clause.children)
            and any(c.dep_ == "dobj" for c in clause.children)
        ):
            return clause
    return None


# Types whose measure or deployment, naming no one, is laid on a place ("a curfew in Basra").
PLACE_TARGET_TYPES = frozenset({"COERCE", "MOBILIZE"})


def where_laid(tok: Token) -> list[Token]:
    """The place after "in" on the verb or its object ("a state of siege in Pando")."""
    heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                found = [
                    g
                    for g in prep.children
                    if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC")
                ]
                if found:
                    return found
    return []
