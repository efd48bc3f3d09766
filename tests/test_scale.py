"""Ray engine: a local Ray cluster codes the same corpus exactly as the single-process engine,
and its Parquet output loads into a store."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import duckdb
import pytest

from newsevents import ingest, scale
from newsevents.models import Document, Extraction, Failure
from newsevents.pipeline import extract
from newsevents.records import event_json, to_json
from newsevents.settings import Settings
from newsevents.store import Store

ray = pytest.importorskip(
    "ray", reason="Ray is an optional extra: pip install 'newsevents[ray]' to test the Ray engine"
)

CORPUS = Path(__file__).parent.parent / "benchmarks" / "corpus.py"
DOCUMENTS = 200


def _corpus_module():
    spec = importlib.util.spec_from_file_location("newsevents_bench_corpus", CORPUS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    corpus = _corpus_module()
    # Two JSONL files and a text file with a header, so the dataset has several blocks.
    articles = list(corpus.articles(DOCUMENTS - 1, seed=5, min_words=40, max_words=120))
    half = len(articles) // 2
    for name, part in (("a.jsonl", articles[:half]), ("b.jsonl", articles[half:])):
        with (folder / name).open("w", encoding="utf-8") as out:
            for article in part:
                out.write(json.dumps(article) + "\n")
    extra = next(corpus.articles(1, seed=99, min_words=40, max_words=120))
    (folder / "c.txt").write_text(
        f"published: {extra['published']}\n\n{extra['text']}\n", encoding="utf-8"
    )
    # An unreadable input must come out as a failure row, as in a local run.
    (folder / "d.jsonl").write_text("{not json\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local(inputs: Path) -> dict[str, Extraction]:
    documents = [d for d in ingest.read([inputs]) if isinstance(d, Document)]
    results = list(extract(documents))
    assert all(isinstance(r, Extraction) for r in results)
    return {r.document.doc_id: r for r in results}


@pytest.fixture(scope="module")
def ray_out(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ray") / "out"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
    try:
        report = scale.run([inputs], out, concurrency=2, batch_size=25)
    finally:
        ray.shutdown()
    assert report.documents == DOCUMENTS
    return out


def test_scale_ray_output_has_the_local_document_ids_and_events(
    local: dict[str, Extraction], ray_out: Path
) -> None:
    coded = {x.document.doc_id: x for x in scale.read_extractions(ray_out)}
    assert sorted(coded) == sorted(local)
    for doc_id, expected in local.items():
        assert [event_json(e) for e in coded[doc_id].events] == [
            event_json(e) for e in expected.events
        ]
        assert to_json(coded[doc_id]) == to_json(expected)


def test_scale_ray_output_reports_the_unreadable_line_as_a_failure(
    inputs: Path, ray_out: Path
) -> None:
    failures = scale.read_failures(ray_out)
    assert [(f.source, f.stage, f.code) for f in failures] == [
        (f"{inputs / 'd.jsonl'}:1", "ingest", "NE004")
    ]
    expected = [f for f in ingest.read([inputs / "d.jsonl"]) if isinstance(f, Failure)]
    assert failures == expected


def test_scale_parquet_tables_read_directly_in_duckdb(
    local: dict[str, Extraction], ray_out: Path
) -> None:
    events = duckdb.execute(
        "SELECT count(*), count(DISTINCT doc_id) FROM read_parquet($g)",
        {"g": f"{ray_out}/events/*.parquet"},
    ).fetchone()
    assert events == (
        sum(len(x.events) for x in local.values()),
        sum(1 for x in local.values() if x.events),
    )


def test_scale_load_fills_a_store_like_a_local_run(
    local: dict[str, Extraction], ray_out: Path, tmp_path: Path
) -> None:
    counts = scale.load(ray_out, tmp_path / "ray.duckdb")
    assert counts == {"documents_read": DOCUMENTS, "documents_stored": DOCUMENTS, "failures": 1}
    with Store(tmp_path / "local.duckdb") as store:
        store.write(list(local.values()))
    with (
        Store(tmp_path / "ray.duckdb", read_only=True) as loaded,
        Store(tmp_path / "local.duckdb", read_only=True) as direct,
    ):
        assert loaded.events() == direct.events()
        assert loaded.counts()["documents"] == DOCUMENTS
    # Loading twice adds nothing.
    again = scale.load(ray_out, tmp_path / "ray.duckdb")
    assert again["documents_stored"] == 0


def test_scale_local_engine_writes_the_same_tables(
    local: dict[str, Extraction], tmp_path: Path
) -> None:
    report = scale.write_local(local.values(), tmp_path / "out")
    assert report.documents == DOCUMENTS
    coded = {x.document.doc_id: to_json(x) for x in scale.read_extractions(tmp_path / "out")}
    assert coded == {doc_id: to_json(x) for doc_id, x in local.items()}


def test_scale_refuses_an_output_folder_that_already_has_tables(ray_out: Path) -> None:
    with pytest.raises(Exception, match="already holds Parquet tables"):
        scale.write_local([], ray_out)


def test_scale_two_processes_code_exactly_like_one(local: dict[str, Extraction]) -> None:
    # Stage results cross process boundaries through Doc.to_bytes: they must be plain values.
    documents = [x.document for x in list(local.values())[:8]]
    results = list(extract(documents, Settings(n_process=2, batch_size=4)))
    assert [to_json(r) for r in results] == [to_json(local[d.doc_id]) for d in documents]
