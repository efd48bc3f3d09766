"""The actor dictionary: the tables and matchers every rule reads, loaded once per pipeline.

The name matcher holds dictionary people and organisations (``people.yaml``,
``organizations.yaml`` and user layers), country names and aliases, demonyms and capitals
(``data/countries/countries.csv``), and ethnic or sub-national groups (``ethnic_groups.csv``);
the agent matcher holds agent nouns (``agents.csv``): titles ("defense minister",
"spokesperson") and groups ("troops", "foreign ministry"). ``sectors.csv`` gives the sector
codes and each sector's ``group_name``; ``roles.csv`` the grammatical cue words of the rules.

A dictionary person is coded by the role active on ``doc._.ne_published`` (ISO date). A person
whose dictionary roles have all ended is coded ELI with the last role's country.

User dictionaries (config ``dictionaries``): each file's ``kind`` header says which table it
extends (``newsevents.dictionaries``): people, organisations, agents, sectors, roles,
ethnic_groups or countries. People and organisations share one id space: a user entry of
either kind replaces the shipped entry of that id. Files of other kinds are passed over.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from newsevents import dictionaries as dictionary_files
from newsevents import lexicon
from newsevents.errors import DictionaryError
from newsevents.groups import GroupNames
from newsevents.lexicon import variants as _variants

# Match labels in the name matcher: person, organisation, country, demonym, capital, ethnic
# or sub-national group.
_PERSON, _ORG, _COUNTRY, _DEMONYM, _CAPITAL, _ETHNIC = "P", "O", "C", "D", "K", "E"
# Item kinds that are not dictionary names.
_NAME, _REF, _TITLE, _GROUP = "N", "R", "T", "G"
# The actor kind of each dictionary kind that names actors.
_ACTOR_KINDS = {"people": "person", "organisations": "organization"}


@dataclass(slots=True)
class _Actor:
    actor_id: str
    name: str
    country: str | None
    sector: str | None
    kind: str
    entry: str | None
    title: str | None = None  # agent row id of the title that coded it
    head: bool = False  # holds a top-leader title
    org: str | None = None  # organisation id the title was attached to


def _iso(value: Any, *, end: bool = False) -> str | None:
    """An ISO date string; partial dates ("2024", "2024-05") cover their whole period."""
    if value in (None, ""):
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if len(text) == 4:
        return text + ("-12-31" if end else "-01-01")
    if len(text) == 7:
        return text + ("-31" if end else "-01")
    return text[:10]


class ActorDictionary:
    """The actor tables of one pipeline: shipped and user dictionaries, with their matchers."""

    def __init__(self, nlp: Language, dictionaries: Sequence[str] = ()):
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        user = [Path(p) for p in dictionaries]
        sectors = dictionary_files.load("sectors", user)
        self.sectors = {str(e["id"]) for e in sectors}
        self._load_roles(dictionary_files.load("roles", user))
        countries = dictionary_files.load("countries", user)
        self.groups = GroupNames(countries, sectors)
        self._load_countries(countries)
        for e in dictionary_files.load("ethnic_groups", user):
            self._add(_ETHNIC, str(e["id"]), _variants(e["pattern"]))
        self._load_entries(dictionary_files.load(tuple(_ACTOR_KINDS), user))
        self._load_agents(dictionary_files.load("agents", user))

    # ------------------------------------------------------------------ loading
    def _check_sector(self, sector: Any, where: str) -> str | None:
        if sector in (None, ""):
            return None
        if sector not in self.sectors:
            raise DictionaryError.of(
                "NE010", where=where, problem=f"unknown sector {sector!r} (not in sectors)"
            )
        return str(sector)

    def _load_roles(self, entries: list[lexicon.Entry]) -> None:
        by_role: dict[str, set[str]] = {}
        for e in entries:
            word = str(e["word"])
            # Words match lower-cased tokens; dependency labels keep their case ("ROOT").
            by_role.setdefault(str(e["role"]), set()).add(
                word if e["role"].endswith("_dep") else word.lower()
            )
        self.actor_preps = by_role.get("actor_preposition", set())
        self.former = by_role.get("former", set())
        self.actor_deps = by_role.get("actor_dep", set())
        self.capital_deps = by_role.get("capital_dep", set())
        self.locative_preps = by_role.get("locative_preposition", set())
        self.sponsors = by_role.get("sponsor", set())
        self.foreign = by_role.get("foreign", set())
        self.argument_preps = by_role.get("argument_preposition", set())
        self.motion = by_role.get("motion", set())
        self.conduct = by_role.get("conduct", set())
        self.audience_verbs = by_role.get("audience_verb", set())
        self.followers = by_role.get("follower", set())
        self.follower_verbs = by_role.get("follower_verb", set())
        self.controls = by_role.get("control", set())
        self.territories = by_role.get("territory", set())
        self.org_anaphors = by_role.get("org_anaphor", set())
        self.country_anaphors = by_role.get("country_anaphor", set())
        self.moved_forces = by_role.get("moved_force", set())
        self.settings = by_role.get("setting_preposition", set())

    def _load_countries(self, entries: list[lexicon.Entry]) -> None:
        self.country_names: dict[str, str] = {}
        self.names = PhraseMatcher(self.vocab, attr="ORTH")
        for e in entries:
            iso = str(e["id"])
            self.country_names[iso] = str(e.get("name") or iso)
            names = [str(e.get("name") or "")] + _variants(e.get("aliases"))
            names = [re.sub(r"^(the|The) ", "", n) for n in names if n]
            self._add(_COUNTRY, iso, names)
            self._add(_DEMONYM, iso, _variants(e.get("demonyms")))
            self._add(
                _CAPITAL, iso, _variants(e.get("capital")) + _variants(e.get("capital_aliases"))
            )

    def _load_entries(self, entries: list[lexicon.Entry]) -> None:
        self.entries: dict[str, lexicon.Entry] = {}
        self.people_by_country: dict[str, list[str]] = {}
        # A name or alias two entries give belongs to the later one: a user's file, layered
        # after the shipped ones, wins over a shipped person of the same name.
        owner = {
            form: str(e["id"])
            for e in entries
            for form in [str(e["name"]), *_variants(e.get("aliases"))]
        }
        for e in entries:
            where = e["_where"]
            kind = e["kind"] = _ACTOR_KINDS[e["_kind"]]
            self._check_sector(e.get("sector"), where)
            for role in e.get("roles") or []:
                self._check_sector(role.get("sector"), where)
            key = str(e["id"])
            self.entries[key] = e
            if kind == "person":
                # The people who ever held a role of each country, for "the Kenyan president"
                # (see _People._dict_holder): a scan of one country's, not of every entry.
                for role in e.get("roles") or []:
                    holders = self.people_by_country.setdefault(str(role.get("country")), [])
                    if not holders or holders[-1] != key:
                        holders.append(key)
            label = _PERSON if kind == "person" else _ORG
            forms = [str(e["name"]), *_variants(e.get("aliases"))]
            self._add(label, key, [f for f in forms if owner[f] == key])

    def _load_agents(self, entries: list[lexicon.Entry]) -> None:
        self.agents = PhraseMatcher(self.vocab, attr="LOWER")
        self.agent_rows: dict[str, lexicon.Entry] = {}
        self.title_forms: dict[str, set[str]] = {}
        for e in entries:
            self._check_sector(e["sector"], e["_where"])
            row_id = str(e["id"])
            # An instrument ("Russian drones") is its country's armed group, as a doer only.
            e["instrument"] = e["type"] == "instrument"
            e["bare"] = dictionary_files.flag(e.get("bare"))
            e["head"] = dictionary_files.flag(e.get("head"))
            self.agent_rows[row_id] = e
            forms = [f.lower() for f in _variants(e["pattern"])]
            self.title_forms[row_id] = set(forms)
            label = _TITLE if e["type"] == "title" else _GROUP
            self.agents.add(f"{label}|{row_id}", [self.make_doc(f) for f in forms])
        self.title_words = {
            f
            for i, r in self.agent_rows.items()
            if r["type"] == "title"
            for f in self.title_forms[i]
        }
        self.head_forms = set().union(
            *(self.title_forms[i] for i, r in self.agent_rows.items() if r["head"])
        )

    def _add(self, label: str, key: str, forms: Iterable[str]) -> None:
        docs = [self.make_doc(f) for f in dict.fromkeys(forms) if f]
        if docs:
            self.names.add(f"{label}|{key}", docs)

    # ------------------------------------------------------------------ dictionary codes
    def _entry_code(
        self, e: lexicon.Entry, pub: str | None
    ) -> tuple[str | None, str | None, str | None, bool]:
        """(country, sector, title, active) for a dictionary entry on the publication date."""
        roles = sorted((r for r in e.get("roles") or []), key=lambda r: _iso(r.get("start")) or "")
        if roles:
            if pub is None:
                current = [r for r in roles if _iso(r.get("end"), end=True) is None] or roles
                r = current[-1]
                return r.get("country"), r.get("sector"), r.get("title"), True
            active = [
                r
                for r in roles
                if (_iso(r.get("start")) or "") <= pub
                and (
                    _iso(r.get("end"), end=True) is None
                    or pub < (_iso(r.get("end"), end=True) or "")
                )
            ]
            if active:
                r = active[-1]
                return r.get("country"), r.get("sector"), r.get("title"), True
            past = [r for r in roles if (_iso(r.get("end"), end=True) or "9999") <= pub]
            if past and e.get("kind") == "person":
                # A former official is of the country of the national office left last: an
                # IGO chair's code is no country ("Mugabe" is Zimbabwe's, not the AU's).
                national = [r for r in past if r.get("sector") != "IGO"] or past
                last = max(national, key=lambda r: _iso(r.get("end"), end=True) or "")
                return last.get("country"), "ELI", last.get("title"), False
            if past:
                return past[-1].get("country"), past[-1].get("sector"), None, False
        if "country" in e or "sector" in e:
            return e.get("country"), e.get("sector"), None, True
        return (roles[0].get("country") if roles else None), None, None, False

    def _dict_actor(self, key: str, pub: str | None) -> _Actor:
        e = self.entries[key]
        country, sector, title, _ = self._entry_code(e, pub)
        head = bool(title) and str(title).lower() in self.head_forms
        return _Actor(key, str(e["name"]), country, sector, e["kind"], e["_where"], head=head)
