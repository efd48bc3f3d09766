"""The small tables of the places stage, shipped under ``data/places/`` and
``data/countries/`` and layered with the user's files: countries (names, short forms,
demonyms, capitals, centroids), place cues, regions, the facility supplement, every country's
first-level divisions and aliases. Each place row is a :class:`Candidate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsevents import dictionaries as dictionary_files
from newsevents.errors import DictionaryError
from newsevents.places.gazetteer import Gazetteer, fold


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


class PlaceTables:
    """The tables, keyed by folded name, read once per component from the shipped files and
    ``user``: files of the places kinds (places, aliases, regions, admin1, centroids,
    place_cues, countries), told apart by their kind headers. ``gaz`` finds the capitals."""

    def __init__(self, gaz: Gazetteer, user: list[Path]) -> None:
        self._load_countries(gaz, user)
        self._load_cues(user)
        self._load_regions(user)
        self._load_supplement(user)
        self._load_admin1(user)
        # An alias may name several places ("Congo"): the document's context picks one.
        self.aliases: dict[str, list[tuple[str, str | None]]] = {}
        for entry in dictionary_files.load("aliases", user):
            targets = self.aliases.setdefault(fold(entry["alias"]), [])
            targets.append((entry["target"], entry.get("country")))

    def _load_countries(self, gaz: Gazetteer, user: list[Path]) -> None:
        centroids = {e["id"]: e for e in dictionary_files.load("centroids", user)}
        self.iso3: dict[str, str] = {}
        self.countries: dict[str, Candidate] = {}
        self.country_names: dict[str, str] = {}
        self.country_short: set[str] = set()  # folded aliases, not official names
        self.demonyms: dict[str, str] = {}
        self.capitals: set[int] = set()
        for entry in dictionary_files.load("countries", user):
            iso3, iso2 = entry["id"], entry.get("iso2")
            if iso2:
                self.iso3[iso2] = iso3
            capital_row = None
            if entry.get("capital"):
                rows = [r for r in gaz.main.get(fold(entry["capital"]), ()) if gaz.cc[r] == iso2]
                if rows:
                    capital_row = max(rows, key=lambda r: gaz.pop[r])
                    self.capitals.add(capital_row)
            centre = centroids.get(iso3)
            if centre:
                lat, lon = _float(centre["lat"]), _float(centre["lon"])
            elif capital_row is not None:
                lat, lon = gaz.lat[capital_row], gaz.lon[capital_row]
            else:
                lat = lon = None
            self.countries[iso3] = Candidate(
                f"country:{iso3}",
                entry["name"],
                iso3,
                lat,
                lon,
                _int(entry.get("geonameid")),
                "country",
            )
            for alias in [entry["name"], *_split(entry.get("aliases"))]:
                self.country_names.setdefault(fold(alias), iso3)
                if alias != entry["name"]:
                    self.country_short.add(fold(alias))
            for demonym in _split(entry.get("demonyms")):
                self.demonyms.setdefault(fold(demonym), iso3)

    def _load_cues(self, user: list[Path]) -> None:
        self.preps: set[str] = set()
        self.facility_words: dict[str, str] = {}
        self.articles: list[str] = []
        self.not_places: set[str] = set()
        self.honorifics: set[str] = set()
        self.admin_words: set[str] = set()
        self.locatives: set[str] = set()
        # feature word (folded) → what it says the name is; prefixes keep their capital.
        self.features: dict[str, str] = {}
        self.feature_prefixes: dict[str, str] = {}
        for entry in dictionary_files.load("place_cues", user):
            text, kind = fold(entry["text"]), entry["kind"]
            if kind == "preposition":
                self.preps.add(text)
            elif kind == "facility":
                self.facility_words[text] = entry.get("type") or "any"
            elif kind == "article":
                self.articles.append(text)
            elif kind == "not_place":
                self.not_places.add(text)
            elif kind == "honorific":
                self.honorifics.add(text)
            elif kind == "locative":
                self.locatives.add(text)
            elif kind == "admin_word":
                self.admin_words.add(text)
            elif kind == "feature":
                self.features[text] = entry.get("type") or "site"
            elif kind == "feature_prefix":
                self.feature_prefixes[entry["text"]] = entry.get("type") or "site"
            else:
                raise DictionaryError(f"{entry['_where']}: unknown cue kind {kind!r}")

    def _load_regions(self, extra: list[Path]) -> None:
        self.regions: dict[str, Candidate] = {}
        self.qualifiers: dict[str, tuple[str, str]] = {}  # folded name → (ISO3, admin1)
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
                self.regions[fold(alias)] = cand
                if cand.admin1 and cand.country:
                    # "Paris, Texas" and "Seattle, Washington" name the state without "State".
                    bare = fold(alias).removesuffix(" state")
                    self.qualifiers[bare] = (cand.country, cand.admin1)

    def _load_admin1(self, extra: list[Path]) -> None:
        """Every country's first-level divisions. Found by the model's place entities, by
        "<Name> province|state|region" and after place prepositions; never as a bare phrase
        match, as many are also common words ("Delta", "Plateau")."""
        self.admin1: dict[str, list[Candidate]] = {}
        self.admin1_by_code: dict[tuple[str, str], Candidate] = {}
        self.admin1_by_initial: dict[str, set[str]] = {}
        for entry in dictionary_files.load("admin1", extra):
            key = fold(entry["name"])
            if key in self.country_names:
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
            self.admin1.setdefault(key, []).append(cand)
            self.admin1_by_initial.setdefault(key[:1], set()).add(key)
            self.admin1_by_code[(entry["country"], entry["admin1"])] = cand
            if len(key) >= 4:
                self.qualifiers.setdefault(key, (entry["country"], entry["admin1"]))

    def _load_supplement(self, extra: list[Path]) -> None:
        self.supplement: dict[str, Candidate] = {}
        self.supplement_by_town: dict[int, list[Candidate]] = {}
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
                self.supplement[fold(alias)] = cand
            if cand.geonameid is not None:
                self.supplement_by_town.setdefault(cand.geonameid, []).append(cand)

    def qualifier(self, text: str) -> tuple[str, str] | None:
        """The (ISO3, admin1) a region or country name narrows a place to ("Texas", "Ukraine");
        admin1 is empty for a country."""
        key = fold(text)
        if key in self.qualifiers:
            return self.qualifiers[key]
        if key in self.country_names:
            return (self.country_names[key], "")
        for target, _country in self.aliases.get(key, []):
            if target.startswith("country:"):
                return (target.removeprefix("country:"), "")
        return None
