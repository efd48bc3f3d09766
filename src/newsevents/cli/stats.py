"""``newsevents stats``: counts by type, by month and the top dyads, with terminal bars.

The bars are rich's own ``Bar`` renderable (rich is already the CLI's console), not a
plotting package: three bar tables need no axes, and no hand-drawn characters either.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.bar import Bar
from rich.console import Console, Group
from rich.table import Table

from newsevents import cli_options as options
from newsevents.cli.common import DbOption, fail, require_store
from newsevents.errors import NewsEventsError

BAR_WIDTH = 30


def stats_command(
    db: DbOption = Path("newsevents.duckdb"),
    top: Annotated[int, typer.Option(min=0, metavar="N", help="How many dyads to list.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
    actor: options.Actor = None,
    source: options.Source = None,
    target: options.Target = None,
    country: options.Country = None,
    sector: options.Sector = None,
    type: options.Type = None,
    quad: options.Quad = None,
    mode: options.Mode = None,
    since: options.Since = None,
    until: options.Until = None,
    place: options.Place = None,
    bbox: options.Bbox = None,
    document: options.DocumentId = None,
    text: options.Text = None,
    min_confidence: options.MinConfidence = None,
) -> None:
    """Count stored events by type, by month and by dyad (source → target codes)."""
    from newsevents.store import Store

    require_store(db)
    try:
        filters = options.filter_from(locals())
        with Store(db, read_only=True) as store:
            counts = store.monthly_stats(filters, top=top)
    except NewsEventsError as error:
        fail(error)
    if as_json:
        sys.stdout.write(json.dumps(counts, indent=2) + "\n")
        return
    out = Console()
    out.print(
        f"{counts['merged']:,} merged events from {counts['mentions']:,} mentions in "
        f"{counts['documents']:,} documents",
        highlight=False,
    )
    out.print(_bars("by type", "type", counts["by_type"], lambda r: r["type"]))
    months = _bars("by month", "month", counts["by_month"], lambda r: r["month"])
    no_month = counts["no_month"]
    out.print(
        Group(months, f"  and {no_month['merged']:,} merged events undated or dated to a year")
        if no_month["merged"]
        else months
    )
    out.print(
        _bars(
            f"top {top} dyads",
            "source → target",
            counts["top_dyads"],
            lambda r: f"{r['source'] or '—'} → {r['target'] or '—'}",
        )
    )


def _bars(title: str, label: str, rows: list[dict[str, Any]], name) -> Table:
    """One table: a label, the merged and mention counts, and a bar of the merged count."""
    table = Table(title=title, box=None, title_justify="left", header_style="bold")
    table.add_column(label, no_wrap=True)
    table.add_column("merged", justify="right")
    table.add_column("mentions", justify="right")
    table.add_column("", width=BAR_WIDTH, no_wrap=True)
    most = max((r["merged"] for r in rows), default=0) or 1
    for row in rows:
        table.add_row(
            name(row),
            f"{row['merged']:,}",
            f"{row['mentions']:,}",
            Bar(size=most, begin=0, end=row["merged"], width=BAR_WIDTH),
        )
    return table
