"""Accuracy floor: the dev-set figures recorded in eval/baseline.json may not drop by more than
0.02. Update the baseline (with `newsevents eval ... --json`) when accuracy goes up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents.evaluate import evaluate

ROOT = Path(__file__).parent.parent
BASELINE = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))
TOLERANCE = 0.02


@pytest.fixture(scope="module")
def documents() -> dict:
    return evaluate([ROOT / "eval" / "dev" / "documents.jsonl"]).as_dict()


@pytest.fixture(scope="module")
def sentences() -> dict:
    return evaluate([ROOT / "eval" / "dev" / "sentences.jsonl"]).as_dict()


@pytest.mark.parametrize(
    ("figure", "path"),
    [
        ("event_triple_f1", ("events", "type+source+target", "f1")),
        ("event_type_source_f1", ("events", "type+source", "f1")),
        ("quote_speaker_accuracy", ("quotes", "speaker_accuracy")),
        ("place_exact", ("places", "exact")),
        ("place_country", ("places", "country")),
        ("place_f1", ("places", "f1")),
    ],
)
def test_eval_gate_dev_documents_stay_above_the_recorded_floor(documents, figure, path):
    value = documents
    for key in path:
        value = value[key]
    assert value >= BASELINE["documents"][figure] - TOLERANCE, (figure, value)


def test_eval_gate_dev_sentences_type_macro_f1_stays_above_the_recorded_floor(sentences):
    value = sentences["sentence_type"]["macro_f1"]
    assert value >= BASELINE["sentences"]["type_macro_f1"] - TOLERANCE, value
