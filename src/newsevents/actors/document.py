"""One document being resolved: its items and the mentions found so far, the look-ups around
an item that every rule shares, and the country and group actors the rules build.

An item is a span the matchers or NER found (a name, an agent noun, a short mention); an item
becomes a mention when a rule codes it as an actor. The rules live in the other modules of the
package, each a class over ``_Document``; ``component`` puts them together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsevents.actors.dictionary import _GROUP, _ORG, _TITLE, ActorDictionary, _Actor

# Tokens allowed between a modifier and the title or group it modifies ("Syria's interim
# president", "Syrian Arab Army"): parts of speech, not words.
_GAP_POS = frozenset({"ADJ", "NOUN", "PROPN", "PART", "ADV", "NUM"})
# Participles also modify ("Zambia's ruling party", "Myanmar's governing junta").
_GAP_TAGS = frozenset({"VBG", "VBN"})
_MAX_GAP = 3


@dataclass(slots=True)
class _Item:
    start: int  # token offsets
    end: int
    kind: str  # one of the match labels or _NAME/_REF/_TITLE/_GROUP
    key: str  # entry id, ISO3, agent row id, or person key
    actor: _Actor | None = None
    consumed: bool = False
    refs: list[int] = field(default_factory=list)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class _Document:
    """Per-document state (kept off the component, so documents never leak into each other)."""

    def __init__(self, owner: ActorDictionary, doc: Doc, pub: str | None):
        self.o = owner
        self.doc = doc
        self.pub = pub
        self.items: list[_Item] = []
        self.at: dict[int, _Item] = {}  # token index -> item covering it
        self.mentions: list[tuple[int, int, _Actor, str]] = []
        self.persons: list[tuple[int, _Actor]] = []  # (token, actor) in document order
        self.people_by_key: dict[str, _Actor] = {}
        self.orgs: dict[str, _Actor] = {}
        # (token, ISO3, the token a locative preposition before it attaches to, or -1)
        self.evidence: list[tuple[int, str, int]] = []
        self.acted: set[int] = set()  # evidence tokens of countries acted upon ("aid to Haiti")
        self.dateline: tuple[int, int] = (0, 0)  # token range of "LUSAKA —"
        self.dateline_country: str | None = None
        self.main_country: str | None = None

    # ---------------------------------------------------------------- neighbours
    def _item_ending_before(self, token: int) -> _Item | None:
        """The name item that modifies the title or group starting at ``token``."""
        doc = self.doc
        j = token - 1
        gap = 0
        while j >= 0:
            it = self.at.get(j)
            if it is not None and it.kind in (_GROUP,) and gap < _MAX_GAP:
                j = it.start - 1
                gap += 1
                continue
            if it is not None:
                return it if it.kind != _TITLE else None
            t = doc[j]
            if gap >= _MAX_GAP or not (t.pos_ in _GAP_POS or t.tag_ in _GAP_TAGS or t.text == "-"):
                return None
            if t.lower_ in self.o.sponsors and j > 0 and doc[j - 1].text == "-":
                return None  # "Russian-backed separatists": a sponsor, not the group's country
            if t.pos_ == "PART" and t.lower_ not in ("'s", "’s"):
                return None
            gap += 1
            j -= 1
        return None

    def _former_before(self, token: int) -> bool:
        doc = self.doc
        for j in range(max(0, token - 3), token):
            if doc[j].lower_ in self.o.former or doc[j].lower_.rstrip("-") in self.o.former:
                return True
        return False

    def _is_head(self, it: _Item) -> bool:
        """The agent noun heads its phrase ("Russian troops", not "military assets")."""
        nxt = it.end
        if nxt >= len(self.doc):
            return True
        nxt_item = self.at.get(nxt)
        if nxt_item is not None and nxt_item.kind in (_GROUP, _TITLE):
            return False
        if self.doc[nxt].lemma_.lower() in self.o.conduct:
            return True  # "police brutality", "army abuses": the conduct is the group's
        return self.doc[nxt].pos_ not in ("NOUN", "PROPN") or nxt_item is not None

    # ---------------------------------------------------------------- items and actors
    def _org(self, key: str) -> _Actor:
        if key not in self.orgs:
            self.orgs[key] = self.o._dict_actor(key, self.pub)
        return self.orgs[key]

    def _ref_source(self, it: _Item) -> _Item | None:
        return next((x for x in self.items if id(x) in it.refs), None)

    def _ref_actor(self, it: _Item) -> _Actor | None:
        src = self._ref_source(it)
        if src is not None and src.kind == _ORG and src.actor is None:
            return self._org(src.key)
        return src.actor if src is not None else None

    def _consume_between(self, mod: _Item, it: _Item) -> None:
        mod.consumed = True
        for t in range(mod.end, it.start):
            inner = self.at.get(t)
            if inner is not None:
                inner.consumed = True

    def _country_actor(self, iso: str) -> _Actor:
        name = self.o.country_names.get(iso, iso)
        return _Actor(f"country:{iso}", name, iso, "GOV", "country", "countries.csv")

    def _group(self, iso: str | None, sector: str) -> _Actor:
        actor_id, name = self.o.groups.identity(iso, sector)
        return _Actor(actor_id, name, iso, sector, "group", "rule:group")

    def _emit(self, start: int, end: int, actor: _Actor | None) -> None:
        if actor is not None and end > start:
            self.mentions.append((start, end, actor, actor.entry or ""))
