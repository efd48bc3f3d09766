"""What every command shares: the error console, the common options, reading the settings and
dictionaries, exit codes and JSON Lines output."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from newsevents.errors import PATH_CODES, NewsEventsError
from newsevents.models import Failure

err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", metavar="FILE", help="DuckDB store file.")]
PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="DATE",
        help="Publication date (YYYY-MM-DD) for documents whose metadata has none; "
        "relative dates resolve against it.",
    ),
]
DictionaryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--dictionary",
        metavar="FILE",
        help="A user dictionary (YAML, CSV or JSONL with a 'kind:' header) layered over the "
        "shipped table of its kind; repeatable.",
    ),
]


def fail(error: NewsEventsError | str, code: int = 2) -> NoReturn:
    """Print one coded error line (never a traceback) and exit with ``code``."""
    err.print(f"[red]error[/] {escape(str(error))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2026-01-28", param_hint=option
        ) from None


def settings_for(dictionaries: list[Path] | None, **fields: Any):
    """The run's ``Settings``, with its ``--dictionary`` files checked first."""
    from newsevents import dictionaries as dictionary_files
    from newsevents.settings import Settings

    # Every --dictionary file is read and validated before any document: a bad file is one
    # coded line (file:line and what is wrong) and exit code 2, never a traceback mid-run.
    try:
        dictionary_files.route(dictionaries or ())
    except NewsEventsError as error:
        fail(error)
    given = {k: v for k, v in fields.items() if v is not None}
    return Settings(dictionaries=tuple(dictionaries or ()), **given)


def report_failure(failure: Failure) -> None:
    err.print(
        f"[yellow]skipped[/] {escape(failure.source)}: [{failure.code}] {escape(failure.reason)}",
        highlight=False,
    )


def exit_for(codes: Iterable[str]) -> None:
    """Exit code 1 when an input could not be read at all (missing, unreadable, not a file):
    the run did its work, but not on everything it was given (README, "Exit codes")."""
    missed = sorted(set(codes) & PATH_CODES)
    if missed:
        err.print(
            f"[yellow]warning[/] some inputs could not be read ({', '.join(missed)}); "
            "see the failures above",
            highlight=False,
        )
        raise typer.Exit(1)


def require_store(db: Path) -> None:
    if not db.exists():
        fail(f"no store at {db}: run `newsevents run PATH --db {db}` first")


def json_line(record: Any) -> str:
    """One JSON Lines record. U+2028/U+2029 are escaped: they are valid inside JSON strings,
    but ``str.splitlines`` and many line readers split on them, which would cut a record."""
    text = json.dumps(record, ensure_ascii=False, default=str)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"
