"""WARC archives (.warc, .warc.gz): each HTTP response with an HTML body becomes a Document.

The page text comes from the HTML reader. The WARC-Date is when the page was crawled, not
published, so it is never used as the publication date.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsevents.errors import DocumentTooLarge, InputError, UnsupportedFormat
from newsevents.ingest.html import extract
from newsevents.models import Document


def read(path: Path, *, source: str, max_bytes: int) -> Iterator[Document | InputError]:
    """One Document (or failure) per HTML response record, read as a stream."""
    with path.open("rb") as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
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
            detail = " ".join(str(exc).split())
            raise UnsupportedFormat(f"not a readable WARC file ({detail})", source=source) from exc
