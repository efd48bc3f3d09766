"""WARC archives (.warc, .warc.gz): each HTTP response with an HTML body becomes a Document.

The page text comes from the HTML reader. The WARC-Date is when the page was crawled, not
published, so it is never used as the publication date.

Memory is bounded whatever the archive holds: a record body is read up to the size limit, a
header line up to ``LINE_CAP`` (a gzip bomb of zeros is one endless "line"), and an error
message quotes at most a few hundred characters of what it choked on.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from newsevents.errors import DecodeError, DocumentTooLarge, InputError, UnsupportedFormat
from newsevents.ingest.html import extract
from newsevents.models import Document

# WARC and HTTP header lines are short; 64 KB is far above any real one.
LINE_CAP = 65_536
_DETAIL_CAP = 300


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader with two guards it lacks (subclassed, not copied): ``readline`` stops at
    ``LINE_CAP`` bytes, and closing a gzip member that never reached its end marks the archive
    as cut off (warcio ends such an archive quietly, as if it were complete)."""

    truncated = False

    def readline(self, length: Any = None) -> bytes:
        if length == 0:
            return b""
        return super().readline(min(length, LINE_CAP) if length else LINE_CAP)

    def close_decompressor(self) -> None:
        decompressor = self.decompressor
        if decompressor is not None and not getattr(decompressor, "eof", True):
            self.truncated = True
        super().close_decompressor()


def read(path: Path, *, source: str, max_bytes: int) -> Iterator[Document | InputError]:
    """One Document (or failure) per HTML response record, read as a stream."""
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        # warcio builds its reader in __init__ and reads nothing before the first record.
        reader = _BoundedReader(iterator.fh, block_size=iterator.reader.block_size)
        iterator.reader = reader
        number = 0
        try:
            for number, record in enumerate(iterator, start=1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                record_source = f"{source}#{number}"
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield DocumentTooLarge(
                        f"HTML body is more than the limit of {max_bytes:,} bytes",
                        source=record_source,
                    )
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                yield extract(body, source=record_source, url=url, fmt="warc")
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as exc:
            detail = " ".join(str(exc)[: _DETAIL_CAP * 4].split())[:_DETAIL_CAP]
            where = f" after record {number}" if number else ""
            raise UnsupportedFormat(
                f"not a readable WARC file{where} ({detail})", source=source
            ) from exc
        if reader.truncated:
            yield DecodeError(
                f"the archive is cut off after record {number}: the records before the cut "
                "were read, the rest of the file is lost",
                source=f"{source}#{number + 1}",
            )
