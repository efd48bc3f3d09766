"""Groups: agent nouns ("troops", "government", "police") coded as a country's group.

Country/demonym/capital (or a person: "the al-Sharaa government") + agent group ->
``group:<ISO3>-<SECTOR>`` spanning both ("Syrian government", "Russian troops"). An
organisation + group ("Hamas fighters") is a mention of that organisation. Coordinated
modifiers share the group, one mention each spanning only the modifier ("Indian and Pakistani
troops", "Israeli and Hamas delegations"). A possessive pronoun before a group ("Hamas said
its fighters", "Russia said its troops") stands for the subject of its sentence's main verb,
else the nearest earlier actor (then the same in the sentence before): an organisation is
itself, a country or person gives its country's group. A group + "from"/"of" + countries is
each country's group ("officials from India and Pakistan", "the foreign ministers of Kenya and
Ethiopia"). A bare group that is the addressee of a speech verb (``roles.csv``
``audience_verb``: "told reporters", "spoke to the press") is an audience, not an actor. A
group marked ``bare`` in agents.csv is an actor on its own ("police", "villagers", "gunmen",
"suspects", "students"), coded with the context country; after "foreign"/"international"
(``roles.csv`` ``foreign``) its country is unknown. A counted group is an actor even where its
noun alone is not ("detained 74 people", "hundreds of people"). "The union", "the party":
a definite group noun that ends the name of an organisation named earlier is that
organisation. A group named only as the
office of a title ("the head of the mission") is not an actor.

Convention for sponsored, ethnic and sub-national groups: a group's country is the country it
operates in. A hyphenated sponsor ("Russian-backed", "Kurdish-led": ``roles.csv``
``sponsor``) and an ethnic or communal adjective (``ethnic_groups.csv``: "Kurdish", "Fulani")
do not give the group a country; it takes the context country, and a state's armed noun there
(MIL, COP) becomes a non-state armed group (REB). Display names are the demonym + the
sector's ``group_name`` from sectors.csv ("Syrian government", "Nigerian police").
"""

from __future__ import annotations

from newsevents.actors.country import _Countries
from newsevents.actors.dictionary import (
    _CAPITAL,
    _COUNTRY,
    _DEMONYM,
    _ETHNIC,
    _GROUP,
    _NAME,
    _ORG,
    _PERSON,
    _REF,
    _TITLE,
    _Actor,
)
from newsevents.actors.document import _Item

# Sectors that act within their own country's jurisdiction: courts and police (see
# _Groups._jurisdiction).
_JURISDICTION = frozenset({"JUD", "COP"})

# Possessive pronouns before a group noun, and whether their owner is a person.
_POSSESSIVE_PRONOUNS = {"its": "other", "their": "other", "his": "person", "her": "person"}


