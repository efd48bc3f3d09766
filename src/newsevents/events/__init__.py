"""The events stage: PLOVER/CAMEO events from trigger patterns over the dependency parse.

``newsevents_events`` reads the actor, place, date and quote mentions of earlier stages (through
their Doc extensions only) and writes ``doc._.ne_events``, a list of ``EventMention`` dicts.

How an event is found, one module per job (each imports only from those listed above it):

1. ``patterns``: the event dictionaries (``plover_cameo.csv``, ``verb_patterns.jsonl``, the
   event cues of ``cues.yaml``), loaded and checked; the verb patterns compiled and matched on
   the parse.
2. ``document``: per-document lookups (which token carries which mention, which sentence it is
   in, which actor mentions a phrase holds) and skipped text: direct quotes, headings and masked
   boilerplate.
3. ``realis``: negation and modality from the trigger, its light verb and its governors
   ("plans to visit" -> intent), and whether it sits in a background clause.
4. ``roles``: source and target as the trigger's own phrases name them (subject, objects,
   prepositions, a nominal's possessor); only actor mentions of ``ne_actors`` fill a role.
5. ``implied``: roles those phrases leave unnamed (the doer of a passive, the counterpart of
   what is threatened or promised, "both countries", "the attack" of an earlier event).
6. ``circumstances``: place and date from the trigger's own clause, counts of the dead, injured
   and arrested from its sentence.
7. ``triggers``: which matches are events (the most constrained entry wins; a cue governor
   yields to the trigger it governs; what is requested or refused is not reported on its own).
8. ``component``: the registered spaCy component, which codes one event for each pair of
   roles (type, realis, place, date, counts, confidence) and drops repeated ones.
"""

from newsevents.events.circumstances import COUNT_TYPES, PLACE_RANK
from newsevents.events.component import YIELDING_TYPES, EventExtractor, make_events
from newsevents.events.document import ACTOR_RANK, SENTENCE_END
from newsevents.events.implied import INHERIT_TARGET
from newsevents.events.patterns import CAMEO_FILE, PLOVER_TYPES
from newsevents.events.realis import SUBORDINATE
from newsevents.events.triggers import NOT_EMBEDDED

__all__ = [
    "ACTOR_RANK",
    "CAMEO_FILE",
    "COUNT_TYPES",
    "INHERIT_TARGET",
    "NOT_EMBEDDED",
    "PLACE_RANK",
    "PLOVER_TYPES",
    "SENTENCE_END",
    "SUBORDINATE",
    "YIELDING_TYPES",
    "EventExtractor",
    "make_events",
]
