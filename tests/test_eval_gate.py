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


# The real-text dev sets were labelled by others (../shared/dev, read by the tests, never copied
# into the repo): they are what accuracy is judged by, so they get floors too. The team's own
# sentence gold may trade a little for a gain here (the learned stage overrules verb lists that
# were written against that gold: -0.02 there for +0.17 plv macro-F1 when it became default).
SHARED_DEV = ROOT.parent / "shared" / "dev"
needs_shared = pytest.mark.skipif(
    not (SHARED_DEV / "plv_train.jsonl").exists(), reason="../shared/dev is not on this machine"
)


@pytest.fixture(scope="module")
def plv() -> dict:
    return evaluate([SHARED_DEV / "plv_train.jsonl"]).as_dict()


@pytest.fixture(scope="module")
def articles() -> dict:
    return evaluate([SHARED_DEV / "articles.jsonl"]).as_dict()


@needs_shared
@pytest.mark.parametrize(
    ("figure", "path"),
    [
        ("plv_type_accuracy", ("sentence_type", "accuracy")),
        ("plv_type_macro_f1", ("sentence_type", "macro_f1")),
        ("plv_roles_overlap", ("sentence_type", "roles_overlap")),
    ],
)
def test_eval_gate_real_text_sentences_stay_above_the_recorded_floor(plv, figure, path):
    value = plv
    for key in path:
        value = value[key]
    assert value >= BASELINE["real_text"][figure] - TOLERANCE, (figure, value)


@needs_shared
@pytest.mark.parametrize(
    ("figure", "path"),
    [
        ("articles_type_f1", ("events", "type", "f1")),
        ("articles_type_source_f1", ("events", "type+source", "f1")),
        ("articles_triple_f1", ("events", "type+source+target", "f1")),
        ("articles_speaker_accuracy", ("quotes", "speaker_accuracy")),
        ("articles_place_found", ("places", "recall")),
        # Of the places found, within 25 km: a found place no gazetteer knows has no
        # coordinates, so finding more may lower it (recorded with the first of them).
        ("articles_place_exact", ("places", "exact")),
    ],
)
def test_eval_gate_real_text_articles_stay_above_the_recorded_floor(articles, figure, path):
    value = articles
    for key in path:
        value = value[key]
    assert value >= BASELINE["real_text"][figure] - TOLERANCE, (figure, value)
