"""The one owner of the label set the event-type model predicts."""

from __future__ import annotations

from newsevents.codebook import PLOVER_TYPES

NONE = "NONE"
LABELS: tuple[str, ...] = (*PLOVER_TYPES, NONE)
INDEX: dict[str, int] = {label: i for i, label in enumerate(LABELS)}
