"""The state of ``newsevents watch`` (tables ``watch_sources`` and ``watch_items``, declared in
``schema.sql``): what each watched source held at its last pass. Each pass's state is written
in one transaction after its documents are stored, so a killed pass loses at most the note
that some stored documents were seen, and the next pass finds them stored by their ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from newsevents.store.connection import StoreConnection, _broken, _rollback


@dataclass(frozen=True, slots=True)
class WatchState:
    """What a watched source held: its validators and the items done with."""

    etag: str | None = None
    last_modified: str | None = None
    passes: int = 0
    items: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class SeenItem:
    """An item done with: stored as ``doc_id``, or refused for good with ``code``."""

    source: str
    item: str
    doc_id: str | None = None
    code: str | None = None


class WatchMixin(StoreConnection):
    """Reading and writing the state of ``newsevents watch``."""

    def watch_state(self, source: str) -> WatchState:
        con = self.connection
        try:
            row = con.execute(
                "SELECT etag, last_modified, passes FROM watch_sources WHERE source = $s",
                {"s": source},
            ).fetchone()
            items = con.execute(
                "SELECT item FROM watch_items WHERE source = $s", {"s": source}
            ).fetchall()
        except duckdb.Error as exc:
            raise _broken(self.path, exc, "read") from exc
        etag, last_modified, passes = row if row else (None, None, 0)
        return WatchState(etag, last_modified, passes, frozenset(i for (i,) in items))

    def record_watch(
        self,
        seen: Iterable[SeenItem],
        passed: Iterable[str],
        validators: dict[str, tuple[str | None, str | None]],
    ) -> None:
        """Note, in one transaction, the items done with, a pass over each source of
        ``passed``, and the validators of the sources whose every new item is done with."""
        con = self._writable()
        items = list(seen)
        table = pa.table(
            {
                "source": pa.array([i.source for i in items], pa.string()),
                "item": pa.array([i.item for i in items], pa.string()),
                "doc_id": pa.array([i.doc_id for i in items], pa.string()),
                "code": pa.array([i.code for i in items], pa.string()),
            }
        )
        sources = list(passed)
        con.begin()
        try:
            con.register("_ne_seen", table)
            try:
                con.execute(
                    "INSERT INTO watch_items (source, item, doc_id, code) "
                    "SELECT source, item, doc_id, code FROM _ne_seen ON CONFLICT DO NOTHING"
                )
            finally:
                con.unregister("_ne_seen")
            for source in sources:
                con.execute(
                    "INSERT INTO watch_sources (source, passes, last_pass) VALUES ($s, 1, now()) "
                    "ON CONFLICT (source) DO UPDATE SET passes = watch_sources.passes + 1, "
                    "last_pass = now()",
                    {"s": source},
                )
            for source, (etag, last_modified) in validators.items():
                con.execute(
                    "UPDATE watch_sources SET etag = $e, last_modified = $m WHERE source = $s",
                    {"s": source, "e": etag, "m": last_modified},
                )
            con.commit()
        except duckdb.Error as exc:
            _rollback(con)
            raise _broken(self.path, exc, "write") from exc
        except BaseException:
            _rollback(con)
            raise
