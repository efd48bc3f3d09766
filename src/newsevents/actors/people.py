"""People: coded by the dictionary or by their titles; descriptions that refer to a person.

People with titles. A title before a name ("Russian President Vladimir Putin", "Kremlin
spokesperson Dmitry Peskov"), or in an apposition before or after it ("Syria's interim
president, Ahmed al-Sharaa"; "Igor Kostyukov, head of the GRU") codes the person: an
organisation modifier gives the organisation's country and sector; a country or demonym gives
the country and the title's sector ("his Philippine counterpart X"; in "the EU Ambassador to
Senegal, X" the host country after "to" is not X's). A title with neither takes the *context
country* (see ``country``). "former" before a title codes ELI. A bare group noun before a
title ("ministry spokesman X") refers back to the last earlier mention of that sector's group
with a country ("Ghana's foreign ministry"). A dictionary person is coded by the role active
on the publication date (see ``dictionary``); text titles apply only when no dictionary role
is active.

Descriptions. Country/demonym + a title with no name ("the Russian leader", "the Syrian
president") refers to the person in the document with that country and title (for ``head``
titles: any top leader of that country), else to the dictionary person holding that title on
the publication date, else to the group ``group:<ISO3>-<SECTOR>``. "the spokesperson" refers
to the last person with that title.
"""

from __future__ import annotations

from typing import Any

from newsevents.actors.country import _Countries
from newsevents.actors.dictionary import (
    _CAPITAL,
    _COUNTRY,
    _DEMONYM,
    _GROUP,
    _NAME,
    _ORG,
    _PERSON,
    _REF,
    _TITLE,
    _Actor,
)
from newsevents.actors.document import _Item, _slug


