"""CSV inputs with a named text column and Parquet inputs with a ``text`` column."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsevents import ingest
from newsevents.cli import app
from newsevents.models import Document, Failure
from strategies import junk_text

HARBOUR = (
    "Dock workers in Mombasa ended a four-day strike on Monday after the Kenya Ports Authority "
    "agreed to raise their wages, union officials said."
)
BORDER = (
    "The foreign ministers of Ghana and Togo signed an agreement in Accra on Thursday to reopen "
    "three border posts."
)


@pytest.fixture
def wire_csv(tmp_path: Path) -> Path:
    path = tmp_path / "wire.csv"
    path.write_text(
        "id,headline,body,published,url,source\n"
        f'wire-1,Port strike ends,"{HARBOUR}",2026-03-02,https://example.org/1,Coastal Courier\n'
        "wire-2,No text,,2026-03-03,,Coastal Courier\n"
        f'wire-3,Border deal,"{BORDER}\nTraders welcomed the deal.",5 March 2026,,\n',
        encoding="utf-8",
    )
    return path


def test_csv_reads_the_named_text_column_and_maps_the_jsonl_fields(wire_csv: Path) -> None:
    first, empty, third = ingest.read(wire_csv, text_column="body")
    assert isinstance(first, Document)
    assert (first.doc_id, first.text, first.url, first.publisher, first.format) == (
        "wire-1",
        HARBOUR,
        "https://example.org/1",
        "Coastal Courier",
        "csv",
    )
    assert first.published == dt.date(2026, 3, 2) and first.source == f"{wire_csv}:2"
    # A row without text fails on its own, named by its line; the next row is still read,
    # and a quoted field may hold a line break.
    assert isinstance(empty, Failure) and empty.code == "NE002"
    assert empty.source == f"{wire_csv}:3" and "'body'" in empty.reason
    assert isinstance(third, Document) and third.text == f"{BORDER}\nTraders welcomed the deal."
    assert third.published == dt.date(2026, 3, 5) and third.source == f"{wire_csv}:4"


def test_csv_without_the_text_column_is_NE046_naming_the_columns(wire_csv: Path) -> None:
    (failure,) = ingest.read(wire_csv)
    assert isinstance(failure, Failure) and failure.code == "NE046"
    assert failure.reason == (
        "no column 'text' (the columns are id, headline, body, published, url, source); name "
        "the text column with --text-column"
    )


def test_csv_that_is_not_utf8_is_NE004(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("text\nLes ministres se sont réunis à Lomé.\n".encode("latin-1"))
    (failure,) = ingest.read(path)
    assert isinstance(failure, Failure) and failure.code == "NE004"


def test_parquet_reads_the_text_column_with_typed_dates_and_ids(tmp_path: Path) -> None:
    path = tmp_path / "articles.parquet"
    table = pa.table(
        {
            "id": pa.array([101, 102], pa.int64()),
            "text": [BORDER, None],
            "title": ["Border deal", "Nothing"],
            "published": pa.array(
                [dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC), None], pa.timestamp("s", "UTC")
            ),
            "ignored": [1.5, 2.5],
        }
    )
    pq.write_table(table, path)
    border, empty = ingest.read(path)
    assert isinstance(border, Document)
    assert (border.doc_id, border.text, border.title, border.format) == (
        "101",
        BORDER,
        "Border deal",
        "parquet",
    )
    assert border.published == dt.date(2026, 3, 5) and border.source == f"{path}:1"
    assert isinstance(empty, Failure) and empty.code == "NE002"


def test_parquet_file_that_is_not_parquet_is_NE003(tmp_path: Path) -> None:
    path = tmp_path / "notes.parquet"
    path.write_text("Officials said the talks would resume next week.", encoding="utf-8")
    (failure,) = ingest.read(path)
    assert isinstance(failure, Failure) and failure.code == "NE003"
    assert failure.reason.startswith("not a readable Parquet file")


def test_parquet_is_recognised_by_its_magic_bytes_without_an_extension(tmp_path: Path) -> None:
    path = tmp_path / "export-2026-03"
    pq.write_table(pa.table({"body": [HARBOUR]}), path)
    (missing,) = ingest.read(path)
    assert isinstance(missing, Failure) and missing.code == "NE046"
    (document,) = ingest.read(path, text_column="body")
    assert isinstance(document, Document) and document.text == HARBOUR


def _parquet_bytes(texts: list[str | None]) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"text": pa.array(texts, pa.string())}), buffer)
    return buffer.getvalue()


@given(
    suffix=st.sampled_from([".csv", ".parquet"]),
    data=st.one_of(
        st.binary(max_size=600),
        junk_text.map(lambda t: ("text,title\n" + t).encode("utf-8", "surrogatepass")),
        st.lists(st.one_of(st.none(), junk_text), max_size=4).map(_parquet_bytes),
        st.lists(st.one_of(st.none(), junk_text), min_size=1, max_size=4)
        .map(_parquet_bytes)
        .map(lambda b: b[: len(b) // 2]),
    ),
)
def test_table_readers_turn_any_bytes_into_documents_or_coded_failures(
    suffix: str, data: bytes
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        results = list(ingest.read(path, max_bytes=10_000))
    assert results
    for result in results:
        assert isinstance(result, Document | Failure)
        if isinstance(result, Document):
            assert result.format == suffix.removeprefix(".")  # never read as plain text
        else:
            assert result.code.startswith("NE") and result.reason


def test_cli_run_codes_a_csv_with_text_column_into_the_store(
    wire_csv: Path, tmp_path: Path
) -> None:
    db = tmp_path / "csv.duckdb"
    result = CliRunner().invoke(
        app, ["run", str(wire_csv), "--text-column", "body", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT doc_id, format FROM documents ORDER BY doc_id").fetchall()
        failures = con.execute("SELECT source, code FROM failures").fetchall()
        strike = con.execute("SELECT count(*) FROM events WHERE doc_id = 'wire-1'").fetchone()
    assert stored == [("wire-1", "csv"), ("wire-3", "csv")]
    assert failures == [(f"{wire_csv}:3", "NE002")]
    assert strike and strike[0] >= 1
