"""Every place a name may denote, from the most specific table that knows it.

A name resolves against, in order: aliases, countries, regions, facilities (the supplement),
divisions named with their division word ("Guayas province"), then GeoNames cities and the
bare division names that are not also a sizeable town of the same country. Airports come in
through facility phrases (:mod:`newsevents.places.resolve`), which also chooses among the
candidates.
"""

from __future__ import annotations

from newsevents.places.gazetteer import Gazetteer, fold, load_gazetteer
from newsevents.places.tables import Candidate, PlaceTables

# A bare name that is both a division and a town of this size in the same country is the town
# ("Kaduna", "Aleppo"); "Kaduna State" is the division.
ADMIN_TOWN_POPULATION = 20_000
# A town known by the division's bare name only as an alternate name needs to be this big.
ALTERNATE_SEAT_POPULATION = 100_000
SEAT_SHARE = 0.5


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


class PlaceLookup:
    """Names to candidate places, over the small ``tables`` and the process-wide gazetteer."""

    def __init__(self, tables: PlaceTables) -> None:
        self.tables = tables

    def city(self, gaz: Gazetteer, row: int, main_name: bool) -> Candidate:
        return Candidate(
            f"geonames:{gaz.gid[row]}",
            gaz.name[row],
            self.tables.iso3.get(gaz.cc[row]),
            gaz.lat[row],
            gaz.lon[row],
            gaz.gid[row],
            "city",
            population=gaz.pop[row],
            capital=row in self.tables.capitals,
            main_name=main_name,
            admin1=gaz.admin1[row],
        )

    def cities(self, key: str) -> list[Candidate]:
        """The GeoNames towns of a folded name, also written with a name prefix ("Al Qamishli"):
        the towns of that main name first, then those that have it as an alternate name."""
        gaz = load_gazetteer()
        keys = [key] + [
            f"{art}{'' if art.endswith('-') else ' '}{key}" for art in self.tables.articles
        ]
        found: dict[int, Candidate] = {}
        for k in keys:
            for row in gaz.main.get(k, ()):
                found.setdefault(row, self.city(gaz, row, True))
        for k in keys:
            for row in gaz.alt.get(k, ()):
                found.setdefault(row, self.city(gaz, row, False))
        return list(found.values())

    def lookup(self, text: str, *, _depth: int = 0) -> list[Candidate]:
        """Every place a name may denote, from the most specific table that knows it."""
        tables = self.tables
        key = fold(text)
        if not key:
            return []
        if key in tables.aliases and _depth < 3:
            found = []
            for target, country in tables.aliases[key]:
                named = (
                    self._by_id(target) if ":" in target else self.lookup(target, _depth=_depth + 1)
                )
                if country:
                    named = [c for c in named if c.country == country] or named
                found.extend(named)
            if found:
                return found
        if key in tables.country_names:
            country = tables.countries[tables.country_names[key]]
            # A short form ("Trinidad") may also be a town of a country the text is about.
            return [country, *self.cities(key)] if key in tables.country_short else [country]
        if key in tables.regions:
            return [tables.regions[key]]
        if key in tables.supplement:
            return [tables.supplement[key]]
        divisions = self._divisions(key)
        if divisions is not None:
            return divisions
        return self.cities(key) + self._bare_divisions(key)

    def _admin_keys(self, key: str) -> list[str]:
        return [key] + [
            f"{art}{'' if art.endswith('-') else ' '}{key}" for art in self.tables.articles
        ]

    def _divisions(self, key: str) -> list[Candidate] | None:
        """ "Guayas province", "Kaduna State", "the province of Idlib": the division only.
        None when the name has no division word."""
        tables = self.tables
        words = key.split()
        if len(words) < 2:
            return None
        if words[-1] in tables.admin_words:
            base = " ".join(words[:-1])
        elif len(words) > 2 and words[0] in tables.admin_words and words[1] == "of":
            base = " ".join(words[2:])
        else:
            return None
        if base in tables.country_names:
            return None  # "the State of Israel", "the Central Region of Ghana"
        curated = tables.regions.get(base)
        if curated is not None and curated.kind == "admin":
            return [curated]
        found = [c for k in self._admin_keys(base) for c in tables.admin1.get(k, ())]
        if found:
            return found
        # Divisions named after their chief town under another spelling ("Deraa province" is
        # GeoNames' Daraa, "Sagaing Region" its Sagain): the town's own division, when the
        # names are near enough to be one name.
        for town in self.cities(base):
            division = tables.admin1_by_code.get((town.country or "", town.admin1))
            if division is not None and _near_spelling(fold(division.name), fold(town.name)):
                found.append(division)
        if not found:
            # The division word says a division is meant: "Middle Shabelle region" is GeoNames'
            # Middle Shabele.
            found = [
                c
                for name in tables.admin1_by_initial.get(base[:1], ())
                if _near_spelling(name, base)
                for c in tables.admin1[name]
            ]
        return found

    def _bare_divisions(self, key: str) -> list[Candidate]:
        divisions = [c for k in self._admin_keys(key) for c in self.tables.admin1.get(k, ())]
        if not divisions:
            return []
        towns = self.cities(key)
        named = {c.country for c in towns if c.main_name and c.population >= ADMIN_TOWN_POPULATION}
        # A city known by the bare name only as an alternate that holds most of its division's
        # people ("Santa Cruz" is Santa Cruz de la Sierra, in Santa Cruz department) is the
        # city too: it lies in the division, and it is the more specific reading of the name.
        # Where the city is a small part (Oklahoma City of Oklahoma), the division keeps it.
        seats = {
            (c.country, c.admin1): c.population
            for c in towns
            if not c.main_name and c.population >= ALTERNATE_SEAT_POPULATION
        }
        return [
            d
            for d in divisions
            if d.country not in named
            and not seats.get((d.country, d.admin1), 0) >= SEAT_SHARE * max(d.population, 1)
        ]

    def _by_id(self, place_id: str) -> list[Candidate]:
        tables = self.tables
        scheme, _, value = place_id.partition(":")
        if scheme == "country" and value in tables.countries:
            return [tables.countries[value]]
        if scheme == "region":
            return [c for c in tables.regions.values() if c.place_id == place_id][:1]
        if scheme == "supplement":
            return [c for c in tables.supplement.values() if c.place_id == place_id][:1]
        if scheme == "geonames" and value.isdigit():
            gaz = load_gazetteer()
            gid = int(value)
            # A user alias to a geonameid is rare: a scan is fine here.
            return [self.city(gaz, r, True) for r, g in enumerate(gaz.gid) if g == gid][:1]
        if scheme == "airport":
            gaz = load_gazetteer()
            return [
                self.airport(gaz, r, None, None) for r, c in enumerate(gaz.ap_code) if c == value
            ][:1]
        return []

    def airport(
        self, gaz: Gazetteer, row: int, town: Candidate | None, written: str | None
    ) -> Candidate:
        """Airport ``row`` of the gazetteer, as ``written`` and in ``town`` when known."""
        return Candidate(
            f"airport:{gaz.ap_code[row]}",
            written or gaz.ap_name[row],
            town.country if town else self.tables.iso3.get(gaz.ap_cc[row]),
            gaz.ap_lat[row],
            gaz.ap_lon[row],
            town.geonameid if town else None,
            "airport",
        )
