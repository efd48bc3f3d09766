"""``newsevents export``: the store in the field's formats (GDELT 2.0 events and mentions,
PLOVER JSON Lines, POLECAT TSV, ACLED CSV) or every table as Parquet, JSON Lines or CSV,
selected with the filters of ``events``."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from newsevents import cli_options as options
from newsevents.errors import ExportError, NewsEventsError

if TYPE_CHECKING:
    from newsevents.store import EventFilter, Store

err = Console(stderr=True)


class ExportFormat(StrEnum):
    gdelt = "gdelt"
    gdelt_mentions = "gdelt-mentions"
    plover = "plover"
    polecat = "polecat"
    acled = "acled"
    parquet = "parquet"
    jsonl = "jsonl"
    csv = "csv"


# The file each format writes into a folder given as --out.
FILE_NAMES = {
    ExportFormat.gdelt: "gdelt_events.tsv",
    ExportFormat.gdelt_mentions: "gdelt_mentions.tsv",
    ExportFormat.plover: "plover.jsonl",
    ExportFormat.polecat: "polecat.tsv",
    ExportFormat.acled: "acled.csv",
}
TABLE_FORMATS = (ExportFormat.parquet, ExportFormat.jsonl, ExportFormat.csv)


def _is_folder(raw: str | None) -> bool:
    return raw is not None and (Path(raw).is_dir() or raw.endswith(("/", os.sep)))


def export_command(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")],
    db: Annotated[Path, typer.Option("--db", metavar="FILE", help="DuckDB store file.")] = Path(
        "newsevents.duckdb"
    ),
    # A string, not a Path: a Path drops the trailing "/" that marks a folder to create.
    out_arg: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="FILE|DIR",
            help="A file, or a folder (an existing one, or a path ending in /) for the "
            "formats of several tables (gdelt: events and mentions; parquet, jsonl, csv: every "
            "table). acled and plover also write the claims beside the file "
            "(events.csv -> events.claims.csv). Default: standard output.",
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            metavar="NAME",
            # Every name of tables.NAMES (a test checks it), written out: importing the store
            # to list them would slow every command's start.
            help="parquet, jsonl, csv: only this table (documents, actors, events, quotes, "
            "places, claims, failures, runs, merged_events); a single file needs one.",
        ),
    ] = None,
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
    """Export stored events in GDELT, PLOVER, POLECAT or ACLED layout, or every table as
    Parquet, JSON Lines or CSV."""
    from newsevents.export import tables
    from newsevents.store import Store

    if not db.exists():
        err.print(f"[red]error[/] no store at {db}: run `newsevents run PATH --db {db}` first")
        raise typer.Exit(2)
    if table is not None and format not in TABLE_FORMATS:
        raise typer.BadParameter("--table goes with parquet, jsonl or csv", param_hint="--table")
    if table is not None and table not in tables.NAMES:
        raise typer.BadParameter(
            f"no table {table!r}; tables: {', '.join(tables.NAMES)}", param_hint="--table"
        )
    out = Path(out_arg) if out_arg is not None else None
    folder = _is_folder(out_arg)
    if format is ExportFormat.parquet and out is None:
        raise typer.BadParameter("Parquet needs --out FILE or --out FOLDER/", param_hint="--out")
    if format in TABLE_FORMATS and not folder and out is not None and table is None:
        raise typer.BadParameter(
            "a single file holds one table: add --table NAME, or give a folder (--out DIR/)",
            param_hint="--out",
        )
    try:
        filters = options.event_filter(
            actor=actor,
            source=source,
            target=target,
            country=country,
            sector=sector,
            type=type,
            quad=quad,
            mode=mode,
            since=since,
            until=until,
            place=place,
            bbox=bbox,
            document=document,
            text=text,
            min_confidence=min_confidence,
        )
        if folder:
            assert out is not None
            try:
                out.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ExportError(f"cannot create {out}: {error.strerror or error}") from None
        with Store(db, read_only=True) as store:
            summary = _export(store, format, out, folder, table, filters)
    except NewsEventsError as error:
        err.print(f"[red]error[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    err.print(summary, highlight=False, soft_wrap=True)


def _export(
    store: Store,
    format: ExportFormat,
    out: Path | None,
    folder: bool,
    table: str | None,
    filters: EventFilter,
) -> str:
    """Write the export; returns the one-line summary for stderr."""
    from newsevents.export import acled, claims, gdelt, plover, tables, writers

    where = "standard output" if out is None else str(out)
    if format in TABLE_FORMATS:
        if folder and table is None:
            assert out is not None
            files = tables.write_all(store, out, format=format.value, filters=filters)
            return f"exported {len(files)} tables as {format.value} to {where}"
        suffix = tables.FORMATS[format.value][0]
        target = out / f"{table}{suffix}" if folder and out is not None else out
        count = tables.write_table(
            store, table or "events", target, format=format.value, filters=filters
        )
        return f"exported {count} rows of {table or 'events'} to {target or where}"
    target = out / FILE_NAMES[format] if folder and out is not None else out
    if format in (ExportFormat.gdelt, ExportFormat.gdelt_mentions):
        found = gdelt.tables(store, filters)
        events, mentions = found.events, found.mentions
        if format is ExportFormat.gdelt:
            writers.write_bytes(writers.delimited(events, delimiter="\t", header=False), target)
        if folder or format is ExportFormat.gdelt_mentions:
            path = out / FILE_NAMES[ExportFormat.gdelt_mentions] if folder and out else target
            writers.write_bytes(writers.delimited(mentions, delimiter="\t", header=False), path)
        return (
            f"exported {events.num_rows} GDELT events and {mentions.num_rows} mentions to {where}"
            + _undated(found.without_date, store.path)
        )
    if format is ExportFormat.plover:
        count = writers.write_lines(plover.records(store, filters), target)
        summary = f"exported {count} PLOVER records to {target or where}"
        if target is None:
            return summary
        found = claims.selected(store, filters)
        sheet = claims.beside(target, ".jsonl")
        writers.write_lines(found, sheet)
        return summary + f"; {len(found)} claims to {sheet}"
    if format is ExportFormat.polecat:
        found = plover.polecat_table(store, filters)
        writers.write_bytes(writers.delimited(found, delimiter="\t", header=True), target)
        return f"exported {found.num_rows} POLECAT rows to {target or where}"
    result = acled.export(store, filters)
    writers.write_bytes(writers.delimited(result.table, delimiter=",", header=True), target)
    summary = (
        f"exported {result.table.num_rows} ACLED events to {target or where}; left out "
        f"{result.without_type} merged events of types ACLED does not record"
        + _undated(result.without_date, store.path, also=True)
    )
    if target is None:
        return summary
    found = claims.selected(store, filters)
    sheet = claims.beside(target, ".csv")
    writers.write_bytes(claims.sheet_csv(found).encode("utf-8"), sheet)
    return summary + f"; {len(found)} claims to {sheet}"


def _undated(count: int, db: Path, *, also: bool = False) -> str:
    """The summary's note of the merged events left out for having no date at all."""
    if not count:
        return ""
    events = "merged event" if count == 1 else "merged events"
    lead = " and" if also else "; left out"
    return (
        f"{lead} {count} undated {events} (no date in the text, no publication date: "
        f"give one with `newsevents recode --db {db} --published YYYY-MM-DD`)"
    )
