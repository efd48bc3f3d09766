"""Every store table as Parquet, JSON Lines or CSV: the columns exactly as stored (the row
layout of ``store/rows.py`` and ``store/schema.sql``), one file per table, written by DuckDB's
COPY so that a table of any size streams to disk. ``merged_events`` (the view of one row per
merged event, with its mention list) comes with them.

Parquet and JSON Lines read back into DuckDB equal to the store's tables; CSV flattens nested
columns (spans, lists) to their text form.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from newsevents.export.writers import atomic, scratch
from newsevents.store import TABLES, EventFilter, Store

# Every table an export may name, in the store's write order, then the merged view.
NAMES: tuple[str, ...] = (*TABLES, "merged_events")
# File suffix and DuckDB COPY format of each tables format.
FORMATS: dict[str, tuple[str, str]] = {
    "parquet": (".parquet", "parquet"),
    "jsonl": (".jsonl", "json"),
    "csv": (".csv", "csv"),
}


def write_table(
    store: Store,
    table: str,
    out: Path | None,
    *,
    format: str,
    filters: EventFilter | None = None,
) -> int:
    """One table to the file ``out`` (atomically) or, for the text formats, standard output
    when ``out`` is None; returns the rows written."""
    _, copy_format = FORMATS[format]
    if out is not None:
        with atomic(out) as temporary:
            return store.copy_table(table, str(temporary), format=copy_format, filters=filters)
    # DuckDB writes files, not streams: through a temporary file to stdout.
    with scratch() as temporary:
        count = store.copy_table(table, str(temporary), format=copy_format, filters=filters)
        with temporary.open(encoding="utf-8") as handle:
            shutil.copyfileobj(handle, sys.stdout)
        sys.stdout.flush()
    return count


def write_all(
    store: Store, folder: Path, *, format: str, filters: EventFilter | None = None
) -> dict[str, Path]:
    """Every table into ``folder`` (created if missing), ``<table><suffix>`` each; returns the
    files by table name."""
    suffix, _ = FORMATS[format]
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in NAMES:
        path = folder / f"{name}{suffix}"
        write_table(store, name, path, format=format, filters=filters)
        written[name] = path
    return written