class _People(_Countries):
    """People and their titles, and descriptions of people (see the module docstring)."""

    def _title_context(self, it: _Item) -> tuple[_Item | None, _Item | None, bool]:
        """(title item, modifier item, former) attached to the person item ``it``."""
        doc = self.doc
        prev = self.at.get(it.start - 1)
        title = None
        if prev is not None and prev.kind == _TITLE:
            title = prev
        elif it.start >= 2 and doc[it.start - 1].text == ",":
            cand = self.at.get(it.start - 2)
            if (
                cand is not None
                and cand.kind in (_COUNTRY, _CAPITAL, _ORG)
                and cand.start >= 2
                and doc[cand.start - 1].lower_ in ("to", "in", "at")
            ):
                # "the EU Ambassador to Senegal, X": the host country is not X's country.
                cand.consumed = True
                cand = self.at.get(cand.start - 2)
            if cand is not None and cand.kind == _TITLE:
                title = cand
        if title is not None:
            mod = self._item_ending_before(title.start)
            return title, mod, self._former_before(title.start)
        # Apposition after the name: "X, head of the GRU" / "X, Russia's defense minister".
        j = it.end
        if j < len(doc) and doc[j].text == ",":
            k = j + 1
            while k < len(doc) and k < j + 6 and self.at.get(k) is None and doc[k].text != ",":
                k += 1
            first = self.at.get(k)
            mod = None
            if first is not None and first.kind in (_COUNTRY, _DEMONYM, _ORG, _CAPITAL):
                mod = first
                k = first.end
                while k < len(doc) and k < first.end + 4 and self.at.get(k) is None:
                    k += 1
                first = self.at.get(k)
            if first is not None and first.kind == _TITLE:
                title = first
                n = title.end
                if n < len(doc) and doc[n].lower_ in ("of", "for", "at") and mod is None:
                    n += 1
                    while n < len(doc) and doc[n].pos_ == "DET":
                        n += 1
                    target = self.at.get(n)
                    if target is not None and target.kind in (_COUNTRY, _ORG, _CAPITAL):
                        mod = target
                        target.consumed = True
                return title, mod, self._former_before(title.start)
        return None, None, False

    def _resolve_people(self) -> None:
        for it in self.items:
            if it.kind not in (_PERSON, _NAME):
                continue
            title, mod, former = self._title_context(it)
            if it.kind == _PERSON:
                actor = self.people_by_key.get(it.key)
                if actor is None:
                    actor = self.o._dict_actor(it.key, self.pub)
                    # The dictionary is authoritative for people it codes: a text title
                    # ("long-time leader X") often describes a past role.
                    if title is not None and actor.country is None and actor.sector is None:
                        self._code_from_title(actor, title, mod, former)
                    elif title is not None:
                        actor.title = title.key
                        said = self.o.agent_rows[title.key]["sector"]
                        if actor.sector == "ELI" and not former and said != "GOV":
                            # The dictionary knows no role held on the day, the text names one
                            # out of office ("opposition leader X"): the text's role, the
                            # file's country. An office title stays the file's: "long-time
                            # leader X" often describes a past office.
                            actor.sector = said
                    self.people_by_key[it.key] = actor
            else:
                actor = self.people_by_key.get(it.key)
                if actor is None:
                    actor = _Actor(
                        f"person:{_slug(it.key)}", it.key, None, None, "person", "rule:name"
                    )
                    if title is not None:
                        self._code_from_title(actor, title, mod, former)
                    if actor.country is None and not any(
                        self.doc[i].dep_ == "nsubj" for i in range(it.start, it.end)
                    ):
                        # A person no dictionary or title codes, acted upon ("Wine was
                        # detained", "police arrested Wine" in a Kampala story), is in news
                        # most often of the country the story places them in. An active
                        # subject is not: "Adebayo met Syrian rebels in Aleppo" says nothing
                        # of Adebayo's country.
                        actor.country = self._context_country(it.start, person=True)
                        actor.entry = "rule:name-context"
                    self.people_by_key[it.key] = actor
            if title is not None:
                title.consumed = True
                if mod is not None:
                    mod.consumed = True
            it.actor = actor
            self.persons.append((it.start, actor))

    def _code_from_title(
        self, actor: _Actor, title: _Item, mod: _Item | None, former: bool
    ) -> None:
        row = self.o.agent_rows[title.key]
        actor.title = title.key
        actor.head = bool(row["head"])
        actor.entry = (
            actor.entry
            if actor.entry and not actor.entry.startswith("rule:")
            else f"rule:title:{row['_where']}"
        )
        if mod is not None and mod.kind == _REF:
            src = self._ref_source(mod)  # "PF spokesman X", PF defined earlier
            if src is not None and src.kind == _ORG:
                mod = _Item(mod.start, mod.end, _ORG, src.key)
        if mod is not None and mod.kind == _ORG:
            org = self._org(mod.key)
            actor.country, actor.sector, actor.org = org.country, org.sector, mod.key
        elif mod is not None and mod.kind in (_COUNTRY, _DEMONYM, _CAPITAL):
            actor.country, actor.sector = mod.key, row["sector"]
        else:
            actor.country = self._group_antecedent(title.start) or self._context_country(
                title.start, person=True
            )
            actor.sector = row["sector"]
        if former:
            actor.sector = "ELI"

    def _group_antecedent(self, token: int) -> str | None:
        """ "ministry spokesman X" after "Senegal's foreign ministry ...": a bare group noun
        before a title refers back to the last earlier mention of that group with a country."""
        group = self.at.get(token - 1)
        if group is None or group.kind != _GROUP or self._item_ending_before(group.start):
            return None
        for it in reversed(self.items):
            if it.start >= group.start or it.kind != _GROUP:
                continue
            if self.o.agent_rows[it.key]["sector"] != self.o.agent_rows[group.key]["sector"]:
                continue
            mod = self._item_ending_before(it.start)
            if mod is not None and mod.kind in (_COUNTRY, _DEMONYM, _CAPITAL):
                return mod.key
        return None

    def _resolve_description(self, it: _Item) -> None:
        """ "the Russian leader" / "the Syrian president" / "the spokesperson"."""
        if not self._is_head(it):
            return
        row = self.o.agent_rows[it.key]
        mod = self._item_ending_before(it.start)
        if mod is not None and mod.kind in (_COUNTRY, _DEMONYM, _CAPITAL):
            iso = mod.key
            if self._former_before(mod.start):
                # "a former British prime minister": not the office holder, nor anyone the
                # text names; a former official of that country (ELI).
                self._consume_between(mod, it)
                self._emit(mod.start, it.end, self._group(iso, "ELI"))
                return
            actor = self._find_person(lambda a: a.country == iso, it.key, row["head"])
            if actor is None:
                actor = self._dict_holder(iso, it.key, row["head"])
            if actor is None:
                actor = self._group(iso, row["sector"])
            self._consume_between(mod, it)
            self._emit(mod.start, it.end, actor)
        elif mod is not None and mod.kind == _ORG:
            actor = self._find_person(lambda a: a.org == mod.key, it.key, False)
            if actor is not None:
                self._consume_between(mod, it)
                self._emit(mod.start, it.end, actor)
        elif mod is None and self._definite(it.start):
            # "the president", "the leftist leader": the person named before with that title;
            # a top leader's generic title ("leader") is the last top leader named before.
            actor = self._find_person(lambda a: True, it.key, False, before=it.start)
            if actor is None and row["head"]:
                heads = [
                    a for tok, a in self.persons if tok < it.start and a.head and a.sector == "GOV"
                ]
                actor = heads[-1] if heads else None
            if actor is not None:
                self._emit(it.start, it.end, actor)

    def _definite(self, start: int) -> bool:
        """A title right after "the", or after "the" and describing adjectives ("the leftist
        leader", "the embattled president"); never a former or future holder's."""
        doc = self.doc
        i = start - 1
        while i > 0 and doc[i].tag_ == "JJ" and doc[i].lower_ not in self.o.former:
            i -= 1
        return i >= 0 and i < start and doc[i].lower_ == "the"

    def _find_person(
        self, cond: Any, title: str, head: bool, before: int | None = None
    ) -> _Actor | None:
        matches = [
            a
            for tok, a in self.persons
            if (before is None or tok < before)
            and cond(a)
            and (a.title == title or (head and a.head))
        ]
        if not matches and head:
            matches = [a for tok, a in self.persons if cond(a) and a.sector == "GOV" and a.head]
        return matches[-1] if matches else None

    def _dict_holder(self, iso: str, title: str, head: bool) -> _Actor | None:
        forms = self.o.head_forms if head else self.o.title_forms[title]
        for key in self.o.people_by_country.get(iso, ()):
            e = self.o.entries[key]
            country, sector, role_title, active = self.o._entry_code(e, self.pub)
            if active and country == iso and role_title and str(role_title).lower() in forms:
                actor = self.people_by_key.setdefault(key, self.o._dict_actor(key, self.pub))
                return actor
        return None
