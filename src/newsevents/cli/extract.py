"""``newsevents extract``: what the engine makes of documents, printed, nothing stored."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from newsevents.cli.common import (
    DictionaryOption,
    PublishedOption,
    exit_for,
    fail,
    json_line,
    parse_date,
    report_failure,
    settings_for,
)
from newsevents.cli.run import JobsOption, warn_undated
from newsevents.errors import DictionaryError
from newsevents.models import Failure


def extract_command(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH", help="Files, folders or JSONL of documents."),
    ],
    published: PublishedOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Indented JSON: one object for one document, one array for several.",
        ),
    ] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per line.")] = False,
    dictionary: DictionaryOption = None,
    jobs: JobsOption = None,
) -> None:
    """Print what newsevents extracts from documents, without storing anything."""
    from newsevents import ingest
    from newsevents.pipeline import extract as extract_documents
    from newsevents.records import to_json

    failures: list[Failure] = []

    def documents():
        for item in ingest.read(
            [str(p) for p in paths], published=parse_date(published, "--published")
        ):
            if isinstance(item, Failure):
                failures.append(item)
                report_failure(item)
            else:
                yield item

    payloads: list[dict] = []
    extracted = undated = 0
    # One process by default: extract is for a few documents, where starting workers costs
    # more than it saves.
    settings = settings_for(dictionary, n_process=jobs)
    try:
        for result in extract_documents(documents(), settings):
            if isinstance(result, Failure):
                failures.append(result)
                report_failure(result)
                continue
            extracted += 1
            undated += result.document.published is None
            payload = to_json(result)
            if as_json and not as_jsonl:
                # Several documents are one JSON array, so that the output parses as JSON.
                payloads.append(payload)
            else:
                sys.stdout.write(json_line(payload))
    except DictionaryError as error:
        # A stage's own check on the tables (a sector no table defines, a regex that does not
        # compile) fails when the pipeline is built: one coded line, as for a bad file.
        fail(error)
    if payloads:
        value = payloads[0] if len(payloads) == 1 else payloads
        sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
    warn_undated(undated)
    if extracted == 0:
        raise typer.Exit(1)
    exit_for(f.code for f in failures)
