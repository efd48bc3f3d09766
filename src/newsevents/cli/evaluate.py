"""``newsevents eval`` (scores against gold files) and ``train`` (the event-type model)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from newsevents.cli.common import err, fail, json_line, settings_for
from newsevents.errors import NewsEventsError


def eval_command(
    gold: Annotated[
        list[Path],
        typer.Argument(metavar="GOLD", help="Gold JSONL files (documents or sentences)."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            metavar="FILE",
            help="Write each record's missed and spurious items (JSONL).",
        ),
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

    try:
        result = evaluate(gold, settings_for(None, event_model=with_model))
    except NewsEventsError as error:
        fail(error)
    if errors is not None:
        with errors.open("w", encoding="utf-8") as out:
            for row in result.errors:
                out.write(json_line(row))
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


def train_command(
    corpus: Annotated[
        Path,
        typer.Option("--corpus", metavar="DIR", help="Folder of the team's batch-*.jsonl corpus."),
    ] = Path("training/corpus"),
    extra: Annotated[
        list[Path] | None,
        typer.Option(
            "--extra",
            metavar="FILE",
            help="More labelled sentences (text, event_type) to train on.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="DIR", help="Model folder (default: the shipped model's)."),
    ] = None,
    epochs: Annotated[int, typer.Option(min=1, metavar="N")] = 4,
    limit: Annotated[
        int | None,
        typer.Option(min=10, metavar="N", help="Train on this many sentences only (a smoke run)."),
    ] = None,
    licence: Annotated[
        str,
        typer.Option(
            metavar="SPDX", help="Licence of the trained model (CC-BY-SA-4.0 with PLOVER GSR)."
        ),
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
        fail(error)
    if limit is not None:
        # Every label keeps a share: a stratified slice, not the first lines.
        step = max(1, len(examples) // limit)
        examples = examples[::step][:limit]
    report = fine_tune(examples, out or MODEL_DIR, epochs=epochs, licence=licence, log=err.print)
    sys.stdout.write(json.dumps(report, indent=1) + "\n")
