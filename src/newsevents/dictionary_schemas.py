"""The schema of every dictionary kind newsevents ships: its file, its readers and its fields.

Field types (``Field.type``):

- ``text``: a non-empty string (a number is read as its text), optionally one of ``choices``;
- ``number``, ``integer``: as written in YAML/JSON, or as a CSV cell;
- ``flag``: true/false (CSV cells: true, false, yes, no, 1, 0);
- ``date``: a YAML date, or text YYYY, YYYY-MM or YYYY-MM-DD (a partial date covers its period);
- ``names``: a list of texts, or in one CSV cell texts separated by ``|``; ``choices`` apply
  to each;
- ``words``: a list of texts (YAML/JSON only);
- ``mapping``, ``value`` (a text, number or mapping), ``patterns`` (a list of spaCy
  token-pattern mappings), ``records`` (a list of mappings with their own ``fields``).

Every kind also accepts ``disabled`` (a flag): a disabled entry needs only its ``id``.
Choices listed here are the values the stage code acts on; a value outside them would be
silently ignored, which is why it is an error instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Field:
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: Mapping[str, Field] | None = None  # of each record, for type "records"


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    shipped: str  # relative to newsevents/data
    stages: tuple[str, ...]  # who reads it: "clean" or a spaCy component name
    about: str
    fields: Mapping[str, Field] = field(default_factory=dict)

    def all_fields(self) -> dict[str, Field]:
        return {"id": ID, **self.fields, "disabled": Field("flag")}


ID = Field("text", required=True)
TEXT = Field()
REQUIRED = Field(required=True)
NUMBER = Field("number")
INTEGER = Field("integer")
FLAG = Field("flag")
NAMES = Field("names")

_ACTORS = ("newsevents_actors",)
_PLACES = ("newsevents_places",)
_EVENTS = ("newsevents_events",)
_ROLE = {
    "country": TEXT,
    "sector": TEXT,
    "title": TEXT,
    "start": Field("date"),
    "end": Field("date"),
}
_FACILITY_TYPES = ("air", "airport", "army", "government", "naval", "nuclear", "space", "any")
# What a feature word says its name is (place_cues kind feature / feature_prefix).
_FEATURE_TYPES = ("locality", "division", "island", "water", "site")
_PLOVER = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
_EVENT_CUES = (
    "action_nouns", "anaphoric_det", "aux", "casualty", "circumstance_preps", "clause_deps",
    "commitment", "crowd_sectors",
    "dual", "governor", "habitual", "hazard", "hazard_setting", "implied_actor", "implied_source",
    "implied_target", "light_verb", "mark", "message_nouns", "negating_governor", "numbers",
    "obligation", "obligation_speech", "object_control",
    "participation_verb", "physical_types", "place_preps", "pledged_types", "pronoun",
    "property_nouns",
    "reciprocal_pronoun", "refusal_codes", "request_codes", "schedule", "source_preps",
    "tally_conflict", "tally_mark", "tally_span", "target_preps", "theme_target_preps",
    "time_mark", "verbal_protest",
)  # fmt: skip
_DATE_WORDS = (
    "ago", "day_word", "future_aux", "infinitive", "month", "number", "part_of_day", "shift",
    "strip", "unit", "weekday", "year_prep",
)  # fmt: skip
_ACTOR_ROLES = (
    "actor_dep", "actor_preposition", "argument_preposition", "audience_verb", "capital_dep",
    "conduct", "control", "country_anaphor", "follower", "follower_verb", "foreign", "former",
    "locative_preposition", "motion", "moved_force", "org_anaphor", "setting_preposition",
    "sponsor", "territory",
)  # fmt: skip
_CLAIMS = ("newsevents_claims",)
_UNIT_KINDS = ("percent", "points", "basis_points", "currency", "scale", "number")
_QUALIFIERS = ("approximate", "at_least", "more_than", "at_most", "less_than")
_PLACE_CUES = (
    "preposition", "facility", "article", "not_place", "honorific", "locative", "admin_word",
    "feature", "feature_prefix",
)  # fmt: skip


def _kinds(*kinds: Kind) -> Mapping[str, Kind]:
    return MappingProxyType({k.name: k for k in kinds})


KINDS: Mapping[str, Kind] = _kinds(
    # ---- actors
    Kind(
        "people",
        "actors/people.yaml",
        _ACTORS,
        "people, coded by the role active on the publication date",
        {
            "name": REQUIRED,
            "aliases": NAMES,
            "country": TEXT,
            "sector": TEXT,
            "roles": Field("records", fields=_ROLE),
            # Where the entry's facts can be checked ("Wikipedia: <article title>").
            "source": TEXT,
        },
    ),
    Kind(
        "organisations",
        "actors/organizations.yaml",
        _ACTORS,
        "organisations (IGOs, institutions, armed groups, parties, media)",
        {
            "name": REQUIRED,
            "aliases": NAMES,
            "country": TEXT,
            "sector": TEXT,
            "roles": Field("records", fields=_ROLE),
            "place": FLAG,
            # Where the entry's facts can be checked ("Wikipedia: <article title>").
            "source": TEXT,
        },
    ),
    Kind(
        "agents",
        "actors/agents.csv",
        _ACTORS,
        "agent nouns: titles, groups and instruments with a sector",
        {
            "pattern": Field("names", required=True),
            "sector": REQUIRED,
            "type": Field(required=True, choices=("title", "group", "instrument")),
            "bare": FLAG,
            "head": FLAG,
        },
    ),
    Kind(
        "sectors",
        "actors/sectors.csv",
        ("newsevents_actors", "newsevents_events"),
        "actor sectors (GOV, MIL, REB …), the words that name their groups, and which are "
        "institutions of a state",
        {"name": TEXT, "description": TEXT, "group_name": TEXT, "state": FLAG},
    ),
    Kind(
        "roles",
        "actors/roles.csv",
        _ACTORS,
        "grammatical cue words of the actors stage",
        {"word": REQUIRED, "role": Field(required=True, choices=_ACTOR_ROLES)},
    ),
    Kind(
        "ethnic_groups",
        "actors/ethnic_groups.csv",
        _ACTORS,
        "ethnic and sub-national group names",
        {"pattern": Field("names", required=True)},
    ),
    Kind(
        "countries",
        "countries/countries.csv",
        # events names the country groups it implies ("Cambodian police"): see groups.py
        ("newsevents_actors", "newsevents_places", "newsevents_events"),
        "countries by ISO3 id: names, capitals, demonyms",
        {
            "iso2": TEXT,
            "name": REQUIRED,
            "geonameid": INTEGER,
            "capital": TEXT,
            "aliases": NAMES,
            "demonyms": NAMES,
            "capital_aliases": NAMES,
        },
    ),
    # ---- places
    Kind(
        "places",
        "places/supplement.csv",
        _PLACES,
        "named places with coordinates (facilities, bases) beyond GeoNames",
        {
            "name": REQUIRED,
            "aliases": NAMES,
            "type": Field(choices=_FACILITY_TYPES),
            "country": REQUIRED,
            "lat": Field("number", required=True),
            "lon": Field("number", required=True),
            "geonameid": INTEGER,
        },
    ),
    Kind(
        "aliases",
        "places/aliases.csv",
        _PLACES,
        "other spellings of a place: alias -> target name or geonames id",
        {"alias": REQUIRED, "target": REQUIRED, "country": TEXT},
    ),
    Kind(
        "regions",
        "places/regions.csv",
        _PLACES,
        "regions and named states/provinces",
        {
            "name": REQUIRED,
            "aliases": NAMES,
            "kind": Field(required=True, choices=("admin", "region")),
            "country": TEXT,
            "admin1": TEXT,
            "lat": NUMBER,
            "lon": NUMBER,
            "geonameid": INTEGER,
        },
    ),
    Kind(
        "admin1",
        "places/admin1.csv",
        _PLACES,
        "first-level divisions of every country",
        {
            "name": REQUIRED,
            "country": REQUIRED,
            "admin1": REQUIRED,
            "lat": Field("number", required=True),
            "lon": Field("number", required=True),
            "population": INTEGER,
        },
    ),
    Kind(
        "centroids",
        "places/country_centroids.csv",
        _PLACES,
        "the point that stands for a country",
        {"lat": Field("number", required=True), "lon": Field("number", required=True)},
    ),
    Kind(
        "place_cues",
        "places/cues.csv",
        _PLACES,
        "cue words of the places stage",
        {
            "kind": Field(required=True, choices=_PLACE_CUES),
            "text": REQUIRED,
            "type": Field(choices=_FACILITY_TYPES + _FEATURE_TYPES),
        },
    ),
    # ---- clean
    Kind(
        "boilerplate",
        "clean/boilerplate.yaml",
        ("clean",),
        "boilerplate patterns masked before annotation",
        # reason and regex are required; clean.load_patterns says so with its own message.
        {"reason": TEXT, "regex": TEXT, "attribution": FLAG, "ignorecase": FLAG},
    ),
    # ---- quotes
    Kind(
        "speech_verbs",
        "quotes/speech_verbs.csv",
        # The claims stage finds who asserts a figure by the same reporting verbs.
        ("newsevents_quotes", "newsevents_claims"),
        "verbs that introduce a quote",
        {
            "lemma": REQUIRED,
            "kind": Field(required=True, choices=("speech", "naming", "according")),
        },
    ),
    Kind(
        "pronouns",
        "quotes/pronouns.csv",
        ("newsevents_quotes", "newsevents_claims"),
        "pronouns that stand for a speaker, by what they can refer to",
        {
            "word": REQUIRED,
            "kinds": Field(
                "names", required=True, choices=("person", "organization", "group", "country")
            ),
        },
    ),
    Kind(
        "speaker_descriptions",
        "quotes/descriptions.csv",
        ("newsevents_quotes",),
        "common nouns that describe a speaking body, by the sectors they can refer back to",
        {
            "word": REQUIRED,
            "sectors": Field("names", required=True),
        },
    ),
    # ---- dates
    Kind(
        "date_words",
        "dates/date_words.csv",
        ("newsevents_dates",),
        "month, weekday, unit and other date words",
        {"word": REQUIRED, "kind": Field(required=True, choices=_DATE_WORDS), "value": TEXT},
    ),
    Kind(
        "date_patterns",
        "dates/patterns.jsonl",
        ("newsevents_dates",),
        "spaCy Matcher patterns for date candidates",
        {"pattern": Field("patterns", required=True)},
    ),
    # ---- events
    Kind(
        "verb_patterns",
        "events/verb_patterns.jsonl",
        _EVENTS,
        "event triggers: lemma + dependency constraints -> CAMEO code",
        {
            "lemma": Field("words", required=True),
            "pos": Field(choices=("VERB", "NOUN", "ADJ")),
            "cameo": REQUIRED,
            "children": Field("patterns"),
            "head": Field("mapping"),
            "embeds": Field(choices=("unrealized",)),
            "poss": Field(choices=("source", "target")),
            "of": Field(choices=("source", "target")),
            "specific": NUMBER,
            "reciprocal": FLAG,
            "light_only": FLAG,
            "topic_object": FLAG,
            "theme_object": FLAG,
            "clause_target": FLAG,
            "speech": FLAG,
            "actor_object": FLAG,
            "attribution": FLAG,
            "yields": FLAG,
            # Shipped annotations that document an entry; no stage reads them yet.
            "from_location": FLAG,
            "alert": FLAG,
            "casualty": FLAG,
        },
    ),
    Kind(
        "cameo",
        "events/plover_cameo.csv",
        _EVENTS,
        "CAMEO codes with their PLOVER type, mode and quad class",
        {
            "type": Field(required=True, choices=_PLOVER),
            "mode": TEXT,
            "quad_class": Field(required=True, choices=("1", "2", "3", "4")),
            "intent": TEXT,
            "name": TEXT,
        },
    ),
    Kind(
        "event_cues",
        "events/cues.yaml",
        _EVENTS,
        "negation, modality, role and casualty cue words of the events stage",
        {
            "kind": Field(required=True, choices=_EVENT_CUES),
            "words": Field("words"),
            "value": Field("value"),
        },
    ),
    # ---- claims
    Kind(
        "claim_changes",
        "claims/changes.csv",
        _CLAIMS,
        "words that state a change or a level of a figure, with its direction",
        {
            "lemma": REQUIRED,
            "direction": Field(required=True, choices=("up", "down", "none")),
            "kind": Field(required=True, choices=("change", "level", "multiply")),
            "factor": NUMBER,
        },
    ),
    Kind(
        "claim_qualifiers",
        "claims/qualifiers.csv",
        _CLAIMS,
        "words before a number that qualify it (over, nearly, at least)",
        {
            "words": Field("names", required=True),
            "qualifier": Field(required=True, choices=_QUALIFIERS),
        },
    ),
    Kind(
        "claim_units",
        "claims/units.csv",
        _CLAIMS,
        "percent, currency, scale and number words around a figure",
        {
            "words": Field("names", required=True),
            "kind": Field(required=True, choices=_UNIT_KINDS),
            "code": TEXT,
            "factor": NUMBER,
        },
    ),
)
