"""Plain text files (.txt, .md, no extension): decoding, binary sniffing and the header block.

A text file may start with header lines such as ``published: 2026-01-28`` or ``title: ...``
followed by a blank line. They are metadata, but ``Document.text`` keeps them (text is never
rewritten); ``meta["header_end"]`` tells cleaning how much of the text to mask.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from newsevents.errors import DecodeError, InputError
from newsevents.models import Document

SNIFF_BYTES = 8192

# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls other than tab, line feed, form feed and carriage return, plus DEL.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"

_HEADER_LINE = re.compile(r"(published|date|title|source|publisher|url)[ \t]*:[ \t]*(\S.*)", re.I)


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of ``data``, if there is one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def looks_binary(head: bytes) -> bool:
    """NUL bytes, or more than 10% control characters, in the first bytes of a file."""
    head = head[:SNIFF_BYTES]
    if not head or bom_encoding(head):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls > len(head) // 10


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8, or UTF-8/16/32 with a byte-order mark (which is dropped)."""
    encoding = bom_encoding(data)
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        name = "UTF-8" if encoding in (None, "utf-8-sig") else encoding.upper()
        raise DecodeError(
            f"not valid {name} (first bad byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-encode the file as UTF-8",
            source=source,
        ) from exc


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """Header fields at the very top of ``text`` and the offset where the body starts.

    Only a run of ``key: value`` lines closed by a blank line counts, so an article whose first
    line merely contains a colon is not mistaken for a header.
    """
    fields: dict[str, str] = {}
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.strip():
            return (fields, offset + len(line)) if fields else ({}, 0)
        match = _HEADER_LINE.fullmatch(line.rstrip("\r\n").strip())
        if not match:
            return {}, 0
        fields[match.group(1).lower()] = match.group(2).strip()
        offset += len(line)
    return {}, 0


def to_document(text: str, *, source: str) -> Document:
    """A draft Document for a decoded text, its header block parsed into metadata."""
    header, header_end = parse_header(text)
    meta: dict[str, object] = {}
    if header_end:
        meta["header"] = header
        meta["header_end"] = header_end
    published = header.get("published", header.get("date"))
    if published:
        meta["published_raw"] = published
    return Document(
        doc_id="",
        text=text,
        source=source,
        format="text",
        title=header.get("title"),
        url=header.get("url"),
        publisher=header.get("publisher", header.get("source")),
        meta=meta,
    )


def read(data: bytes, *, source: str) -> Iterator[Document | InputError]:
    """One Document from a whole text file (already checked for size and binary content)."""
    yield to_document(decode(data, source), source=source)
