"""Parquet files (.parquet): one article per row, its text in a string column (``text`` by
default, ``run --text-column NAME``), its metadata in the columns a JSONL line has, mapped by
``jsonl.document_from_record``. Read by pyarrow in batches of rows, only the columns used.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsevents.errors import DocumentTooLarge, InputError, MissingColumn, UnsupportedFormat
from newsevents.ingest.jsonl import FIELDS, document_from_record
from newsevents.models import Document

_BATCH_ROWS = 256


def read(
    path: Path, *, source: str, max_bytes: int, text_column: str = "text"
) -> Iterator[Document | InputError]:
    """One Document (or failure) per row."""
    try:
        file = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise UnsupportedFormat(f"not a readable Parquet file ({exc})", source=source) from None
    names = file.schema_arrow.names
    if text_column not in names:
        raise MissingColumn(
            f"no column {text_column!r} (the columns are {', '.join(names)}); name the text "
            "column with --text-column",
            source=source,
        )
    columns = [text_column, *(n for n in FIELDS if n in names and n != text_column)]
    number = 0
    try:
        for batch in file.iter_batches(batch_size=_BATCH_ROWS, columns=columns):
            for row in batch.to_pylist():
                number += 1
                row_source = f"{source}:{number}"
                text = row.get(text_column)
                if isinstance(text, str) and len(text) > max_bytes:
                    yield DocumentTooLarge(
                        f"the {text_column!r} field is {len(text):,} characters, more than the "
                        f"limit of {max_bytes:,}",
                        source=row_source,
                    )
                    continue
                yield document_from_record(
                    row, row_source, number, fmt="parquet", text_field=text_column
                )
    except pa.ArrowException as exc:
        raise UnsupportedFormat(
            f"the Parquet file breaks off after row {number} ({exc})", source=source
        ) from None
