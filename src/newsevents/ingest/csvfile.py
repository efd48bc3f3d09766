"""CSV files (.csv): one article per row, its text in a named column (``text`` by default,
``run --text-column NAME``), its metadata in the columns a JSONL line has (id, title, url,
published, publisher/source), mapped by ``jsonl.document_from_record``.

The header row is required. A row without text fails on its own; a broken file (not UTF-8, a
field over the size limit) stops at that row, with the rows before it kept.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from newsevents.errors import (
    DecodeError,
    DocumentTooLarge,
    EmptyDocument,
    InputError,
    MissingColumn,
)
from newsevents.ingest.jsonl import document_from_record
from newsevents.models import Document


def read(
    path: Path, *, source: str, max_bytes: int, text_column: str = "text"
) -> Iterator[Document | InputError]:
    """One Document (or failure) per data row, read as a stream."""
    # The csv module refuses fields over 128 KiB by default; an article may be longer. The
    # limit is process-wide, so it is only ever raised.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            if not reader.fieldnames:
                raise EmptyDocument("the CSV file has no header row", source=source)
            if text_column not in reader.fieldnames:
                raise MissingColumn(
                    f"no column {text_column!r} (the columns are {', '.join(reader.fieldnames)}); "
                    "name the text column with --text-column",
                    source=source,
                )
            while True:
                line = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                row_source = f"{source}:{line}"
                text = row.get(text_column)
                if isinstance(text, str) and len(text) > max_bytes:
                    yield DocumentTooLarge(
                        f"the {text_column!r} field is {len(text):,} characters, more than the "
                        f"limit of {max_bytes:,}",
                        source=row_source,
                    )
                    continue
                yield document_from_record(row, row_source, line, fmt="csv", text_field=text_column)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not valid UTF-8 (first bad byte 0x{exc.object[exc.start]:02x}); re-encode the "
            "file as UTF-8",
            source=source,
        ) from None
    except csv.Error as exc:
        raise DecodeError(f"not a readable CSV file ({exc})", source=source) from None
