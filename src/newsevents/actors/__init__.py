"""The ``newsevents_actors`` component: every actor mention resolved to a canonical actor.

An actor is coded with a country (ISO3, or an IGO's code such as ``UNO``) and a sector code
from ``data/actors/sectors.csv``, and written to ``doc._.ne_actors`` as
:class:`newsevents.nlp.ActorMention` dicts.

How a document is read (all word lists are data files under ``data/actors/`` and
``data/countries/countries.csv``):

1. Names. A PhraseMatcher finds dictionary people and organisations (``people.yaml``,
   ``organizations.yaml`` and user layers), country names and aliases, demonyms and
   capitals; the longest match wins. spaCy PERSON entities not in the dictionary, and
   title-cased names right after a title ("Deputy Prime Minister Alexander Novak"), become
   undictionaried people. A second PhraseMatcher finds agent nouns (``agents.csv``): titles
   ("defense minister", "spokesperson") and groups ("troops", "foreign ministry").
2. Short mentions. Within a document a person's surname ("Putin"), particle surname
   ("al-Sharaa", "von der Leyen") and an acronym given in parentheses after a name
   ("Syrian Democratic Forces (SDF)") refer back to the full mention.
3. People with titles. A title before a name ("Russian President Vladimir Putin",
   "Kremlin spokesperson Dmitry Peskov"), or in an apposition before or after it ("Syria's
   interim president, Ahmed al-Sharaa"; "Igor Kostyukov, head of the GRU") codes the person:
   an organisation modifier gives the organisation's country and sector; a country or
   demonym gives the country and the title's sector ("his Philippine counterpart X"; in
   "the EU Ambassador to Senegal, X" the host country after "to" is not X's). A title with
   neither takes the *context country* (see 7). "former" before a title codes ELI.
   A bare group noun before a title ("ministry spokesman X") refers back to the last earlier
   mention of that sector's group with a country ("Ghana's foreign ministry").
   A dictionary person is coded by the role active on ``doc._.ne_published`` (ISO date);
   text titles apply only when no dictionary role is active. A person whose dictionary roles
   have all ended is coded ELI with the last role's country.
4. Groups. Country/demonym/capital (or a person: "the al-Sharaa government") + agent group
   -> ``group:<ISO3>-<SECTOR>`` spanning both ("Syrian government", "Russian troops"). An
   organisation + group ("Hamas fighters") is a mention of that organisation. Coordinated
   modifiers share the group, one mention each spanning only the modifier ("Indian and
   Pakistani troops", "Israeli and Hamas delegations"). A possessive pronoun before a group
   ("Hamas said its fighters", "Russia said its troops") stands for the subject of its
   sentence's main verb, else the nearest earlier actor (then the same in the sentence
   before): an organisation is itself, a country or person gives its country's group.
   A group + "from"/"of" + countries is each
   country's group ("officials from India and Pakistan", "the foreign ministers of Kenya and
   Ethiopia"). A bare group that is the addressee
   of a speech verb (``roles.csv`` ``audience_verb``: "told reporters", "spoke to the
   press") is an audience, not an actor. A group marked ``bare`` in agents.csv is an actor
   on its own ("police", "villagers", "gunmen", "suspects", "students"), coded with the
   context country; after "foreign"/"international" (``roles.csv`` ``foreign``) its country
   is unknown. A counted group is an actor even where its noun alone is not ("detained 74
   people", "hundreds of people"). A group named only as the office of a title ("the head of
   the mission") is not an actor. Convention for sponsored, ethnic and sub-national groups:
   a group's country is the country it operates in. A hyphenated sponsor ("Russian-backed",
   "Kurdish-led": ``roles.csv`` ``sponsor``) and an ethnic or communal adjective
   (``ethnic_groups.csv``: "Kurdish", "Fulani") do not give the group a country; it takes
   the context country, and a state's armed noun there (MIL, COP) becomes a non-state armed
   group (REB). Display names are the demonym + the sector's ``group_name`` from sectors.csv
   ("Syrian government", "Nigerian police").
   Named organisations: a spaCy ORG entity headed by an agent noun, with no country or
   dictionary name inside ("United Party for National Development", "Municipal Workers'
   Union"), is ``org:<slug>`` with the noun's sector; its country is a country modifier
   before it ("Zambia's ruling ..."), else the context country; "opposition" right before it
   makes it OPP. Its acronym in parentheses refers back to it ("UPND spokesman X").
5. Descriptions. Country/demonym + a title with no name ("the Russian leader", "the Syrian
   president") refers to the person in the document with that country and title (for
   ``head`` titles: any top leader of that country), else to the dictionary person holding
   that title on the publication date, else to the group ``group:<ISO3>-<SECTOR>``.
   "the spokesperson" refers to the last person with that title.
6. Countries and capitals are actors only when they act: the dependency role of the name
   (climbing conjunctions and appositions) must be one of the ``actor_dep`` labels in
   ``roles.csv`` (subject, object, possessor, ...), or the object of an
   ``actor_preposition`` ("talks with the U.S.", "between Syria and Russia"), or the object
   of an ``argument_preposition`` (on/for/from/to) of an event noun or verb ("sanctions on
   Iran", "aid for Chad") -- not of a ``motion`` word ("flew to Moscow") or an agent noun
   ("envoy to Sudan"), and "from" after a plural noun names origin ("peacekeepers from
   South Africa"). A country or demonym modifying a thing in such a phrase is acted on
   ("tariffs on billions of dollars of US goods"). "in Syria" is a place, not an actor. A
   capital (``capital`` and ``capital_aliases``: other spellings, seats of government)
   stands for its government with the stricter ``capital_dep`` roles (subject, object,
   possessor: "Moscow's engagement", "accused Minsk") or after those prepositions; it is
   coded as the country (``country:<ISO3>``, GOV), and is skipped where the places stage
   put it in another country. Organisations marked ``place: true`` (the Kremlin, the White
   House) follow the country rule. Names in a wire dateline ("KADUNA, Nigeria —") are never actors.
7. Context country (one rule for every agent noun or title without its own country): the
   nearest country evidence -- a country, demonym, capital, national organisation or a
   place geocoded by the places stage -- earlier in the same sentence; else the first place
   later in the sentence that locates the noun, its verb or the verb's object ("police in
   Kitwe", "detained students in Kitwe"; a country acted upon, "accused Minsk", does not
   count); else the nearest earlier in the same paragraph (line); else the dateline's
   country; else the country the document mentions most (ties: the first named). A
   sponsor before a hyphen ("Rwanda-backed") and a news agency ("(Reuters)") are never
   evidence. For a title, a country
   acted upon earlier in the sentence is not evidence ("Canada will send aid to Haiti,
   Foreign Minister X said"). A government, legislature or judiciary acted on by a
   country subject is not that country's ("Portugal praised the transitional government's
   plan"): the nearest earlier other country in the document is used.
8. People are not places: a PERSON entity that the places stage geocoded, that follows
   "the" ("the Essequibo") or that modifies a common noun ("the Las Bambas mine") is not a
   person; a dictionary alias at the end of a longer PERSON entity is another person's
   surname ("Hazem Qassem" is not Naim Qassem). Where NER tags a whole country name as a
   person ("Mali's government"), the country wins. Overlapping mentions: the longest wins.

Canonical ids: the dictionary id when matched, otherwise ``person:<slug>``, ``org:<slug>``,
``country:<ISO3>`` or ``group:<ISO3>-<SECTOR>`` (``group:<SECTOR>`` without a country). Every
mention of one actor in a document carries the same id, name, country and sector.

User dictionaries (config ``dictionaries``): each file's ``kind`` header says which table it
extends (``newsevents.dictionaries``): people, organisations, agents, sectors, roles,
ethnic_groups or countries. People and organisations share one id space: a user entry of
either kind replaces the shipped entry of that id. Files of other kinds are passed over.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from newsevents import dictionaries as dictionary_files
from newsevents import lexicon
from newsevents.errors import DictionaryError
from newsevents.nlp import ACTORS, PLACES, PUBLISHED, ActorMention

# Match labels in the name matcher: person, organisation, country, demonym, capital, ethnic
# or sub-national group.
_PERSON, _ORG, _COUNTRY, _DEMONYM, _CAPITAL, _ETHNIC = "P", "O", "C", "D", "K", "E"
# Possessive pronouns before a group noun, and whether their owner is a person.
_POSSESSIVE_PRONOUNS = {"its": "other", "their": "other", "his": "person", "her": "person"}
_PRIORITY = {_PERSON: 0, _ORG: 1, _COUNTRY: 2, _DEMONYM: 3, _CAPITAL: 4, _ETHNIC: 5}
# Item kinds that are not dictionary names.
_NAME, _REF, _TITLE, _GROUP = "N", "R", "T", "G"
# The actor kind of each dictionary kind that names actors.
_ACTOR_KINDS = {"people": "person", "organisations": "organization"}
# Tokens allowed between a modifier and the title or group it modifies ("Syria's interim
# president", "Syrian Arab Army"): parts of speech, not words.
_GAP_POS = frozenset({"ADJ", "NOUN", "PROPN", "PART", "ADV", "NUM"})
# Participles also modify ("Zambia's ruling party", "Myanmar's governing junta").
_GAP_TAGS = frozenset({"VBG", "VBN"})
# Dashes that end a dateline ("LUSAKA —", "KADUNA, Nigeria --").
_DATELINE_DASHES = frozenset({"—", "–", "--", "-"})
_DATELINE_LINES = 5  # non-empty lines searched for a dateline at the top of the text
_DATELINE_TOKENS = 12
_MAX_GAP = 3
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})


# Sectors of movements: their followers share the sector ("supporters of the opposition").
_MOVEMENTS = frozenset({"OPP", "REB", "PTY", "INS", "SEP"})


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


def _variants(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split("|")
    return [str(v).strip() for v in items if str(v).strip()]


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


class ActorResolver:
    """Finds actor mentions and codes them (see the module docstring for the rules)."""

    def __init__(self, nlp: Language, dictionaries: Sequence[str] = ()):
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        user = [Path(p) for p in dictionaries]
        sectors = dictionary_files.load("sectors", user)
        self.sectors = {str(e["id"]) for e in sectors}
        self.group_names = {e["id"]: str(e.get("group_name") or e["id"]) for e in sectors}
        self._load_roles(dictionary_files.load("roles", user))
        self._load_countries(dictionary_files.load("countries", user))
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
        self.audience_verbs = by_role.get("audience_verb", set())
        self.followers = by_role.get("follower", set())
        self.controls = by_role.get("control", set())
        self.territories = by_role.get("territory", set())
        self.org_anaphors = by_role.get("org_anaphor", set())

    def _load_countries(self, entries: list[lexicon.Entry]) -> None:
        self.country_names: dict[str, str] = {}
        self.adjectives: dict[str, str] = {}  # ISO3 -> first demonym, for group names
        self.names = PhraseMatcher(self.vocab, attr="ORTH")
        for e in entries:
            iso = str(e["id"])
            self.country_names[iso] = str(e.get("name") or iso)
            demonyms = _variants(e.get("demonyms"))
            self.adjectives[iso] = demonyms[0] if demonyms else self.country_names[iso]
            names = [str(e.get("name") or "")] + _variants(e.get("aliases"))
            names = [re.sub(r"^(the|The) ", "", n) for n in names if n]
            self._add(_COUNTRY, iso, names)
            self._add(_DEMONYM, iso, _variants(e.get("demonyms")))
            self._add(
                _CAPITAL, iso, _variants(e.get("capital")) + _variants(e.get("capital_aliases"))
            )

    def _load_entries(self, entries: list[lexicon.Entry]) -> None:
        self.entries: dict[str, lexicon.Entry] = {}
        for e in entries:
            where = e["_where"]
            kind = e["kind"] = _ACTOR_KINDS[e["_kind"]]
            self._check_sector(e.get("sector"), where)
            for role in e.get("roles") or []:
                self._check_sector(role.get("sector"), where)
            key = str(e["id"])
            self.entries[key] = e
            label = _PERSON if kind == "person" else _ORG
            self._add(label, key, [str(e["name"]), *_variants(e.get("aliases"))])

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
                return past[-1].get("country"), "ELI", past[-1].get("title"), False
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

    # ------------------------------------------------------------------ the component
    def __call__(self, doc: Doc) -> Doc:
        published = doc._.get(PUBLISHED)
        pub = _iso(published) if published else None
        doc._.set(ACTORS, _DocResolver(self, doc, pub).run() if len(doc) else [])
        return doc


class _DocResolver:
    """Per-document state (kept off the component, so documents never leak into each other)."""

    def __init__(self, owner: ActorResolver, doc: Doc, pub: str | None):
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

    # ---------------------------------------------------------------- items
    def run(self) -> list[ActorMention]:
        self._find_items()
        self._find_evidence()
        self._code_named_orgs()
        self._resolve_people()
        for item in self.items:
            if not item.consumed:
                self._resolve_item(item)
        self._controlled_territory()
        self._organisation_anaphors()
        self._followers()
        return self._output()

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
            j = start - 1
            while j > 0 and doc[j].pos_ in ("DET", "ADJ", "PROPN", "NOUN") and j > start - 4:
                if doc[j].lower_ == "of":
                    break
                if j in self.at and self.at[j].kind not in (_TITLE,):
                    break  # another actor between: not "of X"
                j -= 1
            if j < 1 or doc[j].lower_ != "of" or doc[j - 1].lower_ not in self.o.followers:
                continue
            sector = actor.sector if actor.sector in _MOVEMENTS else "CVL"
            self._emit(j - 1, end, self._group(actor.country, sector))

    def _find_items(self) -> None:
        doc, vocab = self.doc, self.o.vocab
        spans: list[Span] = []
        for match_id, start, end in self.o.names(doc):
            label = vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=label))
        spans.sort(key=lambda s: _PRIORITY[s.label_[0]])
        names = [s for s in filter_spans(spans) if self._keep_name(s)]
        items = [_Item(s.start, s.end, s.label_[0], s.label_[2:]) for s in names]
        taken = {i for s in names for i in range(s.start, s.end)}
        agents = [Span(doc, s, e, label=vocab.strings[m]) for m, s, e in self.o.agents(doc)]
        for s in filter_spans(agents):
            # An agent noun inside a place name ("the Soviet Union") is not an agent, unless
            # NER swallowed a title before a name into the place ("Illinois Governor X").
            if (
                s[0].ent_type_ in _PLACE_ENTS
                and s[0].ent_iob_ != "B"
                and not (s.end < len(doc) and doc[s.end].ent_type_ == "PERSON")
            ):
                continue
            # An agent noun is a noun: "press Israel to withdraw" is no press.
            if s.root.pos_ not in ("NOUN", "PROPN"):
                continue
            if not taken.intersection(range(s.start, s.end)):
                items.append(_Item(s.start, s.end, s.label_[0], s.label_[2:]))
                taken.update(range(s.start, s.end))
        places = {(p["start"], p["end"]) for p in doc._.get(PLACES) or [] if p.get("country")}
        for ent in doc.ents:
            if ent.label_ == "PERSON" and not self._place_like(ent, places, taken):
                self._add_name(items, taken, ent.start, ent.end)
            elif ent.label_ == "ORG":
                self._add_named_org(items, taken, ent)
        # A title-cased name right after a title is a person even where NER missed it.
        for it in [i for i in items if i.kind == _TITLE]:
            start = it.end + 1 if it.end < len(doc) and doc[it.end].text == "," else it.end
            j = start
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and j not in taken:
                j += 1
            if j - start >= 2:
                self._add_name(items, taken, start, j)
        items.sort(key=lambda i: i.start)
        self._add_short_mentions(items, taken)
        items.sort(key=lambda i: i.start)
        self.items = items
        self.at = {t: it for it in items for t in range(it.start, it.end)}

    def _place_like(self, ent: Span, places: set[tuple[int, int]], taken: set[int]) -> bool:
        """A PERSON entity that is a geocoded place, follows "the" ("the Essequibo"), or
        modifies a common noun that is no agent noun ("the Las Bambas copper mine"; but
        "the al-Jabouri government" is a person's government)."""
        if (ent.start_char, ent.end_char) in places:
            return True
        root = ent.root
        if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i not in taken:
            return True
        return ent.start > 0 and self.doc[ent.start - 1].lower_ == "the"

    def _add_named_org(self, items: list[_Item], taken: set[int], ent: Span) -> None:
        """A named organisation headed by an agent noun ("United Party for National
        Development", "Municipal Workers' Union") with no country or dictionary name in it:
        an organisation actor with the noun's sector; its country comes later (a modifier
        before it, else the context country)."""
        doc = self.doc
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        root = ent.root
        # NER may swallow a following "(ACRONYM": the acronym is defined, not named, there.
        end = next((t.i for t in ent if t.text == "("), ent.end)
        # NER often stops before "for ..."/"of ...": "United Party for National Development".
        while end + 1 < len(doc) and doc[end].lower_ in ("for", "of") and doc[end + 1].is_title:
            end += 1
            while end < len(doc) and (doc[end].is_title or doc[end].lower_ in ("and", "the")):
                end += 1
            while doc[end - 1].lower_ in ("and", "the"):
                end -= 1
        if not root.is_title or root.i < start:
            return
        inner = [it for it in items if start <= it.start and it.end <= end]
        inner_tokens = {t for it in inner for t in range(it.start, it.end)}
        if any(it.kind != _GROUP for it in inner) or any(
            t in taken and t not in inner_tokens for t in range(start, end)
        ):
            return
        head = next((it for it in inner if it.start <= root.i < it.end), None)
        if head is None or (head.start, head.end) == (start, end):
            return  # a bare agent noun ("Foreign Ministry") stays a country group
        for it in inner:
            items.remove(it)
        key = f"org:{_slug(doc[start:end].text)}"
        self.orgs[key] = _Actor(
            key,
            " ".join(doc[start:end].text.split()),
            None,
            self.o.agent_rows[head.key]["sector"],
            "organization",
            "rule:named-org",
        )
        items.append(_Item(start, end, _ORG, key))
        taken.update(range(start, end))

    def _keep_name(self, span: Span) -> bool:
        label = span.label_[0]
        ent = span[0].ent_type_
        # NER sometimes tags a country or a demonym as a person ("Mali's government",
        # "met Lithuanian President X"): the whole entity being that word, it wins.
        if label in (_COUNTRY, _CAPITAL, _DEMONYM) and ent == "PERSON":
            ents = [e for e in self.doc.ents if e.start <= span.start < e.end]
            if (
                label == _CAPITAL
                or not ents
                or (ents[0].start, ents[0].end)
                != (
                    span.start,
                    span.end,
                )
            ):
                return False
        if label in (_PERSON, _ORG) and ent == "PERSON":
            # A dictionary alias at the end of a longer name is another person's surname
            # ("Therese Kayikwamba Wagner" is not the Wagner Group; "Hazem Qassem" is not
            # Naim Qassem), unless what precedes it in the entity is a title ("President X").
            ents = [e for e in self.doc.ents if e.start <= span.start < e.end]
            if ents and ents[0].start < span.start:
                before = self.doc[ents[0].start : span.start]
                if not any(t.lower_ in self.o.title_words for t in before):
                    return False
        if label == _COUNTRY:
            # "America" inside "Latin America" or "Bank of America" is not the country.
            for e in self.doc.ents:
                if e.start <= span.start and span.end <= e.end and (e.end - e.start) > len(span):
                    inner = re.sub(r"^(the|The) ", "", e.text)
                    if inner != span.text:
                        return False
        return True

    def _add_name(self, items: list[_Item], taken: set[int], start: int, end: int) -> None:
        doc = self.doc
        while start < end and (start in taken or not doc[start].is_alpha):
            start += 1
        while end > start and (end - 1 in taken or doc[end - 1].pos_ in ("PART", "PUNCT")):
            end -= 1
        if end <= start or taken.intersection(range(start, end)):
            return
        items.append(_Item(start, end, _NAME, " ".join(doc[start:end].text.split())))
        taken.update(range(start, end))

    def _add_short_mentions(self, items: list[_Item], taken: set[int]) -> None:
        """Surnames of full names and acronyms in parentheses refer back within the doc."""
        doc = self.doc
        forms: dict[str, int | None] = {}  # surface form -> index of the full-name item
        defined: set[int] = set()  # "(SDF)" right after its name: part of that mention
        for idx, it in enumerate(items):
            if it.kind in (_NAME, _PERSON) and it.end - it.start >= 2:
                for form in self._surnames(doc[it.start : it.end].text):
                    if form != doc[it.start : it.end].text:
                        prev = forms.get(form, idx)
                        same = prev is not None and (prev == idx or items[prev].key == it.key)
                        # Two different people share the form: it refers to neither.
                        forms[form] = prev if same else None
            if it.end + 2 < len(doc) and doc[it.end].text == "(" and doc[it.end + 2].text == ")":
                acro = doc[it.end + 1]
                if acro.is_upper and 2 <= len(acro.text) <= 8 and it.kind in (_ORG, _GROUP, _NAME):
                    forms.setdefault(acro.text, idx)
                    defined.update(range(it.end, it.end + 3))
        # A given name alone refers back too, where no surname claims the form and only one
        # person in the document bears it: many naming traditions (Thai, Icelandic,
        # Indonesian) call a person by the given name after the first mention.
        given: dict[str, int | None] = {}
        for idx, it in enumerate(items):
            if it.kind in (_NAME, _PERSON) and 2 <= it.end - it.start <= 3:
                first = doc[it.start]
                if first.is_alpha and first.is_title and len(first.text) > 2:
                    prev = given.get(first.text, idx)
                    given[first.text] = prev if items[prev].key == it.key else None
        for form, idx in given.items():
            if idx is not None and form not in forms:
                forms[form] = idx
        forms = {f: i for f, i in forms.items() if i is not None}
        if not forms:
            return
        matcher = PhraseMatcher(self.o.vocab, attr="ORTH")
        for form, idx in forms.items():
            matcher.add(str(idx), [self.o.make_doc(form)])
        spans = [Span(doc, s, e, label=m) for m, s, e in matcher(doc)]
        new: list[_Item] = []
        # Forms point at indices of the list as it is now; removals below shift it.
        sources = list(items)
        taken.update(defined)
        for s in filter_spans(spans):
            if s.start in defined:
                continue
            src = int(s.label_)
            covering = [it for it in items if it.start < s.end and s.start < it.end]
            # A bare surname that NER tagged as a name of its own is the same person.
            if covering and not (
                len(covering) == 1
                and covering[0].kind == _NAME
                and (covering[0].start, covering[0].end) == (s.start, s.end)
            ):
                continue
            if covering:
                items.remove(covering[0])
            new.append(_Item(s.start, s.end, _REF, str(src)))
        # Keep references pointing at the source item object (indices shift when sorting).
        for it in new:
            it.refs = [id(sources[int(it.key)])]
        items.extend(new)

    @staticmethod
    def _surnames(name: str) -> list[str]:
        words = name.split()
        out: list[str] = []
        for i, w in enumerate(words[1:], start=1):
            if w[:1].islower():  # particle: "al-Sharaa", "von der Leyen", "bin Salman"
                out.append(" ".join(words[i:]))
                break
        last = words[-1]
        out.append(last)
        if "-" in last and last.split("-", 1)[0].islower():
            out.append(last.split("-", 1)[1])
        return [f for f in out if len(f) > 2 and f[:1].isalpha()]

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

    # ---------------------------------------------------------------- context country
    def _find_evidence(self) -> None:
        """Country evidence for the context rule: names, capitals and geocoded places, each
        with its token and whether it locates ("in Kitwe"); the dateline; the main country."""
        doc = self.doc
        evidence: list[tuple[int, str, int]] = []
        for it in self.items:
            iso = self._item_country(it)
            if iso is not None and not self._sponsor_after(it.end):
                evidence.append((it.start, iso, self._locative(doc[it.start : it.end])))
                if self._acted_on(doc[it.start : it.end]):
                    self.acted.add(it.start)
        for place in doc._.get(PLACES) or []:
            iso = place.get("country")
            span = doc.char_span(place["start"], place["end"], alignment_mode="expand")
            if iso not in self.o.country_names or span is None or span.start in self.at:
                continue
            if not self._sponsor_after(span.end):
                evidence.append((span.start, str(iso), self._locative(span)))
        evidence.sort()
        self.evidence = evidence
        self.dateline = self._find_dateline()
        self.dateline_country = next(
            (iso for t, iso, _ in evidence if self.dateline[0] <= t < self.dateline[1]), None
        )
        counts: dict[str, int] = {}
        for _, iso, _ in evidence:
            counts[iso] = counts.get(iso, 0) + 1
        # Ties go to the country named first (dicts keep insertion order; max keeps the first).
        self.main_country = max(counts, key=lambda c: counts[c]) if counts else None

    def _find_dateline(self) -> tuple[int, int]:
        """The token range of a wire dateline ("KADUNA, Nigeria —") at the top of the text."""
        doc = self.doc
        pos, seen = 0, 0
        for line in doc.text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            if not line.strip():
                continue
            seen += 1
            if seen > _DATELINE_LINES:
                break
            span = doc.char_span(start, start + len(line), alignment_mode="expand")
            toks = [t for t in span or () if not t.is_space][:_DATELINE_TOKENS]
            if not toks or not toks[0].text.isupper() or sum(c.isalpha() for c in toks[0].text) < 2:
                continue
            for t in toks[1:]:
                spaced = bool(t.whitespace_) and bool(doc[t.i - 1].whitespace_)
                if t.text in _DATELINE_DASHES and (t.text != "-" or spaced):
                    return toks[0].i, t.i
        return 0, 0

    def _in_dateline(self, it: _Item) -> bool:
        return self.dateline[0] <= it.start < self.dateline[1]

    def _locative(self, span: Span) -> int:
        """What a locative phrase ("in Kitwe") attaches to: its token index, else -1."""
        tok: Token = span.root
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.lower_ in self.o.locative_preps:
            return tok.head.head.i
        return -1

    def _sponsor_after(self, end: int) -> bool:
        """ "Russian-backed": the name before the hyphen sponsors, it does not locate."""
        doc = self.doc
        return (
            end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in self.o.sponsors
        )

    def _acted_on(self, span: Span) -> bool:
        """A country that is the object of an action ("accused Minsk", "aid to Haiti")."""
        tok: Token = span.root
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in ("dobj", "dative"):
            return True
        prep = tok.head
        return (
            tok.dep_ == "pobj"
            and prep.dep_ != "agent"
            and prep.lower_ != "by"
            and (prep.lower_ in self.o.actor_preps or prep.lower_ in self.o.argument_preps)
        )

    def _context_country(
        self, token: int, *, person: bool = False, exclude: str | None = None
    ) -> str | None:
        """The country an agent noun without a modifier belongs to: the nearest country
        evidence earlier in its sentence (for a title, not a country acted upon: "Canada will
        send aid to Haiti, Foreign Minister X said" is Canada's minister), else the first
        place later in it that locates the noun or its verb ("police in Kitwe"; a country
        merely acted on, "accused Minsk", is not evidence), else the nearest earlier in its
        paragraph, else the dateline country, else the country the document mentions most.
        ``exclude`` is a country the noun is known not to belong to (see ``_foreign_of``):
        then the nearest earlier other country anywhere in the document is used before the
        dateline."""
        doc = self.doc
        sent = doc[token].sent
        evidence = [e for e in self.evidence if e[1] != exclude]
        # Only a place that locates the agent noun, its verb or the verb's object ("police in
        # Kitwe", "police arrested ... in Kitwe", "detained students in Kitwe"), not "a
        # meeting in Luxembourg" in another clause.
        tok = doc[token]
        verb = tok.head if tok.dep_ != "compound" else tok.head.head
        anchors = {tok.i, tok.head.i, verb.i} | {
            c.i for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "nsubjpass")
        }
        after = [iso for t, iso, at in evidence if token < t < sent.end and at in anchors]
        # Those acted upon are where it happened ("Israeli strikes killed 12 people in Gaza"),
        # whoever acted on them: the locating place goes first for them.
        if after and not person and tok.dep_ in ("dobj", "nsubjpass", "dative"):
            return after[0]
        before = [
            iso
            for t, iso, _ in evidence
            if sent.start <= t < token and not (person and t in self.acted)
        ]
        if before:
            return before[-1]
        if after:
            return after[0]
        para = doc.text.rfind("\n", 0, sent.start_char) + 1
        earlier = [
            iso for t, iso, _ in evidence if t < sent.start and (exclude or doc[t].idx >= para)
        ]
        if earlier:
            return earlier[-1]
        if exclude is not None:
            return next((iso for _, iso, _ in evidence), None)
        return self.dateline_country or self.main_country

    def _item_country(self, it: _Item) -> str | None:
        if it.kind in (_COUNTRY, _DEMONYM):
            return it.key
        if it.kind == _CAPITAL:
            return it.key if self._capital_ok(it) else None
        if it.kind == _ORG:
            org = self._org(it.key)
            # A news agency's home says nothing about the story ("SANTIAGO (Reuters) -").
            if org.sector == "MED":
                return None
            return org.country if org.country in self.o.country_names else None
        return None

    def _code_named_orgs(self) -> None:
        """Country (and opposition) of named organisations found by ``_add_named_org``."""
        doc = self.doc
        for it in self.items:
            if it.kind != _ORG or it.key in self.o.entries:
                continue
            actor = self.orgs[it.key]
            mod = self._item_ending_before(it.start)
            if mod is not None and mod.kind in (_COUNTRY, _DEMONYM, _CAPITAL):
                actor.country = mod.key
                self._consume_between(mod, it)
            else:
                actor.country = self._context_country(it.start)
            j = it.start - 1
            while j >= 0 and doc[j].pos_ in ("DET", "ADJ") and j not in self.at:
                j -= 1
            before = self.at.get(j)
            if (
                before is not None
                and before.kind == _GROUP
                and self.o.agent_rows[before.key]["sector"] == "OPP"
            ):
                actor.sector = "OPP"  # "the opposition Patriotic Front"
                before.consumed = True

    # ---------------------------------------------------------------- people
    def _org(self, key: str) -> _Actor:
        if key not in self.orgs:
            self.orgs[key] = self.o._dict_actor(key, self.pub)
        return self.orgs[key]

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

    # ---------------------------------------------------------------- other items
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
        doc = self.doc
        covered = {t for start, end, _, _ in self.mentions for t in range(start, end)}
        orgs = sorted(
            (start, actor) for start, _, actor, _ in self.mentions if actor.kind == "organization"
        )
        for tok in doc:
            if (
                tok.lower_ not in self.o.org_anaphors
                or tok.tag_ != "NN"
                or tok.i in covered
                or tok.i == 0
                or doc[tok.i - 1].lower_ != "the"
            ):
                continue
            sent = tok.sent
            window = sent.start
            for _ in range(2):
                if window > 0:
                    window = doc[window - 1].sent.start
            earlier = [actor for start, actor in orgs if window <= start < tok.i - 1]
            if earlier:
                self._emit(tok.i, tok.i + 1, earlier[-1])

    def _is_head(self, it: _Item) -> bool:
        """The agent noun heads its phrase ("Russian troops", not "military assets")."""
        nxt = it.end
        if nxt >= len(self.doc):
            return True
        nxt_item = self.at.get(nxt)
        if nxt_item is not None and nxt_item.kind in (_GROUP, _TITLE):
            return False
        return self.doc[nxt].pos_ not in ("NOUN", "PROPN") or nxt_item is not None

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
        elif mod is None and self._from_countries(it, sector):
            return
        elif mod is None and (owner := self._possessor(it)) is not None:
            # "Hamas said its fighters ...": the organisation itself; "Russia said its
            # troops ...": that country's group of the noun's sector.
            it.actor = owner if owner.kind == "organization" else self._group(owner.country, sector)
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

    def _foreign_of(self, it: _Item, sector: str) -> str | None:
        """A state institution acted on by a country is another country's ("Canada
        expressed support for the transitional government's plan"; "Russia accused the
        government of ..."): the country of the clause's subject, excluded as context."""
        if sector not in ("GOV", "LEG", "JUD"):
            return None
        tok = self.doc[it.end - 1]
        while tok.pos_ != "VERB" and tok.head.i != tok.i and tok.dep_ != "nsubj":
            tok = tok.head
        if tok.pos_ != "VERB":
            return None
        for subj in (c for c in tok.children if c.dep_ == "nsubj"):
            item = self.at.get(subj.i)
            if item is not None and item.kind in (_COUNTRY, _CAPITAL):
                return item.key
        return None

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

    def _resolve_description(self, it: _Item) -> None:
        """ "the Russian leader" / "the Syrian president" / "the spokesperson"."""
        doc = self.doc
        if not self._is_head(it):
            return
        row = self.o.agent_rows[it.key]
        mod = self._item_ending_before(it.start)
        if mod is not None and mod.kind in (_COUNTRY, _DEMONYM, _CAPITAL):
            iso = mod.key
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
        elif mod is None and it.start > 0 and doc[it.start - 1].lower_ == "the":
            actor = self._find_person(lambda a: True, it.key, False, before=it.start)
            if actor is not None:
                self._emit(it.start, it.end, actor)

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
        for key, e in self.o.entries.items():
            if e["kind"] != "person":
                continue
            country, sector, role_title, active = self.o._entry_code(e, self.pub)
            if active and country == iso and role_title and str(role_title).lower() in forms:
                actor = self.people_by_key.setdefault(key, self.o._dict_actor(key, self.pub))
                return actor
        return None

    # ---------------------------------------------------------------- roles, ids
    def _acts(self, span: Span, deps: set[str]) -> bool:
        """Whether a name is an actor by its dependency role (see the module docstring)."""
        tok: Token = span.root
        while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
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

    def _capital_ok(self, it: _Item) -> bool:
        """A capital is not its country's government where places put it in another country."""
        start, end = self.doc[it.start].idx, self.doc[it.end - 1].idx + len(self.doc[it.end - 1])
        for place in self.doc._.get(PLACES) or []:
            if place["start"] == start and place["end"] == end and place.get("country"):
                return place["country"] == it.key
        # NER tags a capital used for its government ("Ottawa said") as GPE or ORG.
        return self.doc[it.start].ent_type_ in ("GPE", "ORG", "")

    def _country_actor(self, iso: str) -> _Actor:
        name = self.o.country_names.get(iso, iso)
        return _Actor(f"country:{iso}", name, iso, "GOV", "country", "countries.csv")

    def _group(self, iso: str | None, sector: str) -> _Actor:
        label = self.o.group_names.get(sector, sector)
        if iso is None:
            return _Actor(
                f"group:{sector}", label.capitalize(), None, sector, "group", "rule:group"
            )
        name = f"{self.o.adjectives.get(iso, iso)} {label}"
        return _Actor(f"group:{iso}-{sector}", name, iso, sector, "group", "rule:group")

    def _emit(self, start: int, end: int, actor: _Actor | None) -> None:
        if actor is not None and end > start:
            self.mentions.append((start, end, actor, actor.entry or ""))

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
                    kind=a.kind,
                    entry=a.entry,
                )
            )
        return out


@Language.factory(
    "newsevents_actors",
    default_config={"dictionaries": []},
    requires=["doc._.ne_places"],
    assigns=["doc._.ne_actors"],
)
def make_actors(nlp: Language, name: str, dictionaries: list[str]) -> ActorResolver:
    return ActorResolver(nlp, dictionaries)
