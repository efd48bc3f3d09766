"""The registered spaCy component ``newsevents_actors``: the passes over a document, in order.

Each document gets its own resolver, which finds the items (``mentions``) and the country
evidence (``country``), codes named organisations' countries and people (``people``), then
every other item by its kind: a name where it acts (``acting``), a group (``groups``) or a
description (``people``); then the passes over what was found (``derived``). Overlapping
mentions: the longest wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from newsevents.actors.acting import _Acting
from newsevents.actors.derived import _Derived
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
    ActorDictionary,
    _Actor,
    _iso,
)
from newsevents.actors.document import _Item
from newsevents.actors.groups import _Groups
from newsevents.actors.mentions import _Mentions
from newsevents.actors.people import _People
from newsevents.nlp import ACTORS, PUBLISHED, ActorMention


class _DocResolver(_Mentions, _People, _Groups, _Derived, _Acting):
    """Resolves one document: each base class holds one job's rules."""

    def run(self) -> list[ActorMention]:
        self._find_items()
        self._find_evidence()
        self._code_named_orgs()
        self._resolve_people()
        self._count_people()
        for item in self.items:
            if not item.consumed:
                self._resolve_item(item)
        self._controlled_territory()
        self._organisation_anaphors()
        self._country_anaphors()
        self._followers()
        return self._output()

    def _resolve_item(self, it: _Item) -> None:
        doc = self.doc
        span = doc[it.start : it.end]
        if self._in_dateline(it):
            return  # "KADUNA, Nigeria —", "BEIRUT (Reuters) —" say where the story was filed
        if it.kind in (_PERSON, _NAME):
            if not self._person_group(it):
                self._emit(it.start, it.end, it.actor)
        elif it.kind == _REF:
            src = next((x for x in self.items if id(x) in it.refs), None)
            if src is not None and src.actor is not None:
                it.actor = src.actor
                if src.kind in (_PERSON, _NAME) and self._person_group(it):
                    return
                self._emit(it.start, it.end, src.actor)
        elif it.kind == _ORG:
            org = self._org(it.key)
            e = self.o.entries.get(it.key) or {}
            if e.get("place") and not self._acts(span, self.o.actor_deps):
                return
            it.actor = org
            self._emit(it.start, it.end, org)
        elif it.kind == _COUNTRY:
            if self._acts(span, self.o.actor_deps) or self._argument_modifier(span):
                it.actor = self._country_actor(it.key)
                self._emit(it.start, it.end, it.actor)
        elif it.kind == _CAPITAL:
            if self._acts(span, self.o.capital_deps) and self._capital_ok(it):
                it.actor = self._country_actor(it.key)
                self._emit(it.start, it.end, it.actor)
        elif it.kind == _DEMONYM:
            if span.root.tag_ in ("NNS", "NNPS") and self._acts(span, self.o.actor_deps):
                it.actor = self._group(it.key, "CVL")
                self._emit(it.start, it.end, it.actor)
            elif self._argument_modifier(span):
                it.actor = self._country_actor(it.key)
                self._emit(it.start, it.end, it.actor)
        elif it.kind == _ETHNIC:
            if span.root.tag_ in ("NNS", "NNPS") and self._acts(span, self.o.actor_deps):
                it.actor = self._group(self._context_country(it.start), "CVL")
                self._emit(it.start, it.end, it.actor)
        elif it.kind == _GROUP:
            self._resolve_group(it)
        elif it.kind == _TITLE:
            self._resolve_description(it)

    def _igo(self, code: str | None) -> str | None:
        """The code when it names an intergovernmental organisation (UNO, NAT, EEC), not a
        country: every code the country table lacks."""
        return code if code is not None and code not in self.o.country_names else None

    def _output(self) -> list[ActorMention]:
        doc = self.doc
        canonical: dict[str, _Actor] = {}
        out: list[ActorMention] = []
        seen: set[tuple[int, int]] = set()
        last_end = -1
        # The longest mention wins where two overlap ("Pakistan" inside "Pakistan's foreign
        # ministry").
        for start, end, actor, _ in sorted(self.mentions, key=lambda m: (m[0], -m[1])):
            if (start, end) in seen or end <= last_end:
                continue
            seen.add((start, end))
            last_end = max(last_end, end)
            a = canonical.setdefault(actor.actor_id, actor)
            out.append(
                ActorMention(
                    start=doc[start].idx,
                    end=doc[end - 1].idx + len(doc[end - 1].text),
                    actor_id=a.actor_id,
                    name=a.name,
                    country=a.country,
                    sector=a.sector,
                    igo=self._igo(a.country),
                    kind=a.kind,
                    entry=a.entry,
                )
            )
        return out


class ActorResolver:
    """Finds actor mentions and codes them (the rules: the docstrings of the modules of
    ``newsevents.actors``)."""

    def __init__(self, nlp: Language, dictionaries: Sequence[str] = ()):
        self.dictionary = ActorDictionary(nlp, dictionaries)

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.get(PUBLISHED)
        pub = _iso(published) if published else None
        doc._.set(ACTORS, _DocResolver(self.dictionary, doc, pub).run() if len(doc) else [])
        return doc


@Language.factory(
    "newsevents_actors",
    default_config={"dictionaries": []},
    requires=["doc._.ne_places"],
    assigns=["doc._.ne_actors"],
)
def make_actors(nlp: Language, name: str, dictionaries: list[str]) -> ActorResolver:
    return ActorResolver(nlp, dictionaries)
