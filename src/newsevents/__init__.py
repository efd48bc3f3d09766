"""newsevents: news articles in, PLOVER/CAMEO event data with provenance out, offline.

>>> import newsevents
>>> result = newsevents.process("Kenyan police arrested 40 protesters in Nairobi on Monday.",
...                             published="2025-03-05")
>>> [(e.type, e.source.country, e.date) for e in result.events]  # doctest: +SKIP
[('COERCE', 'KEN', '2025-03-03')]
"""

from newsevents.errors import (
    DictionaryError,
    InputError,
    NewsEventsError,
    StoreBusy,
    StoreError,
)
from newsevents.models import (
    Actor,
    ActorRef,
    Document,
    Event,
    Extraction,
    Failure,
    Place,
    Quote,
)
from newsevents.pipeline import build_nlp as load
from newsevents.pipeline import extract, process, run
from newsevents.records import to_json
from newsevents.settings import Settings

__all__ = [
    "Actor",
    "ActorRef",
    "DictionaryError",
    "Document",
    "Event",
    "Extraction",
    "Failure",
    "InputError",
    "NewsEventsError",
    "Place",
    "Quote",
    "Settings",
    "StoreBusy",
    "StoreError",
    "extract",
    "load",
    "process",
    "run",
    "to_json",
]
