"""Writing an export: atomically to a file (a temporary file beside it, then a rename), or to
standard output. Delimited text goes through pyarrow's CSV writer, JSON Lines through ``json``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from newsevents.errors import ExportError


@contextlib.contextmanager
def atomic(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that becomes ``target`` only if the block succeeds,
    so a reader never sees half an export and a failed export leaves the old file alone."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from None
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A scratch file in the temporary folder, removed afterwards (for DuckDB, which writes
    files, to reach standard output)."""
    fd, name = tempfile.mkstemp(prefix=".newsevents-export.")
    os.close(fd)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def delimited(table: pa.Table, *, delimiter: str, header: bool) -> bytes:
    """The table as delimited UTF-8 text; nulls are empty fields. CSV quotes its text fields;
    tab-separated output (GDELT, POLECAT) has no quoting, as those files have none, so a tab or
    line break inside a text field becomes a space and a double quote a single one (pyarrow,
    like most TSV readers, takes a bare double quote for the start of a quoted field)."""
    tabs = delimiter == "\t"
    if tabs:
        table = _flatten_whitespace(table)
    sink = pa.BufferOutputStream()
    options = pa_csv.WriteOptions(
        # pyarrow quotes a header's names whatever the quoting style: a TSV's is written here.
        include_header=header and not tabs,
        delimiter=delimiter,
        quoting_style="none" if tabs else "needed",
    )
    pa_csv.write_csv(table, sink, write_options=options)
    body = sink.getvalue().to_pybytes()
    if header and tabs:
        return ("\t".join(table.column_names) + "\n").encode("utf-8") + body
    return body


def _flatten_whitespace(table: pa.Table) -> pa.Table:
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type):
            column = pc.replace_substring_regex(column, pattern=r"[\t\r\n]", replacement=" ")
            column = pc.replace_substring(column, pattern='"', replacement="'")
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


def json_line(record: Any) -> str:
    """One JSON Lines record. U+2028/U+2029 are escaped: valid inside JSON strings, but many
    line readers split on them, which would cut a record."""
    text = json.dumps(record, ensure_ascii=False, default=str)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"


def write_bytes(data: bytes, out: Path | None) -> None:
    """``data`` to the file ``out`` (atomically), or to standard output when ``out`` is None."""
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    with atomic(out) as temporary:
        temporary.write_bytes(data)


def write_lines(records: Iterable[Any], out: Path | None) -> int:
    """Records as JSON Lines to ``out`` (atomically) or standard output; returns the count."""
    count = 0
    if out is None:
        for record in records:
            sys.stdout.write(json_line(record))
            count += 1
        sys.stdout.flush()
        return count
    with atomic(out) as temporary, temporary.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json_line(record))
            count += 1
    return count
