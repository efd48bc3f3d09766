"""Writing: runs, batches of records and failures, and the digests a run checks first.

Writes are idempotent. A batch is converted to one Arrow table per record type (``rows``), and
each table is inserted with a single ``INSERT ... SELECT`` that skips documents already stored
(anti-join) and any remaining duplicate key (``ON CONFLICT DO NOTHING``). The ``documents`` row
is written in the same transaction as the document's actors, events, quotes and places, so a
document is either stored whole or not at all, and a killed run resumes without adding anything
twice. The same transaction links the batch into stories and re-merges its events
(``stories``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator, Sequence

import duckdb
import pyarrow as pa

from newsevents.errors import StoreError
from newsevents.models import SOURCE_CAP, Document, Extraction, Failure, printable
from newsevents.store.connection import _broken, _is_broken, _rollback
from newsevents.store.rows import CHILD_TABLES, RECODED_COLUMNS, _batch_tables, document_from_row
from newsevents.store.stories import StoriesMixin


class WritesMixin(StoriesMixin):
    """Recording runs, and writing batches of records and failures, one transaction each."""

    # -- runs ------------------------------------------------------------------------------

    def start_run(self, argv: list[str]) -> str:
        """Record the start of a run and return its id (sortable by start time)."""
        con = self._writable()
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        run_id = f"{stamp}-{uuid.uuid4().hex[:8]}"
        try:
            con.execute(
                "INSERT INTO runs (id, argv) VALUES ($id, $argv)",
                {"id": run_id, "argv": [printable(a, SOURCE_CAP) for a in argv]},
            )
        except duckdb.Error as exc:
            raise _broken(self.path, exc, "write") from exc
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, int]) -> None:
        con = self._writable()
        try:
            updated = con.execute(
                "UPDATE runs SET finished = now(), "
                "counts = MAP($keys::VARCHAR[], $values::BIGINT[]) WHERE id = $id",
                {"id": run_id, "keys": list(counts), "values": list(counts.values())},
            ).fetchone()
        except duckdb.Error as exc:
            raise _broken(self.path, exc, "write") from exc
        if not updated or updated[0] == 0:
            raise StoreError(f"store {self.path} has no run {run_id!r}")

    # -- writing ---------------------------------------------------------------------------

    def known(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of ``doc_ids`` are already stored (a re-run skips them)."""
        return set(self.digests(doc_ids))

    def digests(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The SHA-256 (hex) of the stored text of each of ``doc_ids`` that is stored: a new
        document with a stored id and another text is a clash, not a copy."""
        con = self.connection
        ids = pa.table({"doc_id": pa.array(list(doc_ids), pa.string())})
        try:
            con.register("_ne_known", ids)
            try:
                rows = con.execute(
                    "SELECT DISTINCT d.doc_id, sha256(d.text) FROM documents AS d "
                    "JOIN _ne_known AS k ON d.doc_id = k.doc_id"
                ).fetchall()
            finally:
                con.unregister("_ne_known")
        except duckdb.Error as exc:
            raise _broken(self.path, exc, "read") from exc
        return dict(rows)

    def write(
        self,
        extractions: Sequence[Extraction],
        failures: Sequence[Failure] = (),
        run_id: str | None = None,
    ) -> int:
        """Store one batch in one transaction and return how many documents it added.

        Documents already in the store are skipped whole (with all their child rows), so
        writing the same batch twice adds nothing. If anything fails, nothing is stored.
        """
        con = self._writable()
        try:
            tables = _batch_tables(extractions, failures, run_id)
        except (pa.ArrowException, UnicodeError, OverflowError) as exc:
            # A value Arrow cannot hold is the document's fault, not the store's.
            raise StoreError(
                f"cannot convert the batch for store {self.path}: {exc}; nothing from this "
                "batch was stored"
            ) from exc
        try:
            self._prepare_bands()
        except duckdb.Error as exc:
            raise _broken(self.path, exc, "prepare") from exc
        con.begin()
        try:
            for name in CHILD_TABLES:
                self._insert(name, tables[name])
            added = self._insert("documents", tables["documents"])
            self._clear_failures(tables["documents"])
            self._insert("failures", tables["failures"])
            self._link(tables["documents"].column("doc_id"))
            con.commit()
        except duckdb.Error as exc:
            _rollback(con)
            if _is_broken(exc):
                raise _broken(self.path, exc, "write") from exc
            raise StoreError(
                f"cannot write batch to store {self.path}: {exc}; nothing from this batch "
                "was stored"
            ) from exc
        except BaseException:
            _rollback(con)
            raise
        return added

    # -- recoding ----------------------------------------------------------------------------

    def stored_documents(self, batch: int = 256) -> Iterator[Document]:
        """Every stored document, rebuilt from its row, in doc_id order; read ``batch`` at a
        time (keyset pages), so that writes between pages are safe and memory stays flat."""
        con = self.connection
        after = ""
        while True:
            cursor = con.execute(
                "SELECT * EXCLUDE (signature) FROM documents WHERE doc_id > $after "
                "ORDER BY doc_id LIMIT $n",
                {"after": after, "n": batch},
            )
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            if not rows:
                return
            yield from (document_from_row(row) for row in rows)
            after = rows[-1]["doc_id"]

    def replace(self, extractions: Sequence[Extraction], run_id: str | None = None) -> int:
        """Replace the stored extractions of already stored documents with ``extractions``
        (a recode), in one transaction; returns how many documents were replaced.

        The documents keep their ids, texts and stories; their actors, events, quotes and
        places are deleted and written anew, their publication date and cleaning results
        updated, and every merge group that held an old or holds a new event of theirs is
        merged again, so merged ids stay the least member ids and nothing points at an
        event that is gone. Documents not in the store are left out (``write`` adds them).
        """
        con = self._writable()
        try:
            tables = _batch_tables(extractions, [], run_id)
        except (pa.ArrowException, UnicodeError, OverflowError) as exc:
            raise StoreError(
                f"cannot convert the batch for store {self.path}: {exc}; nothing was replaced"
            ) from exc
        documents = tables["documents"]
        stored = self.known(documents.column("doc_id").to_pylist())
        if not stored:
            return 0
        ids = pa.table({"doc_id": pa.array(sorted(stored), pa.string())})
        con.begin()
        try:
            con.register("_ne_recode", ids)
            # Documents sharing a merged event with these: their groups lose members.
            neighbours = con.execute(
                "SELECT DISTINCT doc_id FROM events WHERE merged_id IN (SELECT merged_id FROM "
                "events WHERE doc_id IN (SELECT doc_id FROM _ne_recode))"
            ).fetchall()
            for name in CHILD_TABLES:
                con.execute(f"DELETE FROM {name} WHERE doc_id IN (SELECT doc_id FROM _ne_recode)")
            for name in CHILD_TABLES:
                self._insert_rows(name, tables[name])
            con.unregister("_ne_recode")
            self._update("documents", "doc_id", documents.select(["doc_id", *RECODED_COLUMNS]))
            self._merge_groups(sorted(stored | {row[0] for row in neighbours}))
            con.commit()
        except duckdb.Error as exc:
            _rollback(con)
            if _is_broken(exc):
                raise _broken(self.path, exc, "write") from exc
            raise StoreError(
                f"cannot recode a batch in store {self.path}: {exc}; nothing from this batch "
                "was replaced"
            ) from exc
        except BaseException:
            _rollback(con)
            raise
        return len(stored)

    def _insert_rows(self, name: str, table: pa.Table) -> None:
        """Insert the rows of ``table`` as they are (``replace`` has cleared their keys)."""
        view = f"_ne_rows_{name}"
        self.connection.register(view, table)
        try:
            self.connection.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {view}")
        finally:
            self.connection.unregister(view)

    def _clear_failures(self, documents: pa.Table) -> None:
        """Failure rows of a document, or of its source, that is now stored go: the failures
        table says what is not stored, not what once went wrong (a re-run after space was
        freed, a file fixed in place)."""
        if documents.num_rows == 0:
            return
        con = self.connection
        con.register("_ne_stored", documents.select(["doc_id", "source"]))
        try:
            con.execute(
                "DELETE FROM failures WHERE doc_id IN (SELECT doc_id FROM _ne_stored) "
                "OR source IN (SELECT source FROM _ne_stored)"
            )
        finally:
            con.unregister("_ne_stored")

    def _insert(self, name: str, table: pa.Table) -> int:
        """Bulk-insert one Arrow table; returns the number of rows actually added."""
        con = self.connection
        view = f"_ne_batch_{name}"
        # Rows of a document that is already stored are skipped, so a re-extraction with
        # different results never mixes into the stored copy.
        only_new = (
            ""
            if name == "failures"
            else "WHERE NOT EXISTS (SELECT 1 FROM documents AS d WHERE d.doc_id = b.doc_id) "
        )
        con.register(view, table)
        try:
            row = con.execute(
                f"INSERT INTO {name} BY NAME SELECT b.* FROM {view} AS b {only_new}"
                "ON CONFLICT DO NOTHING"
            ).fetchone()
        finally:
            con.unregister(view)
        return row[0] if row else 0