class _Groups(_Countries):
    """Agent-noun groups (see the module docstring)."""

    def _resolve_group(self, it: _Item) -> None:
        if not self._is_head(it) or self._of_title(it):
            return
        row = self.o.agent_rows[it.key]
        if row["instrument"] and not self._doer(it):
            return
        sector = row["sector"]
        mod = self._item_ending_before(it.start)
        if mod is not None and mod.kind == _REF:
            src = self._ref_source(mod)
            if src is not None and src.kind == _ORG:
                mod = src if src.end == mod.end else _Item(mod.start, mod.end, _ORG, src.key)
        if mod is None and self._sponsored(it) or mod is not None and mod.kind == _ETHNIC:
            # A sponsored or ethnic group acts where it operates; a state's armed noun there
            # is a non-state armed group ("Kurdish-led forces", "Russian-backed troops").
            if sector in ("MIL", "COP"):
                sector = "REB"
            start = it.start if mod is None else mod.start
            if mod is not None:
                self._consume_between(mod, it)
            it.actor = self._group(self._context_country(start), sector)
            self._emit(start, it.end, it.actor)
        elif mod is not None and mod.kind in (_COUNTRY, _DEMONYM, _CAPITAL, _ORG):
            self._consume_between(mod, it)
            conjuncts = self._coordinated(mod)
            for m in [*conjuncts, mod]:
                m.consumed = True
                m.actor = self._org(m.key) if m.kind == _ORG else self._group(m.key, sector)
                # Coordinated modifiers ("Indian and Pakistani troops") each span only
                # themselves; a single country modifier spans the whole group.
                end = m.end if conjuncts or m.kind == _ORG else it.end
                self._emit(m.start, end, m.actor)
            it.actor = mod.actor
        elif mod is not None and mod.kind in (_PERSON, _NAME, _REF) and not mod.consumed:
            actor = mod.actor or self._ref_actor(mod)
            if actor is not None and actor.country:
                self._consume_between(mod, it)
                self._emit(mod.start, it.end, self._group(actor.country, row["sector"]))
        elif mod is None and (named := self._named_before(it)) is not None:
            # "The Zambezi Workers' Union called a strike. The union said ...": a definite
            # description whose noun heads an organisation named earlier is that organisation.
            it.actor = named
            self._emit(it.start, it.end, named)
        elif mod is None and self._from_countries(it, sector):
            return
        elif mod is None and (owner := self._possessor(it)) is not None:
            # "Hamas said its fighters ...": the organisation itself; "Russia said its
            # troops ...": that country's group of the noun's sector.
            it.actor = owner if owner.kind == "organization" else self._group(owner.country, sector)
            self._emit(it.start, it.end, it.actor)
        elif mod is None and (iso := self._jurisdiction(it, sector)) is not None:
            it.actor = self._group(iso, sector)
            self._emit(it.start, it.end, it.actor)
        elif mod is None and (row["bare"] or self._counted(it)) and not self._audience(it):
            foreign = any(
                t.lower_ in self.o.foreign for t in self.doc[max(0, it.start - 2) : it.start]
            )
            iso = (
                None
                if foreign
                else self._context_country(it.start, exclude=self._foreign_of(it, sector))
            )
            it.actor = self._group(iso, row["sector"])
            self._emit(it.start, it.end, it.actor)

    def _jurisdiction(self, it: _Item, sector: str) -> str | None:
        """ "In February, a court sentenced Navalny", "Kem Sokha was arrested by police":
        courts and police with no country of their own try and hold their own country's
        people. The country of the coded person their verb acts on, when nothing earlier in
        the sentence names one (a dateline abroad is no evidence against it)."""
        if sector not in _JURISDICTION:
            return None
        doc = self.doc
        tok = doc[it.end - 1]
        if tok.dep_ == "nsubj":
            verb, objects = tok.head, ("dobj",)
        elif tok.dep_ == "pobj" and tok.head.dep_ == "agent":
            verb, objects = tok.head.head, ("nsubjpass",)
        else:
            return None
        sent = tok.sent
        if any(sent.start <= t < it.start for t, _, _ in self.evidence):
            return None
        for obj in (c for c in verb.children if c.dep_ in objects):
            for t in (obj, *obj.conjuncts):
                item = self.at.get(t.i)
                if item is None or item.kind not in (_PERSON, _NAME, _REF):
                    continue
                actor = item.actor or self._ref_actor(item)
                if actor is not None and actor.country:
                    return actor.country
        return None

    def _named_before(self, it: _Item) -> _Actor | None:
        """The organisation named earlier whose name ends in this group's one noun, when the
        noun comes after "the" ("the party", "the union"); the latest such, if several."""
        if it.end - it.start != 1 or it.start == 0 or self.doc[it.start - 1].lower_ != "the":
            return None
        noun = self.doc[it.start].lemma_.lower()
        found: tuple[int, _Actor] | None = None
        for start, _, actor, _ in self.mentions:
            if start >= it.start or actor.kind != "organization":
                continue
            words = actor.name.lower().split()
            ends_in_noun = bool(words) and words[-1].strip("'’s") in (noun, noun + "s")
            if ends_in_noun and (found is None or start > found[0]):
                found = (start, actor)
        return found[1] if found else None

    def _person_group(self, ref: _Item) -> bool:
        """ "the al-Sharaa government": a person's name + group -> that person's country."""
        nxt = self.at.get(ref.end)
        if nxt is None or nxt.kind != _GROUP or nxt.consumed or ref.actor is None:
            return False
        if ref.actor.country is None or not self._is_head(nxt):
            return False
        sector = self.o.agent_rows[nxt.key]["sector"]
        nxt.consumed = True
        self._emit(ref.start, nxt.end, self._group(ref.actor.country, sector))
        return True

    def _possessor(self, it: _Item) -> _Actor | None:
        """The actor a possessive pronoun before a group noun stands for ("its fighters",
        "their troops", "his government"): the subject of its sentence's main verb where that
        is an actor mentioned before the pronoun ("Hamas said its fighters ..."), else the
        nearest actor mentioned before it in the sentence; failing both, the same in the
        sentence before. A person for "his"/"her", not a person for "its"/"their"; only
        organisations and actors with a country."""
        doc = self.doc
        pronoun = next(
            (
                t
                for t in doc[max(0, it.start - 3) : it.start]
                if t.tag_ == "PRP$" and t.lower_ in _POSSESSIVE_PRONOUNS
            ),
            None,
        )
        if pronoun is None:
            return None
        person = _POSSESSIVE_PRONOUNS[pronoun.lower_] == "person"
        sent = pronoun.sent
        for span in (sent, doc[sent.start - 1].sent if sent.start > 0 else None):
            if span is None:
                continue
            before = [
                (start, end, actor)
                for start, end, actor, _ in self.mentions
                if span.start <= start
                and end <= min(span.end, pronoun.i)
                and (actor.kind == "person") == person
                and (actor.country or actor.kind == "organization")
            ]
            subjects = {c.i for c in span.root.children if c.dep_ in ("nsubj", "nsubjpass")}
            main = [m for m in before if subjects.intersection(range(m[0], m[1]))]
            if main or before:
                return (main or sorted(before, key=lambda m: m[1]))[-1][2]
        return None

    def _doer(self, it: _Item) -> bool:
        """The phrase is a subject or a passive's agent: "Russian drones hit Odesa", "hit by
        Israeli airstrikes" (not "fired missiles at a ship": there it is the instrument)."""
        tok = self.doc[it.end - 1]
        if tok.dep_ == "pobj" and tok.head.lower_ in self.o.settings:
            # "were killed in an Israeli drone strike": the weapon an agentless passive
            # happened in (roles.csv setting_preposition) did it.
            verb = tok.head.head
            return any(c.dep_ == "auxpass" for c in verb.children) and not any(
                c.dep_ == "agent" for c in verb.children
            )
        return tok.dep_ == "nsubj" or (tok.dep_ == "pobj" and tok.head.dep_ == "agent")

    def _counted(self, it: _Item) -> bool:
        """ "detained 74 people", "hundreds of people": a counted group acts or is acted on
        even where the bare noun alone ("people say") is no actor."""
        tok = self.doc[it.end - 1]
        if any(c.dep_ == "nummod" for c in tok.children):
            return True
        quantity = tok.head.head
        # "hundreds of", "thousands of": a plural number word is a count too.
        number = self.o.vocab[quantity.lower_.removesuffix("s")].like_num
        return (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and (quantity.tag_ == "CD" or quantity.like_num or number)
        )

    def _from_countries(self, it: _Item, sector: str) -> bool:
        """ "officials from India and Pakistan", "troops from Chad", "the foreign ministers
        of Kenya and Ethiopia": the group of each country after "from" or "of"; the first
        mention spans the group noun too."""
        doc = self.doc
        j = it.end
        if j >= len(doc) or doc[j].lower_ not in ("from", "of"):
            return False
        noun = doc[it.end - 1]
        if (
            doc[j].lower_ == "from"
            and noun.dep_ == "pobj"
            and noun.head.lower_ == "of"
            and noun.head.head.lemma_.lower() in self.o.moved_forces
        ):
            return False  # "the withdrawal of troops from Iraq": where they leave
        j += 1
        while j < len(doc) and doc[j].pos_ == "DET":
            j += 1
        first = self.at.get(j)
        if first is None or first.kind not in (_COUNTRY, _CAPITAL) or first.start != j:
            return False
        countries = [first]
        for conj in doc[first.start : first.end].root.conjuncts:
            other = self.at.get(conj.i)
            if other is not None and other.kind in (_COUNTRY, _CAPITAL) and conj.i > j:
                countries.append(other)
        for c in countries:
            c.consumed = True
            c.actor = self._group(c.key, sector)
            self._emit(it.start if c is first else c.start, c.end, c.actor)
        it.actor = first.actor
        return True

    def _coordinated(self, mod: _Item) -> list[_Item]:
        """Countries and organisations coordinated before a group's modifier ("Israeli and
        Hamas delegations", "Russian, Iranian and Turkish troops"), in text order."""
        doc = self.doc
        out: list[_Item] = []
        j = mod.start - 1
        while j >= 1 and doc[j].lower_ in ("and", "or", ","):
            if doc[j].text == "," and doc[j - 1].lower_ in ("and", "or"):
                j -= 1
            prev = self.at.get(j - 1)
            if prev is None or prev.kind not in (_COUNTRY, _DEMONYM, _CAPITAL, _ORG):
                break
            out.insert(0, prev)
            j = prev.start - 1
        return out

    def _audience(self, it: _Item) -> bool:
        """The addressee of a speech verb ("told reporters", "spoke to the press", "briefed
        journalists") is an audience, not an actor."""
        tok = self.doc[it.end - 1]
        if tok.dep_ == "pobj" and tok.head.lower_ == "to":
            tok = tok.head
        verb = tok.head
        return (
            tok.dep_ in ("dobj", "dative", "prep")
            and verb.pos_ == "VERB"
            and verb.lemma_.lower() in self.o.audience_verbs
        )

    def _sponsored(self, it: _Item) -> bool:
        """ "Kurdish-led forces": a hyphenated sponsor modifier before the group noun."""
        doc = self.doc
        for j in range(it.start - 1, max(-1, it.start - 4), -1):
            if doc[j].lower_ in self.o.sponsors and j > 0 and doc[j - 1].text == "-":
                return True
        return False

    def _of_title(self, it: _Item) -> bool:
        """ "the head of the mission": the group names the title's office, not an actor."""
        doc = self.doc
        j = it.start - 1
        while j >= 0 and j > it.start - 4 and doc[j].pos_ in ("DET", "ADJ", "NOUN", "PROPN"):
            if j in self.at:
                break
            j -= 1
        if j < 1 or doc[j].lower_ != "of":
            return False
        title = self.at.get(j - 1)
        return title is not None and title.kind == _TITLE
