"""The ``newsevents`` command line (typer): ``app`` and the registration of every command.

Each command is a function in a module of this package named after its job (``run``,
``extract``, ``events``, ``stats``, ``recode``, ``evaluate``); this module only puts them
together, so ``newsevents.cli:app`` stays the one entry point.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from newsevents.api.command import serve_command
from newsevents.cli.claims import claims_command
from newsevents.cli.evaluate import eval_command, train_command
from newsevents.cli.events import events_command, show_command
from newsevents.cli.extract import extract_command
from newsevents.cli.recode import recode_command
from newsevents.cli.run import load_command, run_command
from newsevents.cli.stats import stats_command
from newsevents.export.command import export_command
from newsevents.watch.command import watch_command

app = typer.Typer(
    help="Turn news articles into PLOVER/CAMEO event data, offline, with provenance.",
    no_args_is_help=True,
    add_completion=False,
    # Plain help: option types as words (PATH, DATE), and text shown as written, so that
    # "pip install 'newsevents[ray]'" keeps its brackets (rich markup would eat them).
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        try:
            typer.echo(f"newsevents {version('newsevents')}")
        except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
            typer.echo("newsevents (not installed)")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn news articles into PLOVER/CAMEO event data, offline, with provenance."""


def main() -> None:  # pragma: no cover - console entry point
    app()


# -- commands: one line each; add yours at the end ----------------------------------------
app.command(name="run")(run_command)
app.command(name="load")(load_command)
app.command(name="extract")(extract_command)
app.command(name="events")(events_command)
app.command(name="show")(show_command)
app.command(name="stats")(stats_command)
app.command(name="recode")(recode_command)
app.command(name="eval")(eval_command)
app.command(name="train")(train_command)
app.command(name="watch")(watch_command)
app.command(name="export")(export_command)
app.command(name="serve")(serve_command)
app.command(name="claims")(claims_command)
