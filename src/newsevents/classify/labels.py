"""The one owner of the label set the event-type model predicts."""

from __future__ import annotations

# PLOVER's 16 root types in the manual's order (cooperation to conflict), then "no event".
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
NONE = "NONE"
LABELS: tuple[str, ...] = (*PLOVER_TYPES, NONE)
INDEX: dict[str, int] = {label: i for i, label in enumerate(LABELS)}
