"""``newsevents events`` and ``show``: the stored events as an analyst reads them.

``events`` lists **merged events** (one row per real-world event, with how many mentions,
articles and publishers report it) by default, and every mention with ``--mentions``. The
table fits an 80-column terminal (id, date at its precision, type, source → target codes,
place, counts); ``--wide`` adds names, mode and the evidence sentence. ``--format jsonl``
prints the store's own JSON shapes (``Store.merged_events`` / ``Store.events``); ``csv``
flattens them (columns in ``MENTION_COLUMNS`` / ``MERGED_COLUMNS``).
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsevents import cli_options as options
from newsevents.cli.common import DbOption, fail, json_line, require_store
from newsevents.errors import NewsEventsError
from newsevents.models import actor_code


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


# The width of `--wide`, in columns (at least).
WIDE = 160

# The CSV columns: what both rows share first, then each one's own.
_SHARED = ("date", "type", "mode", "cameo", "source", "source_code", "target", "target_code")
MENTION_COLUMNS = (*_SHARED, "location", "modality", "negated", "document_id", "id")
MERGED_COLUMNS = (
    *_SHARED,
    "location",
    "date_precision",
    "quad_class",
    "confidence",
    "num_mentions",
    "num_articles",
    "num_stories",
    "num_sources",
    "first_seen",
    "last_seen",
    "id",
)


code = actor_code  # the one owner of "RUS GOV" (models.actor_code)


def _shown(ref: dict | None) -> str:
    # In the table: "—" no actor, "?" an actor the store has no code for.
    return code(ref) or ("?" if ref else "—")


def dated(event: dict) -> str:
    """The date written to its precision (ISO 8601 reduced forms): 2026-01-28, 2026-W05,
    2026-01, 2026; "—" undated."""
    date, precision = event.get("date"), event.get("date_precision")
    if not date:
        return "—"
    if precision == "year":
        return date[:4]
    if precision == "month":
        return date[:7]
    if precision == "week":
        import datetime as dt

        year, week, _ = dt.date.fromisoformat(date).isocalendar()
        return f"{year}-W{week:02d}"
    return date


def flat(event: dict, columns: tuple[str, ...]) -> dict[str, Any]:
    """One CSV row of an event or merged event, in its JSON shape."""
    location = event.get("location") or {}
    values = {
        **event,
        "source": (event.get("source") or {}).get("name", ""),
        "source_code": code(event.get("source")),
        "target": (event.get("target") or {}).get("name", ""),
        "target_code": code(event.get("target")),
        "location": location.get("name", ""),
    }
    return {c: "" if values.get(c) is None else values[c] for c in columns}


def events_command(
    db: DbOption = Path("newsevents.duckdb"),
    mentions: Annotated[
        bool,
        typer.Option("--mentions", help="Every mention (one row per sentence), not merged events."),
    ] = False,
    wide: Annotated[
        bool, typer.Option("--wide", help="Also actor names, mode and the evidence sentence.")
    ] = False,
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
    limit: Annotated[int, typer.Option(min=0, metavar="N", help="At most this many rows.")] = 1000,
    format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
) -> None:
    """List stored events: merged events (one per real-world event) by default."""
    from newsevents.store import Store

    require_store(db)
    try:
        filters = options.filter_from(locals())
        with Store(db, read_only=True) as store:
            if mentions:
                rows = store.events(filters=filters, limit=limit)
            else:
                rows = store.merged_events(filters=filters, limit=limit, evidence=wide)
    except NewsEventsError as error:
        fail(error)
    if format is OutputFormat.jsonl:
        for row in rows:
            sys.stdout.write(json_line(row))
    elif format is OutputFormat.csv:
        columns = MENTION_COLUMNS if mentions else MERGED_COLUMNS
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(flat(r, columns) for r in rows)
    else:
        out = Console()
        if wide:
            # --wide is wide by choice (as `kubectl get -o wide`): names and the sentence need
            # more than 80 columns to stay readable; the 80-column table is the default.
            out = Console(width=max(out.width, WIDE))
        out.print(event_table(rows, merged=not mentions, wide=wide))


def event_table(rows: list[dict], *, merged: bool, wide: bool) -> Table:
    """The table of ``events``: at 80 columns the id, date, type, codes, place and (merged)
    counts stay whole; the place and the sentence wrap."""
    noun = "merged events" if merged else "event mentions"
    caption = "m/a/s: mentions / articles / sources; `newsevents show ID` for the evidence"
    table = Table(
        title=f"{len(rows)} {noun}",
        caption=caption if merged else None,
        box=None,
        pad_edge=False,
        header_style="bold",
    )
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("source → target", no_wrap=True)
    table.add_column("place", overflow="fold", min_width=6)
    if merged:
        table.add_column("m/a/s", no_wrap=True, justify="right")
    if wide:
        table.add_column("actors", overflow="fold", min_width=16)
        table.add_column("mode", no_wrap=True)
        table.add_column("sentence", overflow="fold", min_width=40)
    for row in rows:
        location = row.get("location") or {}
        cells: list[Any] = [
            row["id"],
            dated(row),
            row["type"] + (" (not)" if row.get("negated") else ""),
            f"{_shown(row.get('source'))} → {_shown(row.get('target'))}",
            location.get("name") or "—",
        ]
        if merged:
            cells.append(f"{row['num_mentions']}/{row['num_articles']}/{row['num_sources']}")
        if wide:
            names = (
                f"{(row.get('source') or {}).get('name') or '—'} → "
                f"{(row.get('target') or {}).get('name') or '—'}"
            )
            cells += [names, row.get("mode") or "", Text(row.get("sentence") or "")]
        table.add_row(*(Text(c) if isinstance(c, str) else c for c in cells))
    return table


def show_command(
    event_id: Annotated[
        str, typer.Argument(metavar="ID", help="An event id, or a merged event's id.")
    ],
    db: DbOption = Path("newsevents.duckdb"),
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the merged record as JSON.")
    ] = False,
) -> None:
    """Print one merged event with every supporting mention, trigger highlighted."""
    from newsevents.store import Store

    require_store(db)
    try:
        with Store(db, read_only=True) as store:
            record = store.merged_event(event_id)
    except NewsEventsError as error:
        fail(error)
    if record is None:
        fail(f"no event {event_id!r} in {db}", code=1)
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    out = Console()

    def actor(ref: dict | None) -> str:
        if not ref:
            return "—"
        codes = code(ref)
        return f"{ref.get('name')} ({codes})" if codes else str(ref.get("name"))

    location = record.get("location") or {}
    out.print(
        Text.assemble(
            (record["type"], "bold"),
            f"  {actor(record.get('source'))} → {actor(record.get('target'))}",
            ("  negated", "red") if record.get("negated") else "",
        )
    )
    out.print(
        f"date {dated(record)} ({record.get('date_precision') or '—'})   "
        f"place {location.get('name') or '—'} {location.get('country') or ''}",
        markup=False,
    )
    out.print(
        f"{record['num_mentions']} mentions in {record['num_articles']} articles, "
        f"{record['num_stories']} stories, {record['num_sources']} sources; "
        f"first seen {record.get('first_seen')}, last seen {record.get('last_seen')}",
        highlight=False,
    )
    for mention in record["mentions"]:
        sentence = mention["sentence"]
        offset = mention["sentence_span"][0]
        start, end = mention["span"][0] - offset, mention["span"][1] - offset
        line = Text("  ")
        line.append(sentence[: max(start, 0)])
        line.append(sentence[max(start, 0) : max(end, 0)], style="bold reverse")
        line.append(sentence[max(end, 0) :])
        out.print(line)
        copy = f" · copy of {mention['duplicate_of']}" if mention.get("duplicate_of") else ""
        # An implied actor is no words of the sentence: say so rather than let it pass as read.
        copy += "".join(f" · {role} implied" for role in mention.get("implied") or ())
        out.print(
            Text(
                f"    {mention.get('publisher') or 'unknown publisher'} · "
                f"{mention.get('published') or 'undated'} · document {mention['document_id']} · "
                f"story {mention.get('story_id')} · {mention.get('modality')}{copy}",
                style="dim",
            )
        )
