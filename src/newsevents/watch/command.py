"""``newsevents watch FEEDS.txt|DIR [--every 15m]``: the typer command.

Ctrl-C (or SIGTERM, as a service manager sends) asks the watch to stop: the documents read so
far are coded and stored, the state noted, and the command exits 0. A second Ctrl-C stops at
once (exit 130); a batch half-written is rolled back, and the next start picks up from the
last committed batch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from newsevents.errors import NewsEventsError
from newsevents.settings import Settings
from newsevents.watch.duration import parse_duration

_err = Console(stderr=True)


def _say(text: str) -> None:
    _err.print(text, markup=False, highlight=False, soft_wrap=True)


def _duration(value: str) -> float:
    try:
        return parse_duration(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """The first SIGINT or SIGTERM sets ``stop``; a second one interrupts at once."""

    def ask_to_stop(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        _say("stopping after the current document (Ctrl-C again to stop at once)")

    previous = {s: signal.signal(s, ask_to_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def watch_command(
    watched: Annotated[
        Path,
        typer.Argument(
            metavar="FEEDS.txt|DIR",
            help="A FEEDS.txt (one feed URL, page URL or folder per line; # comments) or a folder.",
        ),
    ],
    db: Annotated[Path, typer.Option("--db", metavar="FILE", help="DuckDB store file.")] = Path(
        "newsevents.duckdb"
    ),
    every: Annotated[
        str,
        typer.Option(
            "--every",
            metavar="DURATION",
            help="Time between the starts of two passes: 30s, 15m, 1h.",
        ),
    ] = "15m",
    passes: Annotated[
        int | None,
        typer.Option("--passes", min=1, metavar="N", help="Stop after this many passes."),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="One pass, then stop.")] = False,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DATE",
            help="Publication date (YYYY-MM-DD) for undated documents.",
        ),
    ] = None,
    text_column: Annotated[
        str,
        typer.Option(
            "--text-column", metavar="NAME", help="The text column of CSV and Parquet files."
        ),
    ] = "text",
    dictionary: Annotated[
        list[Path] | None,
        typer.Option(
            "--dictionary",
            metavar="FILE",
            help="A user dictionary layered over the shipped ones; repeatable.",
        ),
    ] = None,
) -> None:
    """Code what is new in feeds, pages or a folder, pass after pass; state lives in the store,
    so a restart codes nothing twice. Ctrl-C stops cleanly."""
    from newsevents import dictionaries as dictionary_files
    from newsevents.watch.loop import watch
    from newsevents.watch.passes import PassReport
    from newsevents.watch.sources import read_sources

    interval = _duration(every)
    try:
        day = dt.date.fromisoformat(published) if published else None
    except ValueError:
        raise typer.BadParameter(f"{published!r} is not a date like 2026-01-28") from None
    try:
        sources = read_sources(watched)
        # Every --dictionary file is checked before the first pass, as `run` does.
        dictionary_files.route(dictionary or ())
    except NewsEventsError as error:
        _say(f"error {error}")
        raise typer.Exit(2) from None
    settings = dataclasses.replace(
        Settings(dictionaries=tuple(dictionary or ())), text_column=text_column
    )

    def log(report: PassReport) -> None:
        for failure in report.report.failures:
            _say(f"skipped {failure.source}: [{failure.code}] {failure.reason}")
        _say(report.line())

    stop = threading.Event()
    try:
        with _stop_on_signals(stop):
            reports = watch(
                sources,
                db,
                every=interval,
                passes=1 if once else passes,
                settings=settings,
                published=day,
                stop=stop,
                argv=sys.argv,
                log=log,
            )
    except KeyboardInterrupt:
        _say("stopped at once; the next start resumes from the last stored batch")
        raise typer.Exit(130) from None
    except NewsEventsError as error:
        _err.print(f"[red]error[/] {escape(str(error))}", highlight=False)
        raise typer.Exit(2) from None
    if stop.is_set():
        return  # a stop asked for is a clean end
    if reports and reports[-1].unreadable:
        _say("warning: the last pass could not read some inputs; see the failures above")
        raise typer.Exit(1)
