"""Passes every ``--every``, until the passes asked for are done or a stop is asked for."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from newsevents.ingest.fetch import Fetcher
from newsevents.settings import DEFAULT, Settings
from newsevents.store import Store
from newsevents.watch.passes import PassReport, run_pass


def watch(
    sources: Sequence[str],
    db: str | Path,
    *,
    every: float,
    passes: int | None = None,
    settings: Settings = DEFAULT,
    published: dt.date | None = None,
    stop: threading.Event | None = None,
    argv: Sequence[str] = (),
    log: Callable[[PassReport], None] = lambda report: None,
) -> list[PassReport]:
    """Run a pass every ``every`` seconds (from the start of one to the start of the next),
    ``passes`` times or until ``stop`` is set; each pass is logged with ``log``."""
    stop = stop or threading.Event()
    reports: list[PassReport] = []
    with (
        Store(db, duplicate_threshold=settings.duplicate_threshold) as store,
        Fetcher(settings.web) as fetcher,
    ):
        while not stop.is_set():
            started = time.monotonic()
            report = run_pass(
                store,
                sources,
                fetcher,
                settings,
                number=len(reports) + 1,
                published=published,
                stop=stop.is_set,
                argv=argv,
            )
            reports.append(report)
            log(report)
            if passes is not None and len(reports) >= passes:
                break
            stop.wait(max(0.0, every - (time.monotonic() - started)))
    return reports
