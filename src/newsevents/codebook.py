"""The PLOVER codebook's fixed vocabulary: its 16 event types and CAMEO's four quad classes.

One owner for the names every other module checks against (the event dictionaries, the
event-type model's labels, query filters). The modes are not fixed here: they are the ``mode``
column of the CAMEO table (``data/events/plover_cameo.csv``), which :func:`modes` reads.
"""

from __future__ import annotations

from functools import cache

# PLOVER's 16 root types in the manual's order, from cooperation to conflict.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

# CAMEO's quad classes, as GDELT numbers them.
QUAD_CLASSES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@cache
def modes() -> frozenset[str]:
    """Every PLOVER mode the shipped CAMEO table names."""
    from newsevents import dictionaries

    return frozenset(row["mode"] for row in dictionaries.load("cameo", []) if row.get("mode"))
