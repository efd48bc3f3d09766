"""``newsevents run`` and ``load``: documents into a store (or Parquet), with a progress bar
that knows its total and a summary that tells the truth in its exit code."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from newsevents.cli.common import (
    DbOption,
    DictionaryOption,
    PublishedOption,
    err,
    exit_for,
    fail,
    parse_date,
    report_failure,
    settings_for,
)
from newsevents.errors import NewsEventsError
from newsevents.models import Failure

# What to do about documents without a publication date, said once per run (README, "Inputs").
NO_DATE_HINT = (
    "give one with --published YYYY-MM-DD, a 'published:' line at the top of a text file, or "
    "a 'published' field in JSONL"
)


class Engine(StrEnum):
    local = "local"
    ray = "ray"


# Strings, not Paths: a Path would fold the "//" of "https://host/feed.xml".
InputPaths = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Files or folders to read (recursively), or feed or page URLs.",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Processes to annotate with (spaCy's n_process). Default: this machine's CPU "
        "count; 1 annotates in this process.",
    ),
]


def default_jobs() -> int:
    """The machine's cores: ``os.process_cpu_count`` (3.13+) honours CPU affinity."""
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return max(1, count or 1)


def run_command(
    paths: InputPaths,
    db: DbOption = Path("newsevents.duckdb"),
    published: PublishedOption = None,
    dictionary: DictionaryOption = None,
    jobs: JobsOption = None,
    text_column: Annotated[
        str,
        typer.Option(
            "--text-column",
            metavar="NAME",
            help="The column of CSV and Parquet inputs with the text.",
        ),
    ] = "text",
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="local: this machine, into --db (or --out). ray: a Ray cluster, into --out "
            "(needs pip install 'newsevents[ray]').",
        ),
    ] = Engine.local,
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            metavar="ADDRESS",
            help="Ray cluster to join with --engine ray: 'auto' (this machine's cluster) or "
            "'ray://HOST:10001'; default: start a local one.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Write Parquet tables (documents, events, quotes, places, actors, failures) "
            "to this folder instead of a store; load them with `newsevents load`.",
        ),
    ] = None,
    duplicate_threshold: Annotated[
        float | None,
        typer.Option(
            "--duplicate-threshold",
            min=0.01,
            max=1.0,
            metavar="SIMILARITY",
            help="Estimated shingle similarity above which two documents are one story. "
            "Default: the store's own (recorded in it), 0.3 for a new store; another value "
            "re-links the store's stories and merged events.",
        ),
    ] = None,
) -> None:
    """Code every new document under PATHS into the store; a re-run adds nothing twice."""
    from newsevents.ingest.count import estimate
    from newsevents.pipeline import run as run_pipeline
    from newsevents.pipeline import store_files

    date = parse_date(published, "--published")
    n_process = jobs or default_jobs()
    if engine is Engine.ray or out is not None:
        _run_to_parquet(paths, out, engine, address, date, dictionary, n_process)
        return
    settings = settings_for(
        dictionary,
        duplicate_threshold=duplicate_threshold,
        n_process=n_process,
        text_column=text_column,
    )
    with progress_bar("coding") as bar:
        task = bar.add_task("coding", total=estimate(paths, skip=store_files(db)))
        try:
            report = run_pipeline(
                [str(p) for p in paths],
                db,
                published=date,
                settings=settings,
                argv=sys.argv,
                progress=lambda n: _advance(bar, task, n),
            )
        except NewsEventsError as error:
            fail(error)
    for failure in report.failures:
        report_failure(failure)
    summary = Table(title=f"newsevents run → {db}", show_header=False)
    for key, value in report.counts().items():
        summary.add_row(key.replace("_", " "), f"{value:,}")
    for code, count in sorted(report.skipped.items()):
        summary.add_row(f"  skipped {code}", f"{count:,}")
    Console().print(summary)
    warn_undated(report.undated)
    exit_for(report.skipped)


def progress_bar(verb: str) -> Progress:
    """Documents done of the total, elapsed time and, once rich can estimate it, the ETA."""
    return Progress(
        TextColumn(verb),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


def _advance(bar: Progress, task: TaskID, n: int) -> None:
    # The total is an estimate (a feed's items are counted before parsing): never let the
    # bar run past it.
    current = next(t for t in bar.tasks if t.id == task)
    if current.total is not None and current.completed + n > current.total:
        bar.update(task, total=current.completed + n)
    bar.advance(task, n)


def warn_undated(undated: int) -> None:
    """Say once, not per document, that documents had no publication date, and how to give one."""
    if undated:
        err.print(
            f"[yellow]warning[/] {undated:,} document{'s' if undated != 1 else ''} had no "
            "publication date, so relative dates in them ('on Wednesday') could not be resolved; "
            f"{NO_DATE_HINT}",
            highlight=False,
            soft_wrap=True,
        )


def _run_to_parquet(
    paths: list[str],
    out: Path | None,
    engine: Engine,
    address: str | None,
    published,
    dictionary: list[Path] | None,
    n_process: int,
) -> None:
    from newsevents import scale

    if out is None:
        raise typer.BadParameter("--engine ray writes Parquet: give --out DIR", param_hint="--out")
    settings = settings_for(dictionary, n_process=1 if engine is Engine.ray else n_process)
    try:
        if engine is Engine.ray:
            report = scale.run(
                [str(p) for p in paths],
                out,
                address=address,
                published=published,
                settings=settings,
            )
        else:
            from newsevents import ingest
            from newsevents.pipeline import extract as extract_documents

            failures: list[Failure] = []

            def documents():
                for item in ingest.read([str(p) for p in paths], published=published):
                    if isinstance(item, Failure):
                        failures.append(item)
                    else:
                        yield item

            def results():
                yield from extract_documents(documents(), settings)
                yield from failures

            report = scale.write_local(results(), out)
    except NewsEventsError as error:
        fail(error)
    summary = Table(title=f"newsevents run --engine {engine} → {out}", show_header=False)
    for key, value in report.counts().items():
        summary.add_row(key, f"{value:,}")
    summary.add_row("seconds", f"{report.seconds:,.1f}")
    Console().print(summary)
    exit_for(f.code for f in scale.read_failures(out))


def load_command(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Parquet output of `newsevents run --out`.")
    ],
    db: DbOption = Path("newsevents.duckdb"),
) -> None:
    """Load the Parquet tables of `run --out DIR` into a store; stored documents are skipped."""
    from newsevents import scale

    try:
        counts = scale.load(folder, db, argv=sys.argv)
    except NewsEventsError as error:
        fail(error)
    summary = Table(title=f"newsevents load {folder} → {db}", show_header=False)
    for key, value in counts.items():
        summary.add_row(key.replace("_", " "), f"{value:,}")
    Console().print(summary)
