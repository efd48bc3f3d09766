"""Never lose a document, never crash a batch: failing stages, a store that refuses a document,
SIGKILL in the middle of a run, and two processes on one store.

The kill test runs 3 trials by default and 20 with ``-m slow``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from spacy.language import Language

from newsevents import pipeline
from newsevents.clean import OVERLONG_TOKEN, clean
from newsevents.errors import StoreError
from newsevents.ingest import read
from newsevents.models import Document, Extraction, Failure
from newsevents.store import Store

NEWSEVENTS = str(Path(sys.executable).parent / "newsevents")
PUBLISHED = dt.date(2024, 3, 1)

SUBJECTS = (
    "The French foreign minister",
    "Kenyan police",
    "Protesters in Nairobi",
    "The Russian defence ministry",
    "Officials in Manila",
    "The Brazilian president",
    "Rebel commanders in the north",
    "The European Union",
)
ACTIONS = (
    "met the Japanese prime minister in Tokyo",
    "accused the government of blocking aid convoys",
    "signed a trade agreement with Vietnam",
    "threatened to impose new sanctions on Iran",
    "fired tear gas at students outside parliament",
    "called for talks with the opposition",
)
DAYS = ("on Monday", "on Tuesday", "last week", "yesterday", "on 12 February")


def article(number: int) -> str:
    """A short article of our own writing; every number gives a different text."""
    rng = random.Random(number)
    sentences = [
        f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(DAYS)}."
        for _ in range(rng.randint(2, 4))
    ]
    sentences.append(f"It was the {number + 1}th such statement this year, a spokesman said.")
    return " ".join(sentences) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 short articles (three store batches of 64) and two files that must be refused."""
    folder = tmp_path_factory.mktemp("corpus")
    for number in range(150):
        (folder / f"article{number:03}.txt").write_text(article(number), encoding="utf-8")
    (folder / "broken.jsonl").write_bytes(b'{"text": "cut short\n[1, 2]\n')
    (folder / "latin1.txt").write_bytes("Le ministre a dit à Genève".encode("latin-1"))
    return folder


# -- failures inside the pipeline ----------------------------------------------------------


@Language.component("test_reliability_raise")
def raise_on_marker(doc):
    if "KABOOM" in doc.text:
        raise RuntimeError("component blew up")
    return doc


class FailsWholeBatch:
    """Like spaCy's Cython components: ``pipe`` raises for the batch, not per document."""

    def __call__(self, doc):
        if "BATCHBOOM" in doc.text:
            raise ValueError("batch component blew up")
        return doc

    def pipe(self, docs, batch_size=128):
        docs = list(docs)
        for doc in docs:
            self(doc)
        yield from docs


@Language.factory("test_reliability_batch")
def make_fails_whole_batch(nlp, name):
    return FailsWholeBatch()


@Language.component("test_reliability_garbage")
def garbage_records(doc):
    if "GARBAGE" in doc.text:
        doc._.ne_events = [{"type": "ACCUSE"}]  # an event dict missing every other key
    return doc


@pytest.fixture(scope="module")
def failing_nlp() -> Iterator[Language]:
    """The full pipeline plus components that fail on marked documents."""
    nlp = pipeline._build_nlp.__wrapped__(pipeline.DEFAULT.model, (), False)
    nlp.add_pipe("test_reliability_raise")
    nlp.add_pipe("test_reliability_batch")
    nlp.add_pipe("test_reliability_garbage")
    yield nlp


def documents(*texts: str) -> list[Document]:
    return [Document(doc_id=f"d{i}", text=t, source=f"s{i}") for i, t in enumerate(texts)]


def test_extract_reports_each_failing_document_and_codes_the_rest(failing_nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "build_nlp", lambda *args: failing_nlp)
    good = article(1)
    docs = documents(good, "KABOOM " + good, good + " BATCHBOOM", "GARBAGE " + good, article(2))
    results = list(pipeline.extract(docs))
    assert [type(r).__name__ for r in results] == [
        "Extraction",
        "Failure",
        "Failure",
        "Failure",
        "Extraction",
    ]
    assert [r.doc_id if isinstance(r, Failure) else r.document.doc_id for r in results] == [
        "d0",
        "d1",
        "d2",
        "d3",
        "d4",
    ]
    kaboom, batchboom, garbage = results[1:4]
    assert kaboom.reason == "test_reliability_raise: RuntimeError: component blew up"
    assert batchboom.reason == "test_reliability_batch: ValueError: batch component blew up"
    assert garbage.reason.startswith("records: KeyError:")
    assert {f.code for f in (kaboom, batchboom, garbage)} == {"NE030"}


def test_extract_strict_raises_the_component_error(failing_nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "build_nlp", lambda *args: failing_nlp)
    with pytest.raises(RuntimeError, match="component blew up"):
        list(pipeline.extract(documents("KABOOM " + article(3)), strict=True))


def test_run_keeps_the_batch_when_the_store_refuses_one_document(tmp_path, monkeypatch):
    write = Store.write

    def refusing(self, extractions, failures=(), run_id=None):
        if any("REFUSED" in x.document.text for x in extractions):
            raise StoreError("cannot write batch: the disk said no")
        return write(self, extractions, failures, run_id)

    monkeypatch.setattr(Store, "write", refusing)
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(5):
        marker = " REFUSED" if number == 2 else ""
        (folder / f"a{number}.txt").write_text(article(number) + marker, encoding="utf-8")
    report = pipeline.run([folder], tmp_path / "s.duckdb", published=PUBLISHED)
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        sources = sorted(Path(d["source"]).name for d in store.documents())
        failures = store.failures()
    assert sources == ["a0.txt", "a1.txt", "a3.txt", "a4.txt"]
    assert [(Path(f["source"]).name, f["stage"], f["code"]) for f in failures] == [
        ("a2.txt", "store", "NE020")
    ]
    assert report.documents_stored == 4


