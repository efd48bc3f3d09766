"""The ``newsevents`` command line (typer)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsevents import cli_options as options
from newsevents.api.command import serve_command
from newsevents.claims_command import claims_command
from newsevents.errors import PATH_CODES, DictionaryError, NewsEventsError
from newsevents.export.command import export_command
from newsevents.models import Failure
from newsevents.models import event_csv_row as _flat
from newsevents.watch.command import watch_command

app = typer.Typer(
    help="Turn news articles into PLOVER/CAMEO event data, offline, with provenance.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.")]
PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        help="Publication date (YYYY-MM-DD) for documents whose metadata has none; "
        "relative dates resolve against it.",
    ),
]
DictionaryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--dictionary",
        help="A user dictionary (YAML, CSV or JSONL with a 'kind:' header) layered over the "
        "shipped table of its kind; repeatable.",
    ),
]


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2026-01-28", param_hint=option
        ) from None


def _settings(dictionaries: list[Path] | None, event_model: bool | None = None):
    from newsevents import dictionaries as dictionary_files
    from newsevents.settings import Settings

    # Every --dictionary file is read and validated before any document: a bad file is one
    # coded line (file:line and what is wrong) and exit code 2, never a traceback mid-run.
    try:
        dictionary_files.route(dictionaries or ())
    except NewsEventsError as error:
        err.print(f"[red]error[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if event_model is None:
        return Settings(dictionaries=tuple(dictionaries or ()))
    return Settings(dictionaries=tuple(dictionaries or ()), event_model=event_model)


def _report_failure(failure: Failure) -> None:
    err.print(
        f"[yellow]skipped[/] {failure.source}: [{failure.code}] {failure.reason}",
        markup=True,
        highlight=False,
    )


class Engine(StrEnum):
    local = "local"
    ray = "ray"


def _run_to_parquet(
    paths: list[str],
    out: Path | None,
    engine: Engine,
    address: str | None,
    published: dt.date | None,
    dictionary: list[Path] | None,
) -> None:
    from newsevents import scale

    if out is None:
        raise typer.BadParameter("--engine ray writes Parquet: give --out DIR", param_hint="--out")
    settings = _settings(dictionary)
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
        err.print(f"[red]error[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    summary = Table(title=f"newsevents run --engine {engine} → {out}", show_header=False)
    for key, value in report.counts().items():
        summary.add_row(key, f"{value:,}")
    summary.add_row("seconds", f"{report.seconds:,.1f}")
    Console().print(summary)
    _exit_for(f.code for f in scale.read_failures(out))


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="Parquet output of `newsevents run --out`.")],
    db: DbOption = Path("newsevents.duckdb"),
) -> None:
    """Load the Parquet tables of `run --out DIR` into a store; stored documents are skipped."""
    from newsevents import scale

    try:
        counts = scale.load(folder, db, argv=sys.argv)
    except NewsEventsError as error:
        err.print(f"[red]error[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    summary = Table(title=f"newsevents load {folder} → {db}", show_header=False)
    for key, value in counts.items():
        summary.add_row(key.replace("_", " "), f"{value:,}")
    Console().print(summary)


@app.command()
def run(
    # Strings, not Paths: a Path would fold the "//" of "https://host/feed.xml".
    paths: Annotated[
        list[str],
        typer.Argument(help="Files or folders to read (recursively), or feed or page URLs."),
    ],
    db: DbOption = Path("newsevents.duckdb"),
    published: PublishedOption = None,
    dictionary: DictionaryOption = None,
    text_column: Annotated[
        str,
        typer.Option("--text-column", help="The column of CSV and Parquet inputs with the text."),
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
            help="Ray cluster to join with --engine ray: 'auto' (this machine's cluster) or "
            "'ray://HOST:10001'; default: start a local one.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
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
            help="Estimated shingle similarity above which two documents are one story. "
            "Default: the store's own (recorded in it), 0.3 for a new store; another value "
            "re-links the store's stories and merged events.",
        ),
    ] = None,
) -> None:
    """Code every new document under PATHS into the store; a re-run adds nothing twice."""
    from newsevents.pipeline import run as run_pipeline

    if engine is Engine.ray or out is not None:
        _run_to_parquet(paths, out, engine, address, _date(published, "--published"), dictionary)
        return

    with Progress(
        TextColumn("coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("coding", total=None)
        try:
            report = run_pipeline(
                [str(p) for p in paths],
                db,
                published=_date(published, "--published"),
                settings=dataclasses.replace(
                    _settings(dictionary),
                    duplicate_threshold=duplicate_threshold,
                    text_column=text_column,
                ),
                argv=sys.argv,
                progress=lambda n: bar.advance(task, n),
            )
        except NewsEventsError as error:
            err.print(f"[red]error[/] {error}", highlight=False)
            raise typer.Exit(2) from None
    for failure in report.failures:
        _report_failure(failure)
    summary = Table(title=f"newsevents run → {db}", show_header=False)
    for key, value in report.counts().items():
        summary.add_row(key.replace("_", " "), f"{value:,}")
    for code, count in sorted(report.skipped.items()):
        summary.add_row(f"  skipped {code}", f"{count:,}")
    Console().print(summary)
    _exit_for(report.skipped)


def _exit_for(codes: Iterable[str]) -> None:
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


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or JSONL of documents.")],
    published: PublishedOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One indented JSON object.")] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per line.")] = False,
    dictionary: DictionaryOption = None,
) -> None:
    """Print what newsevents extracts from documents, without storing anything."""
    from newsevents import ingest
    from newsevents.pipeline import extract as extract_documents
    from newsevents.records import to_json

    failures: list[Failure] = []

    def documents():
        for item in ingest.read([str(p) for p in paths], published=_date(published, "--published")):
            if isinstance(item, Failure):
                failures.append(item)
                _report_failure(item)
            else:
                yield item

    extracted = 0
    settings = _settings(dictionary)
    try:
        for result in extract_documents(documents(), settings):
            if isinstance(result, Failure):
                failures.append(result)
                _report_failure(result)
                continue
            extracted += 1
            payload = to_json(result)
            if as_jsonl or not as_json:
                sys.stdout.write(_json_line(payload))
            else:
                sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    except DictionaryError as error:
        # A stage's own check on the tables (a sector no table defines, a regex that does not
        # compile) fails when the pipeline is built: one coded line, as for a bad file.
        err.print(f"[red]error[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if extracted == 0:
        raise typer.Exit(1)
    _exit_for(f.code for f in failures)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


@app.command()
def events(
    db: DbOption = Path("newsevents.duckdb"),
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
    limit: Annotated[int, typer.Option(min=0, help="At most this many events.")] = 1000,
    format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
) -> None:
    """List stored events."""
    from newsevents.store import Store

    if not db.exists():
        err.print(f"[red]error[/] no store at {db}: run `newsevents run PATH --db {db}` first")
        raise typer.Exit(2)
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
        with Store(db, read_only=True) as store:
            rows = store.events(filters=filters, limit=limit)
    except NewsEventsError as error:
        err.print(f"[red]error[/] {escape(str(error))}", highlight=False)
        raise typer.Exit(2) from None
    if format is OutputFormat.jsonl:
        for row in rows:
            sys.stdout.write(_json_line(row))
    elif format is OutputFormat.csv:
        flat = [_flat(r) for r in rows]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(_flat({"type": "", "id": ""})))
        writer.writeheader()
        writer.writerows(flat)
    else:
        table = Table(title=f"{len(rows)} events")
        columns = (
            "date",
            "type",
            "source",
            "source_code",
            "target",
            "target_code",
            "location",
            "modality",
        )
        for column in columns:
            table.add_column(column)
        for row in rows:
            flat = _flat(row)
            table.add_row(*(str(flat[c]) for c in columns))
        Console().print(table)


@app.command(name="eval")
def eval_command(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files (documents or sentences).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[
        Path | None,
        typer.Option("--errors", help="Write each record's missed and spurious items (JSONL)."),
    ] = None,
    with_model: Annotated[
        bool,
        typer.Option(
            "--event-model/--rules-only",
            help="Score with the learned event-type stage (the default), or the rules alone.",
        ),
    ] = True,
) -> None:
    """Score the engine on gold files: events, quotes, places and sentence-level types."""
    from newsevents.evaluate import evaluate

    result = evaluate(gold, _settings(None, event_model=with_model))
    if errors is not None:
        with errors.open("w", encoding="utf-8") as out:
            for row in result.errors:
                out.write(_json_line(row))
    scores = result.as_dict()
    if as_json:
        sys.stdout.write(json.dumps(scores, indent=2) + "\n")
        return
    out = Console()
    table = Table(
        title=f"newsevents eval: {scores['documents']} documents, {scores['sentences']} sentences"
        + (
            f", {scores['claims']['documents']} claim documents"
            if scores["claims"]["documents"]
            else ""
        )
    )
    for column in ("field", "precision", "recall", "F1", "tp / predicted / gold", "other"):
        table.add_column(column)

    def row(name: str, prf: dict, other: str = "") -> None:
        table.add_row(
            name,
            f"{prf['precision']:.3f}",
            f"{prf['recall']:.3f}",
            f"{prf['f1']:.3f}",
            f"{prf['tp']} / {prf['predicted']} / {prf['gold']}",
            other,
        )

    if scores["documents"]:
        for name, prf in scores["events"].items():
            row(f"events: {name}", prf)
        quotes = scores["quotes"]
        row("quotes", quotes, f"speaker accuracy {quotes['speaker_accuracy']:.3f}")
        places = scores["places"]
        row(
            "places",
            places,
            f"exact ≤25 km {places['exact']:.3f}; country {places['country']:.3f}; "
            f"median {places['median_error_km']} km",
        )
    claims = scores["claims"]
    if claims["documents"]:
        row(
            "claims",
            claims,
            f"quantity exact {claims['quantity_exact']:.3f}; subject overlap "
            f"{claims['subject_overlap']:.3f}; speaker {claims['speaker_accuracy']:.3f}; "
            f"direction {claims['direction_accuracy']:.3f}",
        )
    out.print(table)
    sentence = scores["sentence_type"]
    if sentence["n"]:
        out.print(
            f"sentence-level type: n={sentence['n']} accuracy {sentence['accuracy']:.3f} "
            f"macro-F1 {sentence['macro_f1']:.3f} (no event: {sentence['no_event']}); "
            f"calibration error {sentence['calibration_error']}; labelled source and "
            f"target both overlapped by a coded event {sentence['roles_overlap']:.3f}"
        )
        per_type = Table(title="sentence-level type per gold type")
        for column in ("type", "precision", "recall", "F1", "tp / predicted / gold"):
            per_type.add_column(column)
        for plover, prf in sentence["per_type_prf"].items():
            per_type.add_row(
                plover,
                f"{prf['precision']:.3f}",
                f"{prf['recall']:.3f}",
                f"{prf['f1']:.3f}",
                f"{prf['tp']} / {prf['predicted']} / {prf['gold']}",
            )
        out.print(per_type)
        _print_confusion(out, sentence["confusion"], "sentence-level confusion (gold × predicted)")
    if scores["events_per_type"]:
        per_type = Table(title="document events per type (type+source+target)")
        for column in ("type", "precision", "recall", "F1", "tp / predicted / gold"):
            per_type.add_column(column)
        for plover, prf in scores["events_per_type"].items():
            per_type.add_row(
                plover,
                f"{prf['precision']:.3f}",
                f"{prf['recall']:.3f}",
                f"{prf['f1']:.3f}",
                f"{prf['tp']} / {prf['predicted']} / {prf['gold']}",
            )
        out.print(per_type)
    for failure in scores["failures"]:
        err.print(f"[yellow]failed[/] {failure}", highlight=False)


def _print_confusion(out: Console, cells: list[dict[str, Any]], title: str) -> None:
    """Gold types as rows, predicted types as columns; only types that occur."""
    gold = sorted({c["gold"] for c in cells})
    predicted = sorted({c["predicted"] for c in cells})
    counts = {(c["gold"], c["predicted"]): c["count"] for c in cells}
    table = Table(title=title)
    table.add_column("gold")
    for p in predicted:
        table.add_column(p[:4], justify="right", no_wrap=True)
    for g in gold:
        table.add_row(g, *(str(counts.get((g, p), "")) for p in predicted))
    # 17 columns need more than a default 80-column terminal.
    Console(width=max(out.width, 140)).print(table)


@app.command()
def train(
    corpus: Annotated[
        Path, typer.Option("--corpus", help="Folder of the team's batch-*.jsonl corpus.")
    ] = Path("training/corpus"),
    extra: Annotated[
        list[Path] | None,
        typer.Option("--extra", help="More labelled sentences (text, event_type) to train on."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Model folder (default: the shipped model's).")
    ] = None,
    epochs: Annotated[int, typer.Option(min=1)] = 4,
    limit: Annotated[
        int | None, typer.Option(min=10, help="Train on this many sentences only (a smoke run).")
    ] = None,
    licence: Annotated[
        str, typer.Option(help="Licence of the trained model (CC-BY-SA-4.0 with PLOVER GSR).")
    ] = "MIT",
) -> None:
    """Fine-tune the event-type model (needs the `train` extra: pip install '.[train]')."""
    try:
        from newsevents.classify import corpus as corpus_files
        from newsevents.classify.model import MODEL_DIR
        from newsevents.classify.train import train as fine_tune
    except ImportError as error:  # pragma: no cover - depends on the install
        err.print(f"[red]error[/] training needs the train extra: {error}", highlight=False)
        raise typer.Exit(2) from None
    try:
        examples = corpus_files.read_all(corpus, extra or ())
    except NewsEventsError as error:
        err.print(f"[red]error[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    if limit is not None:
        # Every label keeps a share: a stratified slice, not the first lines.
        step = max(1, len(examples) // limit)
        examples = examples[::step][:limit]
    report = fine_tune(examples, out or MODEL_DIR, epochs=epochs, licence=licence, log=err.print)
    sys.stdout.write(json.dumps(report, indent=1) + "\n")


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An event id, or a merged event's id.")],
    db: DbOption = Path("newsevents.duckdb"),
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the merged record as JSON.")
    ] = False,
) -> None:
    """Print one merged event with every supporting mention, trigger highlighted."""
    from rich.text import Text

    from newsevents.store import Store

    if not db.exists():
        err.print(f"[red]error[/] no store at {db}: run `newsevents run PATH --db {db}` first")
        raise typer.Exit(2)
    try:
        with Store(db, read_only=True) as store:
            record = store.merged_event(event_id)
    except NewsEventsError as error:
        err.print(f"[red]error[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    if record is None:
        err.print(f"[red]error[/] no event {event_id!r} in {db}")
        raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    out = Console()

    def actor(ref: dict | None) -> str:
        if not ref:
            return "—"
        code = " ".join(x for x in (ref.get("country"), ref.get("sector")) if x)
        return f"{ref.get('name')} ({code})" if code else str(ref.get("name"))

    location = record.get("location") or {}
    out.print(
        f"[bold]{record['type']}[/]  {actor(record.get('source'))} → {actor(record.get('target'))}"
        f"{'  [red]negated[/]' if record.get('negated') else ''}"
    )
    out.print(
        f"date {record.get('date') or '—'} ({record.get('date_precision') or '—'})   "
        f"place {location.get('name') or '—'} {location.get('country') or ''}"
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
        flags = [f for f in ("duplicate_of",) if mention.get(f)]
        out.print(
            f"    [dim]{mention.get('publisher') or 'unknown publisher'} · "
            f"{mention.get('published') or 'undated'} · document {mention['document_id']} · "
            f"story {mention.get('story_id')} · {mention.get('modality')}"
            f"{' · copy of ' + str(mention['duplicate_of']) if flags else ''}[/]",
            highlight=False,
        )


def main() -> None:  # pragma: no cover - console entry point
    app()


def _json_line(record: Any) -> str:
    """One JSON Lines record. U+2028/U+2029 are escaped: they are valid inside JSON strings,
    but ``str.splitlines`` and many line readers split on them, which would cut a record."""
    text = json.dumps(record, ensure_ascii=False, default=str)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"


app.command(name="watch")(watch_command)
app.command(name="export")(export_command)
app.command(name="serve")(serve_command)
app.command(name="claims")(claims_command)
