"""No silent loss: every path a run is given ends as a stored document or a coded failure row,
a hostile input costs bounded memory, a broken store stops the run, and the exit code says
which of these happened (0 all read, 1 some inputs unreadable, 2 store or usage error)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents import ingest
from newsevents.cli import app
from newsevents.ingest import warc as warc_reader
from newsevents.models import Document, Failure
from newsevents.pipeline import run
from newsevents.store import Store

ARTICLES = [
    "Police in Kenya arrested three opposition leaders in Nairobi on Friday after a rally "
    "against new taxes, the interior ministry said in a statement.",
    "The government of Chile signed a trade agreement with Vietnam on Tuesday in Santiago, "
    "cutting tariffs on copper and rice over the next five years.",
    "Protesters in Lagos marched against the removal of fuel subsidies on Saturday, and "
    "police fired tear gas to disperse them near the state assembly.",
]
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def _stored(db: Path) -> tuple[int, list[tuple[str, str]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        (docs,) = con.execute("SELECT count(*) FROM documents").fetchone()
        failures = con.execute("SELECT code, source FROM failures ORDER BY source").fetchall()
    finally:
        con.close()
    return docs, failures


def _deep_folder(base: Path) -> Path:
    """A folder nested past the OS path limit, holding one article at the bottom."""
    here = os.getcwd()
    base.mkdir()
    os.chdir(base)
    try:
        for _ in range(24):
            os.mkdir("d" * 200)
            os.chdir("d" * 200)
        Path("deep.txt").write_text(ARTICLES[0], encoding="utf-8")
    finally:
        os.chdir(here)
    return base


def _warc(records: list[str], *, gzip_records: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    for i, body in enumerate(records):
        html = f"<html><body><article><h1>Story {i}</h1><p>{body}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        record = writer.create_warc_record(
            f"http://example.org/{i}",
            "response",
            payload=io.BytesIO(html.encode()),
            length=len(html.encode()),
            http_headers=headers,
        )
        writer.write_record(record)
    return buffer.getvalue()


def test_a_mixed_batch_stores_every_good_document_and_counts_every_bad_path(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good-1.txt").write_text(ARTICLES[0], encoding="utf-8")
    (folder / "good-2.txt").write_text(ARTICLES[1], encoding="utf-8")
    os.mkfifo(folder / "pipe")
    (folder / "dangling").symlink_to(folder / "gone")
    (folder / "loop").symlink_to(folder)
    (folder / "self").symlink_to(folder / "self")
    (folder / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "linked.txt").write_text(ARTICLES[2], encoding="utf-8")
    with open(os.fsencode(folder) + b"/bad\xffname.txt", "w", encoding="utf-8") as odd:
        odd.write(ARTICLES[2])
    (folder / "ids.jsonl").write_text(
        json.dumps({"id": "x1", "text": ARTICLES[0]})
        + "\n"
        + json.dumps({"id": "x1", "text": ARTICLES[1]})
        + "\n",
        encoding="utf-8",
    )
    _deep_folder(folder / "deep")
    db = tmp_path / "store.duckdb"
    long_argument = str(tmp_path / ("z" * 5000))

    result = CliRunner().invoke(
        app, ["run", str(folder), str(tmp_path / "missing.txt"), long_argument, "--db", str(db)]
    )

    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    docs, failures = _stored(db)
    # good-1, good-2, the linked folder's article and the first x1 line (good-1's text is
    # x1's text too, but under another id: both are stored).
    assert docs == 4
    codes = sorted(code for code, _ in failures)
    assert codes == [
        "NE008",  # missing.txt
        "NE041",  # dangling link
        "NE041",  # FIFO
        "NE042",  # link back into the folder
        "NE042",  # link to itself
        "NE043",  # name not UTF-8
        "NE044",  # the deep folder
        "NE044",  # the 5,000-character argument
        "NE045",  # x1 again, with another text
    ], failures
    # Every stored source is valid UTF-8 and capped: the store took them.
    assert all(len(source) <= 1000 for _, source in failures)


def test_a_run_with_only_document_level_skips_exits_zero(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLES[0], encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")

    result = CliRunner().invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "s.duckdb")])

    assert result.exit_code == 0, result.output
    assert _stored(tmp_path / "s.duckdb")[1][0][0] == "NE002"


@pytest.mark.skipif(ROOT_USER, reason="root reads folders whatever their permissions")
def test_folders_that_cannot_be_listed_or_entered_are_failures_not_an_empty_run(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLES[0], encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(ARTICLES[1], encoding="utf-8")
    no_entry = tmp_path / "no-entry"
    no_entry.mkdir()
    (no_entry / "b.txt").write_text(ARTICLES[2], encoding="utf-8")
    locked.chmod(0)
    no_entry.chmod(0o444)
    try:
        items = list(ingest.read(tmp_path))
    finally:
        locked.chmod(0o755)
        no_entry.chmod(0o755)
    assert [type(i).__name__ for i in items].count("Document") == 1
    assert sorted(i.code for i in items if isinstance(i, Failure)) == ["NE040", "NE040"]


def test_a_reader_that_raises_costs_its_file_only(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLES[0], encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLES[1], encoding="utf-8")
    real = ingest._read_file

    def flaky(path, *args):
        if path.name == "a.txt":
            raise RuntimeError("a reader bug")
        yield from real(path, *args)

    monkeypatch.setattr(ingest, "_read_file", flaky)
    items = list(ingest.read(tmp_path))
    assert [type(i).__name__ for i in items] == ["Failure", "Document"]
    assert items[0].code == "NE001" and "a reader bug" in items[0].reason


def test_a_giant_jsonl_line_is_refused_without_reading_it_into_memory(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "big", "text": "word " * 400_000}) + "\n")
        out.write(json.dumps({"id": "small", "text": ARTICLES[1]}) + "\n")

    items = list(ingest.read(path, max_bytes=10_000))

    assert isinstance(items[0], Failure) and items[0].code == "NE005"
    assert "2,000,0" in items[0].reason  # the real size is reported
    assert isinstance(items[1], Document) and items[1].doc_id == "small"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_a_gzip_bomb_warc_is_refused_in_seconds_and_bounded_memory(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(b"WARC/1.0\r\n")]
    zeros = bytes(1 << 24)
    parts += [packer.compress(zeros) for _ in range(64)]  # 1 GiB of zeros, ~1 MB on disk
    parts.append(packer.flush())
    (folder / "bomb.warc.gz").write_bytes(b"".join(parts))
    (folder / "good.txt").write_text(ARTICLES[0], encoding="utf-8")
    # The peak of this process's own memory (VmHWM: ru_maxrss would count the forked copy of
    # the test runner it started as).
    script = (
        "import sys\n"
        "from newsevents.cli import app\n"
        "code = 0\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit as stop:\n"
        "    code = stop.code\n"
        "status = open('/proc/self/status').read()\n"
        "print('MAXRSS', status.split('VmHWM:')[1].split()[0])\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "run", str(folder), "--db", str(tmp_path / "s.duckdb")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    peak_kb = int(done.stdout.split("MAXRSS")[1].split()[0])
    assert peak_kb < 1_000_000, peak_kb
    docs, failures = _stored(tmp_path / "s.duckdb")
    assert docs == 1 and len(failures) == 1
    assert all(len(source) < 1000 for _, source in failures)


def test_a_warc_gz_cut_inside_a_later_record_is_counted_and_keeps_the_records_before(tmp_path):
    data = _warc([a * 3 for a in ARTICLES])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * 0.85)])

    items = list(ingest.read(path))

    documents = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(documents) == 2
    assert [f.code for f in failures] == ["NE004"] and "cut off" in failures[0].reason


def test_a_warc_header_line_without_end_stops_at_the_line_cap(tmp_path):
    path = tmp_path / "endless.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: " + b"x" * (warc_reader.LINE_CAP * 50))

    items = list(ingest.read(path))

    assert len(items) == 1 and isinstance(items[0], Failure)
    assert len(items[0].reason) <= 500


def _store_with_documents(db: Path) -> None:
    folder = db.parent / "seed"
    folder.mkdir()
    for i, text in enumerate(ARTICLES):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    run([folder], db)


def _new_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "new"
    folder.mkdir()
    for i, text in enumerate(ARTICLES):
        (folder / f"n{i}.txt").write_text(text.replace("Friday", "Monday") + " More.", "utf-8")
    return folder


def test_a_store_with_flipped_bytes_stops_the_run_with_ne022_and_exit_2(tmp_path):
    db = tmp_path / "store.duckdb"
    _store_with_documents(db)
    size = db.stat().st_size
    with db.open("r+b") as f:
        # One byte in each 256 KB block after the three header blocks: any block read fails
        # its checksum.
        for offset in range(12_288 + 1_000, size, 262_144):
            f.seek(offset)
            byte = f.read(1)
            f.seek(offset)
            f.write(bytes([byte[0] ^ 0xFF]))

    result = CliRunner().invoke(app, ["run", str(_new_inputs(tmp_path)), "--db", str(db)])

    assert result.exit_code == 2, result.output
    assert "NE02" in result.output and "skipped NE020" not in result.output


def test_a_store_cut_in_half_stops_the_run_with_a_coded_message(tmp_path):
    db = tmp_path / "store.duckdb"
    _store_with_documents(db)
    os.truncate(db, db.stat().st_size // 2)

    result = CliRunner().invoke(app, ["run", str(_new_inputs(tmp_path)), "--db", str(db)])

    assert result.exit_code == 2, result.output
    assert "[NE02" in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_failure_rows_of_a_document_that_is_later_stored_are_cleared(tmp_path):
    db = tmp_path / "store.duckdb"
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text(ARTICLES[0], encoding="utf-8")
    (document,) = ingest.read(article)
    with Store(db) as store:
        store.write(
            [],
            [
                Failure(str(article), "store", "NE020", "no space left", document.doc_id),
                Failure(str(folder / "other.txt"), "ingest", "NE002", "file is empty"),
            ],
        )

    run([folder], db)

    docs, failures = _stored(db)
    assert docs == 1
    assert failures == [("NE002", str(folder / "other.txt"))]


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    return done.returncode == 0


@pytest.mark.skipif(not ROOT_USER, reason="needs root to mount a small tmpfs")
def test_a_disk_that_fills_mid_run_stops_with_ne022_and_a_rerun_after_freeing_finishes(
    tmp_path,
):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "500k"):
        pytest.skip("this machine cannot mount a tmpfs")
    try:
        inputs = tmp_path / "many.jsonl"
        with inputs.open("w", encoding="utf-8") as out:
            for i in range(400):
                text = f"{ARTICLES[i % 3]} Report number {i} of the series, filed from the desk."
                out.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
        db = disk / "s.duckdb"

        full = CliRunner().invoke(app, ["run", str(inputs), "--db", str(db)])

        assert full.exit_code == 2, full.output
        assert "NE022" in full.output and "No space left" in full.output.replace("\n", " ")
        subprocess.run(["mount", "-o", "remount,size=50m", str(disk)], check=True)
        again = CliRunner().invoke(app, ["run", str(inputs), "--db", str(db)])
        assert again.exit_code == 0, again.output
        docs, failures = _stored(db)
        assert docs == 400 and failures == []
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_events_limit_below_zero_is_a_usage_error_not_a_traceback(tmp_path):
    db = tmp_path / "store.duckdb"
    _store_with_documents(db)
    result = CliRunner().invoke(app, ["events", "--limit", "-1", "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "limit" in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_a_truncated_warc_prints_no_traceback(tmp_path):
    path = tmp_path / "cut.warc"
    path.write_bytes(_warc(ARTICLES, gzip_records=False)[:-400])
    done = subprocess.run(
        [sys.executable, "-c", "from newsevents.cli import app; app()", "extract", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr[-2000:]


def test_an_id_holding_a_nul_character_is_stored_under_a_repaired_id(tmp_path):
    # DuckDB cuts a string at NUL: the id "\u0000" came back as "" and broke story linking.
    path = tmp_path / "nul.jsonl"
    path.write_text(json.dumps({"id": "a\u0000b", "text": ARTICLES[0]}) + "\n", "utf-8")

    report = run([path], tmp_path / "s.duckdb")

    assert report.documents_stored == 1
    con = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True)
    assert con.execute("SELECT doc_id FROM documents").fetchall() == [("a\ufffdb",)]
    con.close()


def test_a_repeated_id_with_another_text_is_a_failure_through_parquet_and_load_too(tmp_path):
    path = tmp_path / "ids.jsonl"
    path.write_text(
        json.dumps({"id": "x1", "text": ARTICLES[0]})
        + "\n"
        + json.dumps({"id": "x1", "text": ARTICLES[1]})
        + "\n",
        encoding="utf-8",
    )
    out, db = tmp_path / "out", tmp_path / "s.duckdb"
    assert CliRunner().invoke(app, ["run", str(path), "--out", str(out)]).exit_code == 0

    loaded = CliRunner().invoke(app, ["load", str(out), "--db", str(db)])

    assert loaded.exit_code == 0, loaded.output
    docs, failures = _stored(db)
    assert docs == 1 and [code for code, _ in failures] == ["NE045"]