def test_clean_masks_a_million_quote_marks_without_moving_an_offset():
    text = "The minister spoke. " + "“" * 1_000_000 + " Talks resumed."
    cleaned = clean(Document(doc_id="q", text=text, source="q"))
    assert len(cleaned.body) == len(text)
    assert [(r.start, r.end, r.reason) for r in cleaned.removed] == [
        (20, 1_000_020, OVERLONG_TOKEN)
    ]
    assert cleaned.body.split() == ["The", "minister", "spoke.", "Talks", "resumed."]


def test_extract_codes_a_document_with_a_million_quote_marks_in_seconds():
    text = article(7) + '"' * 1_000_000 + "\n" + article(8)
    started = time.monotonic()
    (result,) = pipeline.extract(documents(text))
    # Unmasked, spaCy's tokenizer needs hours for this run of quote marks.
    assert time.monotonic() - started < 60
    assert isinstance(result, Extraction)
    assert result.removed[-1].reason == OVERLONG_TOKEN


def test_ingest_repairs_unpaired_surrogates_without_moving_an_offset(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_bytes(
        b'{"text": "' + article(4).strip().encode() + b' \\ud800 end", "id": "\\udfff"}\n'
    )
    (document,) = read(path)
    assert document.text.endswith(" \ufffd end")
    assert document.doc_id == "\ufffd"
    assert document.meta["repaired"] == ["doc_id", "text"]


def test_ingest_reports_a_jsonl_file_with_no_records(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_bytes(b"\n   \n\n")
    (failure,) = read(path)
    assert (failure.code, failure.reason) == ("NE002", "no jsonl records in the file")


# -- SIGKILL at random points --------------------------------------------------------------

VOLATILE = {"run_id", "stored_at", "failed_at"}
STORED_TABLES = ("documents", "actors", "events", "quotes", "places", "failures")


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every stored row, without the columns that name a run or a time."""
    tables = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table in STORED_TABLES:
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            keep = ", ".join(f'"{c}"' for c in columns if c not in VOLATILE)
            rows = con.execute(f"SELECT {keep} FROM {table}").fetchall()
            tables[table] = sorted(rows, key=repr)
    return tables


def newsevents(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [NEWSEVENTS, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        **kwargs,
    )


def run_to_end(corpus: Path, db: Path) -> float:
    started = time.monotonic()
    process = newsevents("run", str(corpus), "--db", str(db), "--published", "2024-03-01")
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    return time.monotonic() - started


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, float]:
    db = tmp_path_factory.mktemp("reference") / "store.duckdb"
    seconds = run_to_end(corpus, db)
    return snapshot(db), seconds


def kill_and_resume(corpus: Path, db: Path, after: float) -> None:
    process = newsevents("run", str(corpus), "--db", str(db), "--published", "2024-03-01")
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    run_to_end(corpus, db)


def check_kills(corpus: Path, reference: tuple[dict, float], tmp_path: Path, trials: int):
    expected, seconds = reference
    assert len(expected["documents"]) == 150
    assert len(expected["failures"]) == 3  # the broken JSONL line, the array, the latin-1 file
    rng = random.Random(20240301)
    for trial in range(trials):
        db = tmp_path / f"killed{trial}.duckdb"
        kill_and_resume(corpus, db, after=rng.uniform(0.2, seconds))
        assert snapshot(db) == expected, f"trial {trial}"


def test_run_killed_at_random_points_resumes_to_the_same_store(corpus, reference, tmp_path):
    check_kills(corpus, reference, tmp_path, trials=3)


@pytest.mark.slow
def test_run_killed_twenty_times_resumes_to_the_same_store(corpus, reference, tmp_path):
    check_kills(corpus, reference, tmp_path, trials=20)


# -- two processes, one store --------------------------------------------------------------


@pytest.fixture()
def held_store(tmp_path: Path) -> Iterator[Path]:
    """A store this test process holds open for writing, as a running `newsevents run` does."""
    db = tmp_path / "held.duckdb"
    with Store(db) as store:
        store.start_run(["test"])
        yield db


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, " ".join(err.split())


def test_second_run_on_a_busy_store_fails_fast_naming_the_holder(held_store, corpus):
    started = time.monotonic()
    code, _, err = finish(newsevents("run", str(corpus), "--db", str(held_store)))
    assert code == 2
    assert f"[NE021] store {held_store} is busy: another process (PID {os.getpid()})" in err
    assert "Traceback" not in err
    # Fails before loading the model or reading a document.
    assert time.monotonic() - started < 30


def test_events_on_a_store_being_written_says_busy_without_a_traceback(held_store):
    code, out, err = finish(newsevents("events", "--db", str(held_store)))
    assert code == 2
    assert out == ""
    assert f"is busy: another process (PID {os.getpid()})" in err
    assert "Traceback" not in err


def test_reader_during_a_real_run_reads_a_snapshot_or_says_busy(corpus, tmp_path):
    db = tmp_path / "live.duckdb"
    writer = newsevents("run", str(corpus), "--db", str(db), "--published", "2024-03-01")
    outcomes = []
    while writer.poll() is None:
        if db.exists():
            code, out, err = finish(newsevents("events", "--db", str(db), "--format", "jsonl"))
            assert "Traceback" not in err
            if code == 0:
                rows = [json.loads(line) for line in out.split("\n")[:-1]]
                assert len({row["id"] for row in rows}) == len(rows)
                outcomes.append("read")
            else:
                assert code == 2 and "is busy" in err, err
                outcomes.append("busy")
        time.sleep(0.2)
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert "busy" in outcomes
