"""Choosing among the candidate places of a mention, and the place a facility phrase names.

Ambiguous city names prefer the countries the document mentions, then capitals, then
population; a region or country right after a comma ("Paris, Texas") narrows the candidates
first. The document's countries are those it names, its demonyms, its qualifiers and the
countries of its unambiguous place names. A facility phrase ("Qamishli Airport") is a facility
of the supplement, an airport (airportsdata) by its name, or one of the named town's.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from spacy.tokens import Doc, Span

from newsevents.places.gazetteer import Gazetteer, fold, load_gazetteer
from newsevents.places.lookup import PlaceLookup
from newsevents.places.tables import Candidate

# An airport counts as the airport of a town when it lies this close to the town.
AIRPORT_RADIUS_KM = 35.0
# Ranking weights of the wider kinds against towns (see ``_score``): a division counts a tenth
# of its people, so a big town elsewhere still wins a bare name unless the document is about
# the division's country; a country named by a short form ("Trinidad") keeps the name unless a
# sizeable town of a country the document is about has it.
ADMIN_POPULATION_WEIGHT = 0.1
COUNTRY_POPULATION = 10**8.5
# A town this big that dwarfs its namesakes abroad tells which country a document is about.
DOMINANT_TOWN_POPULATION = 50_000


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


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1)
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


class Resolver:
    """Picks one place among a name's candidates (from ``places``) by the document's context."""

    def __init__(self, places: PlaceLookup) -> None:
        self.places = places
        self.tables = places.tables

    # ---- choosing --------------------------------------------------------------------------

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

    def choose(
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

    def facility(
        self,
        written: str,
        name_text: str,
        ftype: str,
        context: Counter[str],
        qualifier: tuple[str, str] | None,
    ) -> Candidate | None:
        gaz = load_gazetteer()
        key = fold(written)
        if key in self.tables.supplement:
            return self.tables.supplement[key]
        air = ftype in ("airport", "air", "any")
        if air and key in gaz.ap_by_name:
            row = gaz.ap_by_name[key][0]
            return self.places.airport(gaz, row, None, written)
        place = self.choose(self.places.lookup(name_text), context, qualifier)
        if place is None or place.kind in ("facility", "airport"):
            return place
        if place.kind != "city":
            return None  # "the Syria base": a country is not where a base is
        for fac in self.tables.supplement_by_town.get(place.geonameid or -1, []):
            if (
                ftype == "any"
                or fac.facility_type == ftype
                or (ftype == "airport" and fac.facility_type == "air")
            ):
                return fac
        if air:
            airport = self._nearest_airport(gaz, place, name_text, ftype == "airport")
            if airport is not None:
                return self.places.airport(gaz, airport, place, written)
        return place

    def _nearest_airport(
        self, gaz: Gazetteer, town: Candidate, name_text: str, civil: bool
    ) -> int | None:
        iso2 = next((k for k, v in self.tables.iso3.items() if v == town.country), None)
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

    # ---- context and qualifiers ------------------------------------------------------------

    def context(self, doc: Doc, found: list[tuple[Span, str, dict[str, Any]]]) -> Counter[str]:
        """Countries the document is about: named countries, demonyms, qualifiers, and the
        countries of unambiguous place names."""
        context: Counter[str] = Counter()
        for token in doc:
            if not token.text[:1].isupper():
                continue
            iso3 = self.tables.demonyms.get(fold(token.text))
            if iso3:
                context[iso3] += 1
        for span, origin, details in found:
            if origin in ("propn", "feature"):
                continue  # not yet known to be a place, or maybe no gazetteer's
            country = _dominant_country(self.places.lookup(details.get("name", span.text)))
            if country:
                context[country] += 1
            qualifier = details.get("qualifier") or self.qualifier_after(span)
            if qualifier:
                context[qualifier[0]] += 1
        return context

    def qualifier_after(self, span: Span) -> tuple[str, str] | None:
        """ "Paris, Texas": the region or country right after a comma narrows the city."""
        doc = span.doc
        if span.end + 1 >= len(doc) or doc[span.end].text != ",":
            return None
        for width in (3, 2, 1):
            tail = doc[span.end + 1 : span.end + 1 + width]
            if len(tail) == width and tail[0].text[:1].isupper():
                qualifier = self.tables.qualifier(tail.text)
                if qualifier:
                    return qualifier
        return None
