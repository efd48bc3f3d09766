"""Hostile input, generated: ingest, clean, the full spaCy pipeline, the store and the CLI must
turn every input into a stored document or a Failure with a reason, and never raise.

The default run uses the ``fast`` hypothesis profile (a few hundred inputs). The campaign:

    NEWSEVENTS_HYPOTHESIS_PROFILE=deep .venv/bin/pytest tests/test_fuzz.py -p no:randomly -s

runs the same properties over thousands of inputs each and prints how many it tried.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsevents.clean import clean
from newsevents.cli import app
from newsevents.ingest import parse_date, read
from newsevents.models import Document, Extraction, Failure
from newsevents.pipeline import extract, run
from strategies import PROFILE, article_text, examples, impossible_dates, input_file, junk_text

CODE = re.compile(r"NE0\d\d")
TRIED: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_inputs_tried(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if reporter is not None and capture is not None:
        total = sum(TRIED.values())
        detail = ", ".join(f"{k} {v:,}" for k, v in sorted(TRIED.items()))
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"fuzz ({PROFILE} profile): {total:,} inputs tried ({detail})")


def write_files(folder: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    paths = []
    for number, (suffix, data) in enumerate(files):
        path = folder / f"input{number}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def assert_is_reported_failure(failure: Failure) -> None:
    assert CODE.fullmatch(failure.code), failure
    assert failure.reason.strip(), failure
    assert failure.stage in ("ingest", "clean", "nlp", "store"), failure


@given(st.lists(input_file, min_size=1, max_size=5))
def test_ingest_turns_any_file_into_documents_or_reported_failures(files):
    TRIED["files"] += len(files)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_files(Path(tmp), files)
        items = list(read(tmp, published=dt.date(2024, 2, 29)))
    for item in items:
        if isinstance(item, Failure):
            assert_is_reported_failure(item)
            assert item.stage == "ingest"
        else:
            assert isinstance(item, Document)
            assert item.text.strip() and item.doc_id
            item.text.encode("utf-8")  # storable: no unpaired surrogates
    # No file vanishes: each gives at least one document or one failure.
    sources = {item.source.split("#")[0].rsplit(":", 1)[0] for item in items}
    sources |= {item.source.split("#")[0] for item in items}
    assert {str(p) for p in paths} <= sources


# File names as a filesystem holds them: any bytes but "/" and NUL, up to the 255-byte name
# limit and past it, some not UTF-8, some hidden; plus links and FIFOs among them.
name_bytes = (
    st.binary(min_size=1, max_size=300)
    .map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))
    .filter(lambda b: b not in (b".", b".."))
)
special = st.sampled_from(["file", "file", "fifo", "dangling", "loop", "folder"])


@given(st.lists(st.tuples(name_bytes, special), min_size=1, max_size=6, unique_by=lambda t: t[0]))
def test_ingest_accounts_for_every_path_whatever_its_name_or_kind(entries):
    import os

    TRIED["paths"] += len(entries)
    with tempfile.TemporaryDirectory() as tmp:
        base = os.fsencode(tmp)
        expected = 0
        for name, kind in entries:
            path = base + b"/" + name
            try:
                if kind == "file":
                    with open(path, "wb") as out:
                        out.write(b"Soldiers of Mali clashed with rebels near Gao on Sunday.")
                elif kind == "fifo":
                    os.mkfifo(path)
                elif kind == "dangling":
                    os.symlink(base + b"/gone", path)
                elif kind == "loop":
                    os.symlink(path, path)
                else:
                    os.mkdir(path)
                    with open(path + b"/inner.txt", "wb") as out:
                        out.write(b"Police in Chile detained students in Santiago on Monday.")
            except OSError:
                continue  # a name this filesystem refuses cannot be an input
            if not name.startswith(b"."):
                expected += 1
        items = list(read(tmp))
    for item in items:
        if isinstance(item, Failure):
            assert_is_reported_failure(item)
        item.source.encode("utf-8")  # storable and printable
        assert len(item.source) <= 1000
    # Every visible entry gives exactly one document or failure (a folder: its one file).
    assert len(items) == expected, items


@given(st.one_of(impossible_dates, st.text(max_size=60)))
def test_parse_date_gives_a_date_or_none(value):
    TRIED["dates"] += 1
    result = parse_date(value)
    assert result is None or isinstance(result, dt.date)


@given(st.one_of(article_text, junk_text))
def test_clean_keeps_the_length_and_every_newline(text):
    TRIED["clean"] += 1
    cleaned = clean(Document(doc_id="d", text=text, source="s"))
    assert len(cleaned.body) == len(text)
    assert [i for i, c in enumerate(cleaned.body) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    for removed in cleaned.removed:
        assert 0 <= removed.start <= removed.end <= len(text)


def offsets(extraction: Extraction) -> Iterator[tuple[int, int]]:
    for event in extraction.events:
        yield event.span
        yield event.sentence_span
        yield from (s for s in (event.source_span, event.target_span) if s)
    for quote in extraction.quotes:
        yield quote.span
    for place in extraction.places:
        yield place.span
    for actor in extraction.actors:
        yield from actor.mentions


@examples(fast=20, deep=2500)
@given(st.lists(st.one_of(article_text, junk_text), min_size=1, max_size=4))
def test_extract_gives_one_result_per_document_in_input_order(texts):
    TRIED["documents"] += len(texts)
    documents = [
        Document(doc_id=f"d{i}", text=t, source=f"s{i}", published=dt.date(2024, 2, 29))
        for i, t in enumerate(texts)
    ]
    results = list(extract(documents))
    assert [getattr(r, "doc_id", None) or r.document.doc_id for r in results] == [
        d.doc_id for d in documents
    ]
    for result, document in zip(results, documents, strict=True):
        if isinstance(result, Failure):
            assert_is_reported_failure(result)
            continue
        for start, end in offsets(result):
            assert 0 <= start <= end <= len(document.text), (start, end)


def stored(db: Path) -> tuple[set[str], list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        docs = {row[0] for row in con.execute("SELECT doc_id FROM documents").fetchall()}
        failures = con.execute(
            "SELECT source, stage, code, reason, doc_id FROM failures"
        ).fetchall()
    return docs, failures


@examples(fast=12, deep=400)
@given(st.lists(input_file, min_size=1, max_size=6))
def test_run_stores_every_good_document_and_records_every_rejected_one(files):
    TRIED["files"] += len(files)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        write_files(folder, files)
        read_items = list(read(folder, published=dt.date(2024, 2, 29)))
        db = Path(tmp) / "store.duckdb"
        report = run([folder], db, published=dt.date(2024, 2, 29))
        docs, failures = stored(db)
    failed_ids = {f[4] for f in failures if f[4]}
    for item in read_items:
        if isinstance(item, Failure):
            assert (item.source, item.stage, item.code, item.reason) in {f[:4] for f in failures}
        else:
            # Stored, or rejected by a later stage with a reason: never neither.
            assert item.doc_id in docs or item.doc_id in failed_ids
    for failure in failures:
        assert CODE.fullmatch(failure[2]) and failure[3].strip()
    assert report.documents_stored == len(docs)


@examples(fast=5, deep=150)
@given(st.lists(input_file, min_size=1, max_size=4))
def test_cli_run_and_events_never_print_a_traceback(files):
    TRIED["files"] += len(files)
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        write_files(folder, files)
        db = str(Path(tmp) / "store.duckdb")
        result = runner.invoke(app, ["run", str(folder), "--db", db, "--published", "2024-02-29"])
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        listed = runner.invoke(app, ["events", "--db", db, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    # Not splitlines(): JSON written with ensure_ascii=False may hold a raw U+2028.
    for line in listed.stdout.split("\n")[:-1]:
        assert json.loads(line)["type"]
