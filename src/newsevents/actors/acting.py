"""When a name is an actor: countries, capitals and demonyms act only in some roles.

Countries and capitals are actors only when they act: the dependency role of the name
(climbing conjunctions and appositions) must be one of the ``actor_dep`` labels in
``roles.csv`` (subject, object, possessor, ...), or the object of an ``actor_preposition``
("talks with the U.S.", "between Syria and Russia"), or the object of an
``argument_preposition`` (on/for/from/to) of an event noun or verb ("sanctions on Iran", "aid
for Chad") -- not of a ``motion`` word ("flew to Moscow") or an agent noun ("envoy to Sudan"),
and "from" after a plural noun names origin ("peacekeepers from South Africa"). A country or
demonym modifying a thing in such a phrase is acted on ("tariffs on billions of dollars of US
goods"). "in Syria" is a place, not an actor. A capital (``capital`` and ``capital_aliases``:
other spellings, seats of government) stands for its government with the stricter
``capital_dep`` roles (subject, object, possessor: "Moscow's engagement", "accused Minsk") or
after those prepositions; it is coded as the country (``country:<ISO3>``, GOV), and is skipped
where the places stage put it in another country. Organisations marked ``place: true`` (the
Kremlin, the White House) follow the country rule. Names in a wire dateline ("KADUNA, Nigeria
—") are never actors.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsevents.actors.document import _Document
from newsevents.syntax import fronted_subject_at


class _Acting(_Document):
    """Whether a name acts (see the module docstring); ``component`` applies it to each name."""

    def _acts(self, span: Span, deps: set[str]) -> bool:
        """Whether a name is an actor by its dependency role (see the module docstring)."""
        tok: Token = span.root
        while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
            if tok.dep_ == "conj" and fronted_subject_at(tok):
                # "After talks in Moscow, Azerbaijan and Armenia agreed": the subject the
                # parser joined to the fronted phrase (newsevents.syntax).
                return "nsubj" in deps
            if tok.dep_ == "compound" and tok.head.i in range(span.start, span.end):
                break
            if tok.dep_ == "compound":
                return False
            tok = tok.head
        if tok.dep_ in deps:
            return True
        return tok.dep_ == "pobj" and self._argument_prep(tok.head)

    def _argument_prep(self, prep: Token) -> bool:
        """A preposition whose object is an actor: "talks with", "between", the passive
        "by", or an argument preposition of an event noun or verb ("sanctions on", "aid
        for"), not of a motion word ("flew to") or an agent noun ("envoy to")."""
        if prep.lower_ in self.o.actor_preps or prep.dep_ == "agent":
            return True
        head = prep.head
        # "peacekeepers from South Africa", "migrants from Syria": people named by their
        # origin, not an action's source ("aid from Japan", "pressure from Washington").
        origin = prep.lower_ == "from" and head.tag_ in ("NNS", "NNPS")
        return (
            prep.lower_ in self.o.argument_preps
            and not origin
            and head.i != prep.i
            and head.pos_ in ("NOUN", "VERB")
            and head.lemma_.lower() not in self.o.motion
            and head.i not in self.at
        )

    def _argument_modifier(self, span: Span) -> bool:
        """A country modifying a thing that an argument preposition governs ("sanctions on
        Russian oil", "tariffs on billions of dollars of US goods"): the country is acted on."""
        tok: Token = span.root
        if tok.dep_ not in ("compound", "amod", "nmod") or tok.head.pos_ != "NOUN":
            return False
        noun = tok.head
        if noun.i in self.at:
            return False  # "Russian troops" is a group, coded elsewhere
        while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
            noun = noun.head.head  # climb "billions of dollars of ..."
        return noun.dep_ == "pobj" and self._argument_prep(noun.head)
