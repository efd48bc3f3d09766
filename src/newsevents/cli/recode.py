"""``newsevents recode``: code the stored documents again after a dictionary or model change,
or with a new ``--published``, keeping ids and merges consistent (``pipeline.recode``)."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from newsevents.cli.common import (
    DbOption,
    DictionaryOption,
    PublishedOption,
    err,
    fail,
    parse_date,
    require_store,
    settings_for,
)
from newsevents.cli.run import JobsOption, default_jobs, progress_bar, warn_undated
from newsevents.errors import NewsEventsError


def recode_command(
    db: DbOption = Path("newsevents.duckdb"),
    published: PublishedOption = None,
    dictionary: DictionaryOption = None,
    jobs: JobsOption = None,
) -> None:
    """Code every stored document again with today's dictionaries and model (and, for
    documents whose metadata has no date, --published); ids and merges stay consistent."""
    from newsevents.pipeline import recode as recode_store
    from newsevents.store import Store

    require_store(db)
    date = parse_date(published, "--published")
    settings = settings_for(dictionary, n_process=jobs or default_jobs())
    try:
        with Store(db, read_only=True) as store:
            total = store.counts()["documents"]
        with progress_bar("recoding") as bar:
            task = bar.add_task("recoding", total=total)
            report = recode_store(
                db,
                published=date,
                settings=settings,
                argv=sys.argv,
                progress=lambda n: bar.advance(task, n),
            )
    except NewsEventsError as error:
        fail(error)
    for failure in report.failures:
        err.print(
            f"[yellow]kept as it was[/] {failure.source}: [{failure.code}] {failure.reason}",
            highlight=False,
            markup=True,
        )
    summary = Table(title=f"newsevents recode {db}", show_header=False)
    for key, value in report.counts().items():
        summary.add_row(key.replace("_", " "), f"{value:,}")
    Console().print(summary)
    warn_undated(report.undated)
