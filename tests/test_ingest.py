"""ingest: every format in, Documents and Failures out, and never an exception."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsevents.clean import clean
from newsevents.errors import BadDate, EmptyDocument, NotEnglish
from newsevents.ingest import from_text, parse_date, read
from newsevents.models import Document, Failure

DATA = Path(__file__).parent / "data" / "ingest"

ENGLISH = (
    "The regional assembly approved the new water budget on Tuesday after a long debate, and "
    "the governor said the money would reach the drought-hit villages before the summer.\n"
)
ARTICLE_HTML = (
    "<html><head><title>Assembly passes budget</title>"
    '<meta property="article:published_time" content="2025-04-22"></head><body><article>'
    f"<h1>Assembly passes budget</h1><p>{ENGLISH.strip()}</p><p>Opposition members said "
    "they would keep pressing for an audit of earlier spending on the canal network.</p>"
    "</article></body></html>"
)


def by_source(items: list[Document | Failure]) -> dict[str, Document | Failure]:
    return {Path(item.source).name: item for item in items}


def write_warc(path: Path, pages: list[tuple[str, str, bytes]]) -> None:
    """A gzipped WARC with one response record per (uri, content type, body)."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for uri, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], "HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)


# --- plain text and the header block ---------------------------------------------------


def test_ingest_reads_txt_header_as_metadata_and_keeps_it_in_text():
    (doc,) = read([DATA / "harbour_talks.txt"])
    assert isinstance(doc, Document)
    assert doc.format == "text"
    assert doc.title == "Port workers and ministry resume talks"
    assert doc.publisher == "Coastal Herald"
    assert doc.url == "https://example.org/news/port-talks"
    assert doc.published == dt.date(2025, 11, 4)
    assert doc.published_from == "metadata"
    assert doc.text.startswith("published: 2025-11-04\ntitle: Port workers")
    assert doc.text[doc.meta["header_end"] :].startswith("LISBON — Port workers")
    assert doc.meta["header_end"] == 133


def test_ingest_header_date_wins_over_the_published_option():
    (doc,) = read([DATA / "harbour_talks.txt"], published=dt.date(2030, 1, 1))
    assert (doc.published, doc.published_from) == (dt.date(2025, 11, 4), "metadata")


def test_ingest_uses_published_option_when_the_file_has_no_date():
    (doc,) = read([DATA / "no_header.md"], published=dt.date(2025, 2, 10))
    assert (doc.published, doc.published_from) == (dt.date(2025, 2, 10), "option")
    assert "header_end" not in doc.meta


def test_ingest_leaves_published_unknown_rather_than_using_today():
    (doc,) = read([DATA / "no_header.md"])
    assert (doc.published, doc.published_from) == (None, "unknown")


