"""Bytes to Documents: ``read(inputs)`` walks files and folders and yields, for every article,
a ``Document`` or a ``Failure`` that says why it was skipped. It never raises for a bad input.

One reader module per format (``text``, ``html``, ``jsonl``, ``csvfile``, ``parquet``,
``feeds``, ``warc``) turns bytes into draft Documents, and ``web`` does the same for http(s)
URLs (a feed's entries or one page, fetched politely by ``fetch``); this module picks the
reader (by extension, else by sniffing the first bytes) and applies the rules common to every
format: empty and non-English texts are refused, the publication date is parsed (metadata
first, then the caller's ``published``, never today), and the ``doc_id`` defaults to a hash of
the text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import functools
import hashlib
import logging
import re
import unicodedata
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path

import dateparser

from newsevents.errors import (
    BadDate,
    DocumentTooLarge,
    EmptyDocument,
    InputError,
    NotEnglish,
    Unreadable,
    UnsupportedFormat,
)
from newsevents.ingest import csvfile, feeds, html, jsonl, parquet, paths, text, warc, web
from newsevents.ingest.fetch import Fetcher, is_url
from newsevents.lexicon import data_file
from newsevents.models import SOURCE_CAP, Document, Failure, printable
from newsevents.settings import WebSettings

__all__ = ["from_text", "parse_date", "read"]

STAGE = "ingest"

log = logging.getLogger("newsevents")

_EXTENSIONS = {
    ".txt": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".csv": "csv",
    ".pq": "parquet",
}

# Readers of a whole file's bytes; the size limit applies to the file.
_WHOLE_FILE: dict[str, Callable[..., Iterator[Document | InputError]]] = {
    "text": text.read,
    "html": html.read,
    "feed": feeds.read,
}
# Readers that stream many documents; the size limit applies to each line or record.
_STREAMING: dict[str, Callable[..., Iterator[Document | InputError]]] = {
    "jsonl": jsonl.read,
    "warc": warc.read,
    "csv": csvfile.read,
    "parquet": parquet.read,
}
# Streaming readers of tables, which take the name of the text column.
_TABULAR = frozenset({"csv", "parquet"})

_EXTENSION = re.compile(r"\.[a-z][a-z0-9]{0,5}")
_HTML_TAG = re.compile(rb"<(!doctype html|html|head|body|article|div|p)[\s>/]")

# Dates in metadata are absolute: relative phrases ("yesterday") would be read against today.
_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}

_WORD = re.compile(r"[^\W\d_]+")
# Lone surrogates no UTF-8 store can hold, and NUL, which DuckDB cuts a string at (an id
# "\u0000" came back as "").
_SURROGATE = re.compile("[\x00\ud800-\udfff]")
# Fewer word tokens than this and the language is not judged (headlines, captions).
MIN_WORDS_FOR_LANGUAGE = 20
# Share of lower-case tokens that must be common English words. English news prose scores
# 0.25-0.4 and even a single name-dense sentence stays above 0.10; text in other languages
# scores close to 0 because the list leaves out words those languages share with English.
# Dropping an English article costs more than keeping a foreign one, so the bar is low.
MIN_ENGLISH_SHARE = 0.05
_LANGUAGE_SAMPLE = 20_000
METADATA_CAP = 2_000


def read(
    inputs: Iterable[str | Path] | str | Path,
    *,
    published: dt.date | None = None,
    max_bytes: int = 10_000_000,
    text_column: str = "text",
    web_settings: WebSettings | None = None,
    fetcher: Fetcher | None = None,
    skip: Collection[Path] = (),
) -> Iterator[Document | Failure]:
    """Documents from files and folders (walked recursively in sorted order, hidden files
    skipped) and from http(s) URLs (fetched with ``fetcher``, else one made from
    ``web_settings`` for this call), with a ``Failure`` in place of every input that cannot be
    used. ``text_column`` names the column of CSV and Parquet files that holds the text.

    Files in ``skip`` (resolved paths) are not inputs at all: a run's own store and its
    ``.wal`` inside a folder it reads are neither documents nor failures."""
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    own: Fetcher | None = None
    try:
        for item in inputs:
            if is_url(item):
                if fetcher is None:
                    fetcher = own = Fetcher(web_settings)
                yield from read_url(str(item), fetcher, published)
                continue
            yield from _read_path(item, published, max_bytes, text_column, skip)
    finally:
        if own is not None:
            own.close()


def read_url(url: str, fetcher: Fetcher, published: dt.date | None) -> Iterator[Document | Failure]:
    """The documents of one feed or page URL, with a ``Failure`` for each that cannot be used."""
    source = printable(url, SOURCE_CAP)
    try:
        yield from _finished(web.read(url, fetcher), published, source, "web")
    except InputError as exc:
        yield _failure(exc, source)
    except Exception as exc:
        yield reader_failure(exc, source, "web")


def reader_failure(exc: Exception, source: str, kind: str) -> Failure:
    """The Failure for a reader (or a parser library under it) raising something other than an
    ``InputError`` on hostile input: it costs that input only, never the run."""
    log.debug("reading %s failed", source, exc_info=True)
    return Failure(source, STAGE, InputError.code, f"the {kind} reader failed: {_describe(exc)}")


def finish(
    item: Document | InputError, published: dt.date | None, source: str
) -> Document | Failure:
    """A reader's draft Document made whole under the rules every format shares, or the
    ``Failure`` for it (for readers driven from outside, as ``newsevents watch`` does)."""
    if isinstance(item, Document):
        item = _finish_safely(item, published)
    return _failure(item, source) if isinstance(item, InputError) else item


def _read_path(
    item: str | Path,
    published: dt.date | None,
    max_bytes: int,
    text_column: str,
    skip: Collection[Path] = (),
) -> Iterator[Document | Failure]:
    for file in paths.files(item):
        if isinstance(file, InputError):
            yield _failure(file, file.source or paths.source_name(item))
            continue
        if skip and file.resolve() in skip:
            continue
        try:
            yield from _read_file(file, published, max_bytes, text_column)
        except Exception as exc:  # noqa: BLE001 - a reader must never end the stream
            log.warning("reading %s failed: %s", file, _describe(exc))
            log.debug("reading %s failed", file, exc_info=True)
            yield Failure(
                paths.source_name(file),
                STAGE,
                InputError.code,
                f"cannot read: {_describe(exc)}",
            )


def parse_date(value: str) -> dt.date | None:
    """The calendar date of an absolute date string (ISO 8601, RFC 2822, "28 January 2026",
    "Jan 28, 2026", ...), as written (no time-zone conversion); None if it is not one."""
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        parsed = dateparser.parse(value, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


def _read_file(
    path: Path, published: dt.date | None, max_bytes: int, text_column: str = "text"
) -> Iterator[Document | Failure]:
    source = paths.source_name(path)
    kind = "file"  # until the reader is known
    try:
        with path.open("rb") as stream:
            head = stream.read(text.SNIFF_BYTES)
        kind = _kind(path, head, source)
        if kind in _TABULAR:
            items = _STREAMING[kind](
                path, source=source, max_bytes=max_bytes, text_column=text_column
            )
        elif kind in _STREAMING:
            items = _STREAMING[kind](path, source=source, max_bytes=max_bytes)
        else:
            size = path.stat().st_size
            if size > max_bytes:
                raise DocumentTooLarge(
                    f"file is {size:,} bytes, more than the limit of {max_bytes:,} bytes",
                    source=source,
                )
            if text.looks_binary(head):
                raise UnsupportedFormat("binary file", source=source)
            data = path.read_bytes()
            if not data.strip():
                raise EmptyDocument("file is empty", source=source)
            items = _WHOLE_FILE[kind](data, source=source)
        yield from _finished(items, published, source, kind)
    except InputError as exc:
        yield _failure(exc, source)
    except OSError as exc:
        yield Failure(
            source, STAGE, Unreadable.code, f"cannot read the file ({exc.strerror or exc})"
        )
    except Exception as exc:
        # A parser library (trafilatura, feedparser, lxml, warcio) failing on hostile bytes must
        # cost this file only, not the run; the rest of a streamed file is lost with it.
        # The traceback is for --verbose logs, not the terminal: the failure row says it all.
        yield reader_failure(exc, source, kind)


def _finished(
    items: Iterable[Document | InputError], published: dt.date | None, source: str, kind: str
) -> Iterator[Document | Failure]:
    count = 0
    for item in items:
        count += 1
        yield finish(item, published, source)
    if count == 0:
        # A JSONL file of blank lines or a WARC without HTML pages: say so, never skip quietly.
        raise EmptyDocument(
            f"no {kind} records in the {'URL' if kind == 'web' else 'file'}", source=source
        )


def _kind(path: Path, head: bytes, source: str) -> str:
    """The reader for a file: by extension, else by what its first bytes look like."""
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".parquet"):
        return "parquet"  # longer than the extensions the pattern below takes
    # "report.2026-01-28" has no extension, only a dot in its name.
    suffix = path.suffix.lower() if _EXTENSION.fullmatch(path.suffix.lower()) else ""
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\x1f\x8b"):
        # Peek inside gzip: a compressed WARC is the one compressed input we read.
        try:
            inner = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
        except zlib.error:
            inner = b""
        if inner.startswith(b"WARC/"):
            return "warc"
        raise UnsupportedFormat("binary file (gzip-compressed)", source=source)
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:2048].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"<"):
        if feeds.looks_like_feed(start):
            return "feed"
        if _HTML_TAG.search(start):
            return "html"
    if suffix:
        # A .yaml, .csv or .pdf beside the articles is not an article: say so, don't guess.
        raise UnsupportedFormat(
            f"unsupported file type {suffix!r} (expected .txt, .md, .html, .jsonl, .csv, "
            ".parquet, .xml, .rss, .atom, .warc or .warc.gz)",
            source=source,
        )
    return "jsonl" if start.startswith(b"{") else "text"


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


def _finish_safely(doc: Document, published: dt.date | None) -> Document | InputError:
    try:
        return _finish(doc, published)
    except Exception as exc:
        # dateparser and friends raise more than ValueError on strange strings.
        log.debug("checking %s failed", doc.source, exc_info=True)
        return InputError(f"cannot check the document: {_describe(exc)}", source=doc.source)


def _failure(exc: InputError, source: str) -> Failure:
    return Failure(exc.source or source, STAGE, exc.code, exc.message, doc_id=exc.doc_id)


def _finish(doc: Document, published: dt.date | None) -> Document | InputError:
    """Apply the rules every format shares; a draft Document in, a Document or Failure out."""
    doc = _without_surrogates(doc)
    body = doc.text[doc.meta.get("header_end", 0) :]
    if not body.strip():
        return EmptyDocument("document has no text", source=doc.source)
    language = _not_english(body)
    if language:
        return NotEnglish(f"not English (looks like {language})", source=doc.source)
    raw_date = doc.meta.get("published_raw")
    if raw_date:
        date = parse_date(str(raw_date))
        if date is None:
            return BadDate(
                f"cannot read the published date {str(raw_date)!r}; use YYYY-MM-DD",
                source=doc.source,
            )
        published_from = "metadata"
    else:
        date = published
        published_from = "option" if published else "unknown"
    doc_id = doc.doc_id or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16]
    return dataclasses.replace(doc, doc_id=doc_id, published=date, published_from=published_from)


def _without_surrogates(doc: Document) -> Document:
    """The document with each unpaired surrogate (JSON's "\\ud800", which no UTF-8 store can
    hold) and each NUL replaced by U+FFFD: one character for one, so no offset moves; and its
    metadata capped at ``METADATA_CAP`` characters."""
    fields = {
        name: _SURROGATE.sub("\ufffd", value)
        for name in ("doc_id", "text", "title", "url", "publisher")
        if isinstance(value := getattr(doc, name), str) and _SURROGATE.search(value)
    }
    # Metadata from outside is capped (the text is capped by the size limit): a 5 MB "title"
    # would otherwise fill every listing and export.
    fields |= {
        name: printable(value, METADATA_CAP)
        for name in ("doc_id", "title", "url", "publisher")
        if isinstance(value := fields.get(name, getattr(doc, name)), str)
        and len(value) > METADATA_CAP
    }
    if not fields:
        return doc
    meta = {**doc.meta, "repaired": sorted(fields)}
    return dataclasses.replace(doc, **fields, meta=meta)


@functools.cache
def _english_words() -> frozenset[str]:
    lines = data_file("clean/english_function_words.txt").read_text(encoding="utf-8")
    return frozenset(
        w.strip().lower() for w in lines.splitlines() if w.strip() and not w.startswith("#")
    )


def _not_english(body: str) -> str | None:
    """What a text looks like if it is clearly not English, else None (English or too short)."""
    sample = body[:_LANGUAGE_SAMPLE]
    words = _WORD.findall(sample)
    script = None if sample.isascii() else _main_script(words)
    if script and script != "LATIN":
        # Scripts written without spaces give few "words": judge them by length instead.
        letters = sum(len(w) for w in words)
        if len(words) >= MIN_WORDS_FOR_LANGUAGE or letters >= 3 * MIN_WORDS_FOR_LANGUAGE:
            return f"{script.title()} script"
        return None
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return None
    english = _english_words()
    hits = sum(w.lower() in english for w in words)
    # Capitalised words are mostly names, which say nothing about the language: count only
    # lower-case words, plus list words written with a capital ("The" opening a sentence).
    counted = hits + sum(w.islower() and w not in english for w in words)
    if not counted:
        return None
    share = hits / counted
    if share < MIN_ENGLISH_SHARE:
        return (
            f"another language: {share:.0%} of {counted} lower-case words are common English "
            f"words; English text has at least {MIN_ENGLISH_SHARE:.0%}"
        )
    return None


def _main_script(words: list[str]) -> str | None:
    """The Unicode script of most letters (LATIN, CYRILLIC, ARABIC, CJK, ...)."""
    counts: dict[str, int] = {}
    for word in words:
        for ch in word:
            script = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def from_text(
    body: str,
    *,
    source: str = "<text>",
    doc_id: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
) -> Document:
    """A Document from a string held in memory, under the same rules as a ``.txt`` file.

    Raises the ``InputError`` that ``read`` would have reported as a Failure.
    """
    draft = text.to_document(body, source=source)
    draft = dataclasses.replace(draft, doc_id=doc_id or "", title=draft.title or title)
    result = _finish(draft, published)
    if isinstance(result, InputError):
        raise result
    return result
