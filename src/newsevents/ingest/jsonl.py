"""JSON Lines (.jsonl, .ndjson): one article object per line.

Fields: ``text`` (required), ``id``, ``title``, ``url``, ``published`` (or ``date``),
``publisher`` (or ``source``). A broken line fails on its own; the other lines still count.
``document_from_record`` is the one mapping of such fields to a Document: the CSV and Parquet
readers use it for their rows too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from newsevents.errors import (
    DecodeError,
    DocumentTooLarge,
    EmptyDocument,
    InputError,
    UnsupportedFormat,
)
from newsevents.models import Document


def _string(value: Any) -> str | None:
    """A scalar field as a string; absent, empty or structured values count as missing."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


# The fields a record may have; the others are ignored.
FIELDS = ("text", "id", "title", "url", "published", "date", "publisher", "source")


def document_from_record(
    obj: Any, source: str, line: int, *, fmt: str = "jsonl", text_field: str = "text"
) -> Document | InputError:
    """The Document of one record (a JSON object, a CSV or Parquet row): its text in
    ``text_field``, its metadata in the other ``FIELDS``."""
    if not isinstance(obj, dict):
        return UnsupportedFormat(
            f"expected a JSON object on each line, got {type(obj).__name__}", source=source
        )
    text = obj.get(text_field)
    if not isinstance(text, str) or not text.strip():
        return EmptyDocument(f"the {text_field!r} field is missing or empty", source=source)
    meta: dict[str, object] = {"line": line}
    published = obj.get("published", obj.get("date"))
    if published not in (None, ""):
        meta["published_raw"] = str(published)
    return Document(
        doc_id=_string(obj.get("id")) or "",
        text=text,
        source=source,
        format=fmt,
        title=_string(obj.get("title")),
        url=_string(obj.get("url")),
        publisher=_string(obj.get("publisher")) or _string(obj.get("source")),
        meta=meta,
    )


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[bytes, int]]:
    """Each line and its length in bytes; a line over ``max_bytes`` comes back empty, read past
    in blocks, so one giant line costs a block of memory, not its size."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        size = len(line)
        if size > max_bytes and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(_SKIP_BLOCK)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            line = b""
        yield line, size


_SKIP_BLOCK = 1 << 20


def read(path: Path, *, source: str, max_bytes: int) -> Iterator[Document | InputError]:
    """One Document (or failure) per non-blank line, read as a stream."""
    with path.open("rb") as stream:
        for number, (raw, size) in enumerate(_lines(stream, max_bytes), start=1):
            line_source = f"{source}:{number}"
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if size > max_bytes:
                yield DocumentTooLarge(
                    f"line is {size:,} bytes, more than the limit of {max_bytes:,} bytes",
                    source=line_source,
                )
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield DecodeError(
                    f"not valid UTF-8 (first bad byte 0x{raw[exc.start]:02x} at offset "
                    f"{exc.start} of the line); re-encode the file as UTF-8",
                    source=line_source,
                )
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield DecodeError(
                    f"not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})",
                    source=line_source,
                )
                continue
            yield document_from_record(obj, line_source, number)