def test_ingest_first_line_with_a_colon_is_not_a_header(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Update: " + ENGLISH, encoding="utf-8")
    (doc,) = read([path])
    assert doc.title is None
    assert "header_end" not in doc.meta


def test_ingest_doc_id_is_a_stable_hash_of_the_text(tmp_path):
    (first,) = read([DATA / "no_header.md"])
    copy = tmp_path / "copy.txt"
    shutil.copy(DATA / "no_header.md", copy)
    (second,) = read([copy])
    assert first.doc_id == second.doc_id
    assert len(first.doc_id) == 16
    assert int(first.doc_id, 16) >= 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_ingest_decodes_text_with_a_byte_order_mark(tmp_path, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes(ENGLISH.encode(encoding))
    (doc,) = read([path])
    assert doc.text == ENGLISH


def test_ingest_reports_latin1_file_with_offset_of_first_bad_byte(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(("Caf\u00e9 owners in the old town said " + ENGLISH).encode("latin-1"))
    (failure,) = read([path])
    assert failure == Failure(
        str(path),
        "ingest",
        "NE004",
        "not valid UTF-8 (first bad byte 0xe9 at offset 3); re-encode the file as UTF-8",
    )


# --- bad inputs never stop a batch -------------------------------------------------------


def test_ingest_counts_each_bad_input_as_failure_and_keeps_other_documents(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(DATA / "harbour_talks.txt", folder / "a_good.txt")
    (folder / "b_binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "c_empty.txt").write_text(" \n\t\n", encoding="utf-8")
    (folder / "d_latin1.txt").write_bytes("Caf\xe9 talks\n".encode("latin-1"))
    shutil.copy(DATA / "broken_page.html", folder / "e_broken.html")
    with (folder / "f_huge.txt").open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, no disk used
    shutil.copy(DATA / "bad_date.txt", folder / "g_bad_date.txt")
    shutil.copy(DATA / "german.txt", folder / "h_german.txt")
    shutil.copy(DATA / "no_header.md", folder / "i_good.md")

    results = by_source(list(read([folder])))

    codes = {
        name: (item.code, item.reason)
        for name, item in results.items()
        if isinstance(item, Failure)
    }
    assert codes == {
        "b_binary.txt": ("NE003", "binary file"),
        "c_empty.txt": ("NE002", "file is empty"),
        "d_latin1.txt": (
            "NE004",
            "not valid UTF-8 (first bad byte 0xe9 at offset 3); re-encode the file as UTF-8",
        ),
        "e_broken.html": ("NE002", "no article text found in HTML"),
        "f_huge.txt": (
            "NE005",
            "file is 52,428,800 bytes, more than the limit of 10,000,000 bytes",
        ),
        "g_bad_date.txt": ("NE006", "cannot read the published date 'Feb 30'; use YYYY-MM-DD"),
        "h_german.txt": (
            "NE007",
            "not English (looks like another language: 0% of 27 lower-case words are common "
            "English words; English text has at least 5%)",
        ),
    }
    assert [n for n, item in results.items() if isinstance(item, Document)] == [
        "a_good.txt",
        "i_good.md",
    ]


def test_ingest_walks_folders_recursively_in_sorted_order_skipping_hidden(tmp_path):
    for name in ("b/z.txt", "a.txt", "b/a.txt", ".hidden/x.txt", "b/.secret.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{name}: " + ENGLISH, encoding="utf-8")
    sources = [Path(item.source).relative_to(tmp_path).as_posix() for item in read([tmp_path])]
    assert sources == ["a.txt", "b/a.txt", "b/z.txt"]


def test_ingest_reports_a_missing_path_and_goes_on(tmp_path):
    missing = tmp_path / "nope.txt"
    items = list(read([missing, DATA / "no_header.md"]))
    assert items[0] == Failure(str(missing), "ingest", "NE008", "no such file or folder")
    assert isinstance(items[1], Document)


def test_ingest_max_bytes_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    (failure,) = read([path], max_bytes=100)
    assert failure.code == "NE005"
    assert failure.reason == "file is 172 bytes, more than the limit of 100 bytes"


def test_ingest_short_foreign_text_is_not_judged_for_language(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("Der Minister sagte am Dienstag nichts.", encoding="utf-8")
    (doc,) = read([path])
    assert isinstance(doc, Document)


def test_ingest_keeps_a_name_dense_english_sentence(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text(
        "Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan, Ugandan "
        "Foreign Minister Jeje Odongo and AU Commission chairman Mahmoud Ali Youssouf in "
        "Nairobi on Monday.",
        encoding="utf-8",
    )
    (doc,) = read([path])
    assert isinstance(doc, Document)


def test_ingest_names_the_script_of_non_latin_text(tmp_path):
    path = tmp_path / "greek.txt"
    path.write_text(
        "Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα για τη στήριξη των αγροτών που επλήγησαν "
        "από την ξηρασία, ενώ η αντιπολίτευση ζήτησε περισσότερη βοήθεια για τα νησιά.",
        encoding="utf-8",
    )
    (failure,) = read([path])
    assert (failure.code, failure.reason) == ("NE007", "not English (looks like Greek script)")


# --- JSONL ---------------------------------------------------------------------------------


def test_ingest_jsonl_broken_lines_fail_alone_and_good_lines_come_out():
    items = list(read([DATA / "batch.jsonl"]))
    summary = [
        (Path(i.source).name, i.doc_id if isinstance(i, Document) else i.code) for i in items
    ]
    assert summary == [
        ("batch.jsonl:1", "cw-001"),
        ("batch.jsonl:2", "NE004"),
        ("batch.jsonl:3", items[2].doc_id),
        ("batch.jsonl:5", "NE006"),
        ("batch.jsonl:6", "NE003"),
        ("batch.jsonl:7", "NE002"),
    ]
    first, third = items[0], items[2]
    assert first.title == "Ceasefire talks open"
    assert first.url == "https://example.org/a/1"
    assert first.publisher == "Lakeside Times"
    assert first.published == dt.date(2025, 5, 8)
    assert first.format == "jsonl"
    assert third.publisher == "Hill Post"
    assert third.published == dt.date(2025, 5, 9)
    assert len(third.doc_id) == 16
    assert items[1].reason == "not valid JSON (Invalid control character at column 71)"
    assert items[3].reason == "cannot read the published date 'sometime soon'; use YYYY-MM-DD"


def test_ingest_sniffs_jsonl_without_an_extension(tmp_path):
    path = tmp_path / "export"
    path.write_text(json.dumps({"id": "x1", "text": ENGLISH}) + "\n", encoding="utf-8")
    (doc,) = read([path])
    assert (doc.format, doc.doc_id) == ("jsonl", "x1")


# --- HTML, feeds, WARC --------------------------------------------------------------------


def test_ingest_html_takes_main_text_and_metadata_from_trafilatura():
    (doc,) = read([DATA / "election_page.html"])
    assert doc.format == "html"
    assert doc.title == "Opposition rejects election timetable"
    assert doc.publisher == "Valley Gazette"
    assert (doc.published, doc.published_from) == (dt.date(2025, 9, 17), "metadata")
    assert doc.text.startswith("Opposition rejects election timetable\nThe main opposition")
    assert "Terms of use" not in doc.text
    assert "Home" not in doc.text


def test_ingest_sniffs_html_without_an_extension(tmp_path):
    path = tmp_path / "page"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    (doc,) = read([path])
    assert (doc.format, doc.published) == ("html", dt.date(2025, 4, 22))


def test_ingest_rss_gives_one_document_per_item_with_html_stripped():
    first, second = read([DATA / "wire.rss"])
    assert Path(first.source).name == "wire.rss#1"
    assert first.format == "rss"
    assert first.title == "Border crossing reopens after floods"
    assert first.url == "https://example.org/news/border-crossing"
    assert first.publisher == "Northern Wire"
    assert first.published == dt.date(2025, 3, 3)
    assert first.text == (
        "The main border crossing between the two countries reopened on Monday after floods "
        "closed the road for a week.\nCustoms officers said trucks would be checked in both "
        "directions."
    )
    assert (
        second.text == "Teachers in the capital will strike on Thursday over pay, their union said."
    )
    assert second.published == dt.date(2025, 3, 4)


def test_ingest_atom_entry_keeps_the_publishers_local_date():
    (doc,) = read([DATA / "agency.atom"])
    assert doc.title == "Ministers sign water-sharing accord"
    assert doc.url == "https://example.org/agency/water-accord"
    assert doc.publisher == "Capital Agency"
    # 22:40 at UTC-4 is already the next day in UTC; the date as published is kept.
    assert doc.published == dt.date(2025, 6, 1)
    assert doc.text.startswith("The water ministers of three neighbouring states")


def test_ingest_warc_reads_html_responses_and_skips_other_records(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            ("https://example.org/budget", "text/html; charset=utf-8", ARTICLE_HTML.encode()),
            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
            ("https://example.org/empty", "text/html", b"<html><body></body></html>"),
        ],
    )
    doc, failure = read([path])
    assert doc.format == "warc"
    assert doc.url == "https://example.org/budget"
    assert doc.title == "Assembly passes budget"
    assert doc.published == dt.date(2025, 4, 22)
    assert doc.source == f"{path}#1"
    assert (failure.source, failure.code) == (f"{path}#3", "NE002")


def test_ingest_sniffs_html_saved_under_a_server_script_extension(tmp_path):
    path = tmp_path / "story.php"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    (doc,) = read([path])
    assert doc.format == "html"


def test_ingest_refuses_other_file_types_found_beside_articles(tmp_path):
    (tmp_path / "notes.yaml").write_text("- id: x\n  name: y\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text(ENGLISH, encoding="utf-8")
    failure, doc = read([tmp_path])
    assert failure.code == "NE003"
    assert failure.reason.startswith("unsupported file type '.yaml' (expected .txt, .md,")
    assert doc.text == ENGLISH


def test_ingest_sniffs_gzipped_warc_without_the_extension(tmp_path):
    path = tmp_path / "crawl.gz"
    write_warc(path, [("https://example.org/b", "text/html", ARTICLE_HTML.encode())])
    (doc,) = read([path])
    assert doc.format == "warc"


def test_ingest_damaged_warc_keeps_records_before_the_damage(tmp_path):
    good = tmp_path / "good.warc.gz"
    write_warc(good, [("https://example.org/b", "text/html", ARTICLE_HTML.encode())])
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(gzip.decompress(good.read_bytes()) + b"this is not a record\r\n\r\n")
    doc, failure = read([damaged])
    assert doc.url == "https://example.org/b"
    assert (failure.source, failure.code) == (str(damaged), "NE003")
    assert failure.reason == (
        "not a readable WARC file after record 1 (Invalid WARC record, first line: this is not "
        "a record)"
    )


# --- helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-28", dt.date(2026, 1, 28)),
        ("2026-01-28T23:30:00-05:00", dt.date(2026, 1, 28)),
        ("Wed, 28 Jan 2026 10:00:00 GMT", dt.date(2026, 1, 28)),
        ("28 January 2026", dt.date(2026, 1, 28)),
        ("January 28, 2026", dt.date(2026, 1, 28)),
        ("2026/01/28", dt.date(2026, 1, 28)),
        ("Feb 30", None),
        ("Feb 30 2026", None),
        ("yesterday-ish", None),
        ("yesterday", None),
    ],
)
def test_ingest_parse_date_reads_absolute_dates_only(value, expected):
    assert parse_date(value) == expected


def test_ingest_from_text_builds_a_document_or_raises_the_input_error():
    doc = from_text(ENGLISH, doc_id="mine", published=dt.date(2025, 1, 2))
    assert (doc.doc_id, doc.source, doc.published_from) == ("mine", "<text>", "option")
    with pytest.raises(EmptyDocument):
        from_text("  \n")
    with pytest.raises(BadDate, match="'soon'"):
        from_text("published: soon\n\n" + ENGLISH)
    with pytest.raises(NotEnglish, match="not English"):
        from_text((DATA / "german.txt").read_text(encoding="utf-8"))


# --- property: arbitrary bytes never raise ------------------------------------------------

SUFFIXES = ["", ".txt", ".md", ".html", ".jsonl", ".xml", ".rss", ".warc", ".warc.gz", ".bin"]
PREFIXES = [
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"<html><body><p>",
    b"<?xml version='1.0'?><rss>",
    b'{"text": "',
    b"WARC/1.0\r\n",
    b"\x1f\x8b\x08\x00",
    b"published: 2025-01-01\n\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from(SUFFIXES),
    prefix=st.sampled_from(PREFIXES),
    data=st.binary(max_size=600) | st.text(max_size=600).map(lambda s: s.encode("utf-8")),
)
def test_ingest_arbitrary_bytes_yield_only_documents_or_failures(suffix, prefix, data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(prefix + data)
        for item in read([path]):
            assert isinstance(item, Document | Failure)
            if isinstance(item, Document):
                cleaned = clean(item)
                assert len(cleaned.body) == len(item.text)
            else:
                assert item.stage == "ingest"
                assert item.code.startswith("NE00")
