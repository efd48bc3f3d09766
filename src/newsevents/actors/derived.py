"""Actors named through another actor, found once every item is resolved.

Followers ("supporters of opposition leader X") are a group of X's country; land named by who
holds it ("Kurdish-controlled regions", "rebel-held towns") stands for its holder; "the group"
(``roles.csv`` ``org_anaphor``) refers to the last organisation named shortly before.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsevents.actors.country import _Countries
from newsevents.actors.dictionary import _COUNTRY, _DEMONYM, _ETHNIC, _GROUP, _ORG, _TITLE, _Actor
from newsevents.nlp import PLACES

# Sectors of movements: their followers share the sector ("supporters of the opposition").
_MOVEMENTS = frozenset({"OPP", "REB", "PTY", "INS", "SEP"})


class _Derived(_Countries):
    """The passes after every item is resolved (see the module docstring)."""

    def _controlled_territory(self) -> None:
        """ "an offensive against Kurdish-controlled regions", "shelled rebel-held towns": land
        named by who controls it stands for that party. An ethnic or agent-noun controller
        is a non-state armed group (or the noun's own sector: "government-held") of the
        context country; a country, its military; an organisation, itself."""
        doc = self.doc
        for hyphen in doc:
            i = hyphen.i
            if hyphen.text != "-" or i == 0 or i + 1 >= len(doc):
                continue
            control = doc[i + 1]
            land = control.head
            if (
                control.lower_ not in self.o.controls
                or land.i <= control.i
                or land.lower_ not in self.o.territories
            ):
                continue
            owner = self.at.get(i - 1)
            if owner is None or owner.end != i:
                continue
            if owner.kind == _ORG:
                actor: _Actor | None = self._org(owner.key)
            elif owner.kind in (_COUNTRY, _DEMONYM):
                actor = self._group(owner.key, "MIL")
            elif owner.kind == _ETHNIC:
                actor = self._group(self._context_country(owner.start), "REB")
            elif owner.kind == _GROUP:
                sector = self.o.agent_rows[owner.key]["sector"]
                actor = self._group(self._context_country(owner.start), sector)
            else:
                actor = None
            self._emit(owner.start, land.i + 1, actor)

    def _organisation_anaphors(self) -> None:
        """ "The ELN suspended the talks ... The group later released two officers": "the
        group" (``roles.csv`` ``org_anaphor``) refers to the last organisation named in its
        sentence or the two before, if nothing else covers the noun."""
        orgs = sorted(
            (start, actor) for start, _, actor, _ in self.mentions if actor.kind == "organization"
        )
        for tok, window in self._definite_anaphors(self.o.org_anaphors):
            earlier = [actor for start, actor in orgs if window <= start < tok.i - 1]
            if earlier:
                self._emit(tok.i, tok.i + 1, earlier[-1])

    def _definite_anaphors(self, nouns: set[str]) -> list[tuple[Token, int]]:
        """Each "the <noun>" (a singular common noun of ``nouns``) no mention covers, with the
        first token of the window it refers back into: its sentence and the two before."""
        doc = self.doc
        covered = {t for start, end, _, _ in self.mentions for t in range(start, end)}
        found = []
        for tok in doc:
            if (
                tok.lower_ not in nouns
                or tok.tag_ != "NN"
                or tok.i in covered
                or tok.i == 0
                or doc[tok.i - 1].lower_ != "the"
            ):
                continue
            window = tok.sent.start
            for _ in range(2):
                if window > 0:
                    window = doc[window - 1].sent.start
            found.append((tok, window))
        return found

    def _country_anaphors(self) -> None:
        """ "An earthquake struck Afghanistan ... delivered aid to the country": "the country"
        (``roles.csv`` ``country_anaphor``) is the country named, as an actor or a place, in
        its sentence or the two before, where a country's name would be an actor there; not
        when the window names two countries (which one is unsaid)."""
        doc = self.doc
        named = [
            (start, actor.country)
            for start, _, actor, _ in self.mentions
            if actor.kind == "country" and actor.country
        ]
        for place in doc._.get(PLACES) or []:
            span = doc.char_span(place["start"], place["end"], alignment_mode="expand")
            if span is not None and place.get("country"):
                named.append((span.start, place["country"]))
        for tok, window in self._definite_anaphors(self.o.country_anaphors):
            if not (
                self._acts(doc[tok.i : tok.i + 1], self.o.actor_deps)
                or self._argument_modifier(doc[tok.i : tok.i + 1])
            ):
                continue
            countries = {iso for start, iso in named if window <= start < tok.i - 1}
            if len(countries) == 1:
                self._emit(tok.i, tok.i + 1, self._country_actor(countries.pop()))

    def _followers(self) -> None:
        """ "supporters of opposition leader X", "loyalists of the party": the followers are
        the actor, a group of X's country, in X's sector where that is a movement's (an
        opposition's supporters are opposition), else civilians ("supporters of the
        president" are not the government). The mention spans the whole phrase, so it wins
        over X's own mention there."""
        doc = self.doc
        for start, end, actor, _ in list(self.mentions):
            if actor.country is None:
                continue
            sector = actor.sector if actor.sector in _MOVEMENTS else "CVL"
            # "demonstrators supporting President X": the participle names the same followers.
            verb = start - 1
            while verb > 0 and verb in self.at and self.at[verb].kind == _TITLE:
                verb -= 1
            if (
                verb >= 1
                and doc[verb].lower_ in self.o.follower_verbs
                and doc[verb - 1].tag_ in ("NNS", "NNPS")
            ):
                self._emit(verb - 1, end, self._group(actor.country, sector))
                continue
            j = start - 1
            while j > 0 and doc[j].pos_ in ("DET", "ADJ", "PROPN", "NOUN") and j > start - 4:
                if doc[j].lower_ == "of":
                    break
                if j in self.at and self.at[j].kind not in (_TITLE,):
                    break  # another actor between: not "of X"
                j -= 1
            if j < 1 or doc[j].lower_ != "of" or doc[j - 1].lower_ not in self.o.followers:
                continue
            self._emit(j - 1, end, self._group(actor.country, sector))
