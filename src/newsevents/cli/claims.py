"""``newsevents claims``: the stored numeric claims, filtered by speaker and subject, as a
table, a CSV sheet (one flat row per claim, ``export.claims`` owns its layout: ``export``
writes the same sheet beside an ACLED CSV) or JSON Lines in the one claim shape
(``models.claim_json``)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table


class ClaimFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


def claims_command(
    db: Annotated[Path, typer.Option("--db", metavar="FILE", help="DuckDB store file.")] = Path(
        "newsevents.duckdb"
    ),
    actor: Annotated[
        str | None, typer.Option(metavar="ACTOR", help="Speaker's country code, actor id or name.")
    ] = None,
    subject: Annotated[
        str | None, typer.Option(metavar="WORDS", help="Words the measured subject contains.")
    ] = None,
    limit: Annotated[
        int, typer.Option(min=0, metavar="N", help="At most this many claims.")
    ] = 1000,
    format: Annotated[ClaimFormat, typer.Option("--format")] = ClaimFormat.table,
) -> None:
    """List stored numeric claims: who said what number about what."""
    from newsevents.cli.common import err
    from newsevents.cli.common import json_line as _json_line
    from newsevents.errors import NewsEventsError
    from newsevents.export.claims import flat, sheet_csv
    from newsevents.store import Store

    if not db.exists():
        err.print(f"[red]error[/] no store at {db}: run `newsevents run PATH --db {db}` first")
        raise typer.Exit(2)
    try:
        with Store(db, read_only=True) as store:
            rows = store.claims(actor=actor, subject=subject, limit=limit)
    except NewsEventsError as error:
        err.print(f"[red]error[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    if format is ClaimFormat.jsonl:
        for row in rows:
            sys.stdout.write(_json_line(row))
    elif format is ClaimFormat.csv:
        sys.stdout.write(sheet_csv(rows))
    else:
        table = Table(title=f"{len(rows)} claims")
        columns = ("speaker", "quantity", "subject", "change_text", "direction", "date")
        for column in columns:
            table.add_column(column)
        for row in rows:
            sheet = flat(row)
            sheet["speaker"] = sheet["speaker"] or sheet["speaker_text"]
            table.add_row(*(str(sheet[c] if sheet[c] is not None else "") for c in columns))
        Console().print(table)
