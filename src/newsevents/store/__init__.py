"""The DuckDB store: one file, one writing process, one transaction per batch.

``Store`` is the one entry point::

    with Store("events.duckdb") as store:
        run_id = store.start_run(sys.argv)
        done = store.known(doc.doc_id for doc in docs)
        extractions = [extract(doc) for doc in docs if doc.doc_id not in done]
        store.write(extractions, failures, run_id=run_id)
        store.finish_run(run_id, {"documents": 10, "failed": 1})
        store.events(actor="RUS", type="CONSULT", since=date(2024, 1, 1))

Writes are idempotent. A batch is converted to one Arrow table per record type, and each table
is inserted with a single ``INSERT ... SELECT`` that skips documents already stored (anti-join)
and any remaining duplicate key (``ON CONFLICT DO NOTHING``). The ``documents`` row is written
in the same transaction as the document's actors, events, quotes and places, so a document is
either stored whole or not at all, and a killed run resumes without adding anything twice.

One story, many outlets: each document keeps the MinHash signature of its cleaned text and its
LSH band keys (table ``story_bands``, so the near-duplicate index lives in the file, not in
memory), and the same transaction that adds a batch also links near duplicates into stories
(``story_id``),
exact copies to their first copy (``duplicate_of``) and re-merges the events of every
(type, source, target) group the batch touches (``events.merged_id``). Story and merged ids
are the least member ids and merging does not depend on order, so a store filled in several
runs equals one filled in a single run. The ``merged_events`` view counts mentions, articles,
stories and publishers per merged event; ``Store.merged_event`` reads one with its evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from newsevents.dedup import (
    DEFAULT_THRESHOLD,
    NUM_PERM,
    SIGNATURE_SCHEME,
    EventKey,
    band_keys,
    band_rows,
    content_hash,
    merge_events,
    near_duplicate,
    signature,
)
from newsevents.errors import StoreBroken, StoreBusy, StoreError
from newsevents.models import (
    SOURCE_CAP,
    ActorRef,
    Event,
    Extraction,
    Failure,
    Place,
    Quote,
    Removed,
    event_json,
    printable,
    ref_json,
)

SCHEMA_VERSION = "3"
# Documents linked per step when a store rebuilds its stories (another threshold or scheme).
_REBUILD_CHUNK = 4096

# Tables in the order a batch writes them: the documents row last, so a document counts as
# stored only once its child rows are in (all inside one transaction anyway).
CHILD_TABLES = ("actors", "events", "quotes", "places")
TABLES = ("documents", *CHILD_TABLES, "failures", "runs")

_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32())])
_REMOVED = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("reason", pa.string())])


def _ref_columns(prefix: str) -> list[tuple[str, pa.DataType]]:
    return [(f"{prefix}_{f}", pa.string()) for f in ("id", "name", "country", "sector")]


# Explicit Arrow schemas, so an empty batch still has typed columns that DuckDB can insert.
_ARROW: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("doc_id", pa.string()),
            ("source", pa.string()),
            ("format", pa.string()),
            ("title", pa.string()),
            ("url", pa.string()),
            ("publisher", pa.string()),
            ("published", pa.date32()),
            ("published_from", pa.string()),
            ("attributions", pa.list_(pa.string())),
            ("flags", pa.list_(pa.string())),
            ("removed", pa.list_(_REMOVED)),
            ("meta", pa.string()),
            ("text", pa.string()),
            ("run_id", pa.string()),
            ("content_hash", pa.string()),
            ("signature", pa.list_(pa.uint32(), NUM_PERM)),
        ]
    ),
    "actors": pa.schema(
        [
            ("doc_id", pa.string()),
            ("actor_id", pa.string()),
            ("name", pa.string()),
            ("country", pa.string()),
            ("sector", pa.string()),
            ("kind", pa.string()),
            ("entry", pa.string()),
            ("mentions", pa.list_(_SPAN)),
        ]
    ),
    "events": pa.schema(
        [
            ("id", pa.string()),
            ("doc_id", pa.string()),
            ("type", pa.string()),
            ("mode", pa.string()),
            ("cameo", pa.string()),
            ("quad_class", pa.int8()),
            *_ref_columns("source"),
            *_ref_columns("target"),
            ("location_id", pa.string()),
            ("location_name", pa.string()),
            ("location_country", pa.string()),
            ("location_lat", pa.float64()),
            ("location_lon", pa.float64()),
            ("location_geonameid", pa.int64()),
            ("location_kind", pa.string()),
            ("location_start", pa.int32()),
            ("location_end", pa.int32()),
            ("date", pa.date32()),
            ("date_precision", pa.string()),
            ("date_source", pa.string()),
            ("negated", pa.bool_()),
            ("modality", pa.string()),
            ("fatalities", pa.int32()),
            ("injured", pa.int32()),
            ("arrested", pa.int32()),
            ("sentence", pa.string()),
            ("sentence_start", pa.int32()),
            ("sentence_end", pa.int32()),
            ("span_start", pa.int32()),
            ("span_end", pa.int32()),
            ("source_start", pa.int32()),
            ("source_end", pa.int32()),
            ("target_start", pa.int32()),
            ("target_end", pa.int32()),
            ("confidence", pa.float64()),
            ("pattern", pa.string()),
        ]
    ),
    "quotes": pa.schema(
        [
            ("doc_id", pa.string()),
            ("span_start", pa.int32()),
            ("span_end", pa.int32()),
            ("text", pa.string()),
            *_ref_columns("speaker"),
            ("speaker_start", pa.int32()),
            ("speaker_end", pa.int32()),
            ("cue", pa.string()),
        ]
    ),
    "places": pa.schema(
        [
            ("doc_id", pa.string()),
            ("span_start", pa.int32()),
            ("span_end", pa.int32()),
            ("place_id", pa.string()),
            ("name", pa.string()),
            ("country", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("geonameid", pa.int64()),
            ("kind", pa.string()),
        ]
    ),
    "failures": pa.schema(
        [
            ("id", pa.string()),
            ("source", pa.string()),
            ("stage", pa.string()),
            ("code", pa.string()),
            ("reason", pa.string()),
            ("doc_id", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
}

# DuckDB names the process holding the file lock in its error message.
_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


class Store:
    """An embedded DuckDB file of documents, actors, events, quotes, places, failures and runs.

    Only one process may open a file for writing; a second gets ``StoreBusy``. Several
    ``read_only=True`` stores may share a file, but not while a writer holds it.
    """

    def __init__(
        self,
        path: str | Path = "newsevents.duckdb",
        *,
        read_only: bool = False,
        duplicate_threshold: float = DEFAULT_THRESHOLD,
    ):
        self.path = Path(path)
        self.read_only = read_only
        # Estimated Jaccard similarity of shingles above which two documents are one story.
        self.duplicate_threshold = duplicate_threshold
        # Whether the stored LSH bands were checked against this threshold and signature scheme
        # (at the first write).
        self._bands_ready = False
        self._con: duckdb.DuckDBPyConnection | None = _connect(self.path, read_only)
        try:
            self._prepare()
        except duckdb.Error as exc:
            self.close()
            raise _broken(self.path, exc, "open") from exc
        except BaseException:
            self.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection, for exporters and read-only SQL with parameters."""
        if self._con is None:
            raise StoreError(f"store {self.path} is closed")
        return self._con

    def _prepare(self) -> None:
        con = self.connection
        found = {
            row[0]
            for row in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_catalog = current_database() AND table_schema = 'main'"
            ).fetchall()
        }
        if "meta" in found:
            version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if version is None or version[0] != SCHEMA_VERSION:
                have = version[0] if version else "none"
                raise StoreError(
                    f"store {self.path} has schema version {have}; this newsevents reads "
                    f"version {SCHEMA_VERSION}: write to a new store file"
                )
        elif found:
            # Never add our tables to somebody else's database.
            raise StoreError(
                f"{self.path} is a DuckDB database but not a newsevents store "
                f"(it has tables {', '.join(sorted(found))} and no meta table)"
            )
        elif self.read_only:
            raise StoreError(f"{self.path} is an empty DuckDB database, not a newsevents store")
        if self.read_only:
            return
        schema = resources.files("newsevents.store").joinpath("schema.sql")
        script = schema.read_text(encoding="utf-8")
        con.begin()
        try:
            con.execute(script)
            con.execute(
                "INSERT INTO meta VALUES ('schema_version', $v) ON CONFLICT DO NOTHING",
                {"v": SCHEMA_VERSION},
            )
            con.commit()
        except duckdb.Error as exc:
            _rollback(con)
            raise StoreError(f"cannot create the schema in store {self.path}: {exc}") from exc

    def _writable(self) -> duckdb.DuckDBPyConnection:
        if self.read_only:
            raise StoreError(f"store {self.path} was opened read-only")
        return self.connection

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

    # -- stories and merged events ---------------------------------------------------------

    def _band_scheme(self) -> str:
        # Everything the stored bands and the story ids built on them depend on.
        return f"{SIGNATURE_SCHEME}-threshold{self.duplicate_threshold:g}"

    def _prepare_bands(self) -> None:
        """Check, once per open store, that the stored LSH bands match this threshold and
        signature scheme; rebuild them, the stories and the merged events they affect if not.

        A store written with another signature scheme gets its signatures recomputed from the
        stored text first.
        """
        if self._bands_ready:
            return
        con = self.connection
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        resign = meta.get("signature_scheme") != SIGNATURE_SCHEME
        if resign or meta.get("band_scheme") != self._band_scheme():
            con.begin()
            try:
                if resign:
                    self._resign()
                self._rebuild_stories()
                con.commit()
            except BaseException:
                _rollback(con)
                raise
        self._bands_ready = True

    def _resign(self) -> None:
        """Recompute every stored signature from the stored text and removed ranges."""
        con = self.connection
        rows = con.execute("SELECT doc_id, text, removed FROM documents").fetchall()
        table = pa.table(
            {
                "doc_id": pa.array([row[0] for row in rows], pa.string()),
                "signature": pa.array(
                    [signature(_body(row[1], row[2])) for row in rows],
                    pa.list_(pa.uint32(), NUM_PERM),
                ),
            }
        )
        self._update("documents", "doc_id", table)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('signature_scheme', $scheme)",
            {"scheme": SIGNATURE_SCHEME},
        )

    def _rebuild_stories(self) -> None:
        """Link every stored document again, from its signature, in chunks of documents."""
        con = self.connection
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _ne_old_stories AS SELECT doc_id, story_id FROM documents"
        )
        con.execute("DELETE FROM story_bands")
        con.execute("UPDATE documents SET story_id = NULL")
        ids = con.sql("SELECT doc_id FROM documents ORDER BY doc_id").to_arrow_table()
        for chunk in ids.column("doc_id").chunks:
            for start in range(0, len(chunk), _REBUILD_CHUNK):
                self._link(chunk.slice(start, _REBUILD_CHUNK), remerge=False)
        changed = con.execute(
            "SELECT d.doc_id FROM documents AS d JOIN _ne_old_stories AS o USING (doc_id) "
            "WHERE d.story_id IS DISTINCT FROM o.story_id"
        ).fetchall()
        con.execute("DROP TABLE _ne_old_stories")
        self._merge_groups([row[0] for row in changed])
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('band_scheme', $scheme)",
            {"scheme": self._band_scheme()},
        )

    def _link(self, doc_ids: pa.Array | pa.ChunkedArray, *, remerge: bool = True) -> None:
        """Give the new documents among ``doc_ids`` their stories and duplicates, then re-merge
        the events their stories touch.

        Each new document's LSH band keys go into ``story_bands``; a join finds the stored
        documents sharing a key, and their signatures decide. Every story a new document links
        to takes the least id among them and the new documents: the least doc_id of the
        component, whatever order documents came in. Only this batch's rows are held.
        """
        con = self.connection
        con.register("_ne_ids", pa.table({"doc_id": doc_ids}))
        try:
            new = con.sql(
                "SELECT doc_id, signature, content_hash FROM documents "
                "WHERE story_id IS NULL AND doc_id IN (SELECT doc_id FROM _ne_ids) ORDER BY doc_id"
            ).to_arrow_table()
        finally:
            con.unregister("_ne_ids")
        if new.num_rows == 0:
            return
        new_ids = new.column("doc_id").to_pylist()
        keys = band_keys(
            _signature_matrix(new.column("signature")), band_rows(self.duplicate_threshold)
        )
        bands = pa.table(
            {
                "band_key": pa.array(keys.ravel(), pa.uint64()),
                "doc_id": pa.array(np.repeat(new_ids, keys.shape[1]), pa.string()),
            }
        )
        con.register("_ne_bands", bands)
        try:
            con.execute("INSERT INTO story_bands SELECT band_key, doc_id FROM _ne_bands")
            # Candidates and their signatures and stories, in one join.
            candidates = con.sql(
                "WITH pairs AS (SELECT DISTINCT n.doc_id AS new_id, b.doc_id AS other_id "
                "               FROM _ne_bands AS n JOIN story_bands AS b USING (band_key) "
                "               WHERE b.doc_id <> n.doc_id) "
                "SELECT p.new_id, p.other_id, d.signature, d.story_id FROM pairs AS p "
                "JOIN documents AS d ON d.doc_id = p.other_id"
            ).to_arrow_table()
        finally:
            con.unregister("_ne_bands")
        own = dict(zip(new_ids, _signature_matrix(new.column("signature")), strict=True))
        # Union-find over story ids, for this batch only: a new document starts as its own story.
        parent: dict[str, str] = {doc_id: doc_id for doc_id in new_ids}

        def find(story: str) -> str:
            while parent[story] != story:
                parent[story] = parent[parent[story]]
                story = parent[story]
            return story

        others = _signature_matrix(candidates.column("signature"))
        for new_id, other_id, values, story in zip(
            candidates.column("new_id").to_pylist(),
            candidates.column("other_id").to_pylist(),
            others,
            candidates.column("story_id").to_pylist(),
            strict=True,
        ):
            if not near_duplicate(own[new_id], values, self.duplicate_threshold):
                continue
            other_story = story if story is not None else other_id  # a new document of the batch
            parent.setdefault(other_story, other_story)
            low, high = sorted((find(new_id), find(other_story)))
            parent[high] = low
        stories = {story: find(story) for story in parent}
        moved = [(old, root) for old, root in stories.items() if old != root and old not in own]
        assigned = pa.table(
            {
                "doc_id": pa.array(new_ids, pa.string()),
                "story_id": pa.array([stories[d] for d in new_ids], pa.string()),
            }
        )
        changed_docs = list(new_ids)
        if moved:
            relabel = pa.table(
                {
                    "old": pa.array([m[0] for m in moved], pa.string()),
                    "new": pa.array([m[1] for m in moved], pa.string()),
                }
            )
            con.register("_ne_relabel", relabel)
            try:
                changed_docs += [
                    row[0]
                    for row in con.execute(
                        "UPDATE documents AS d SET story_id = r.new FROM _ne_relabel AS r "
                        "WHERE d.story_id = r.old RETURNING d.doc_id"
                    ).fetchall()
                ]
            finally:
                con.unregister("_ne_relabel")
        self._update("documents", "doc_id", assigned)
        con.register("_ne_hashes", new.select(["content_hash"]))
        try:
            con.execute(
                "UPDATE documents AS d SET duplicate_of = nullif(f.first, d.doc_id) "
                "FROM (SELECT content_hash, min(doc_id) AS first FROM documents "
                "      WHERE content_hash IN (SELECT content_hash FROM _ne_hashes) "
                "      GROUP BY content_hash) AS f "
                "WHERE d.content_hash = f.content_hash "
                "AND d.duplicate_of IS DISTINCT FROM nullif(f.first, d.doc_id)"
            )
        finally:
            con.unregister("_ne_hashes")
        if remerge:
            self._merge_groups(changed_docs)

    def _merge_groups(self, doc_ids: list[str]) -> None:
        """Re-run ``merge_events`` over every (type, source, target, polarity, year) group that
        has an event of ``doc_ids`` (new documents, and documents whose story changed), and
        store the merged ids that differ. Events merge only within a year, so a batch reads
        one year of each group it touches, however long the store's history."""
        con = self.connection
        docs = pa.table({"doc_id": pa.array(sorted(set(doc_ids)), pa.string())})
        con.register("_ne_docs", docs)
        try:
            keys = con.execute(
                "WITH groups AS (SELECT DISTINCT type, source_id, target_id, negated, "
                "                       year(date) AS year FROM events "
                "                WHERE doc_id IN (SELECT doc_id FROM _ne_docs)) "
                "SELECT e.id, e.type, e.source_id, e.target_id, e.date, e.date_precision, "
                "       e.location_id, d.story_id, e.negated, e.merged_id, e.date_source, g.year "
                "FROM events AS e JOIN documents AS d ON d.doc_id = e.doc_id "
                "JOIN groups AS g ON e.type = g.type AND e.negated = g.negated "
                "AND e.source_id IS NOT DISTINCT FROM g.source_id "
                "AND e.target_id IS NOT DISTINCT FROM g.target_id "
                "AND year(e.date) IS NOT DISTINCT FROM g.year"
            ).fetchall()
        finally:
            con.unregister("_ne_docs")
        current = {row[0]: row[9] for row in keys}
        merged = merge_events(
            EventKey(
                event_id=row[0],
                type=row[1],
                source_id=row[2],
                target_id=row[3],
                # A date taken from the publication date says when a copy was published,
                # not when the event happened: such an event merges within its story only.
                date=None if row[10] == "published" else _iso(row[4]),
                date_precision=None if row[10] == "published" else row[5],
                place_id=row[6],
                story_id=row[7],
                negated=row[8],
                year=row[11],
            )
            for row in keys
        )
        changed = {e: m for e, m in merged.items() if current[e] != m}
        if changed:
            table = pa.table(
                {
                    "id": pa.array(list(changed), pa.string()),
                    "merged_id": pa.array(list(changed.values()), pa.string()),
                }
            )
            self._update("events", "id", table)

    def _update(self, name: str, key: str, table: pa.Table) -> None:
        """Set the columns of ``table`` on the rows of ``name`` whose ``key`` matches."""
        con = self.connection
        view = f"_ne_update_{name}"
        columns = ", ".join(f"{c} = u.{c}" for c in table.column_names if c != key)
        con.register(view, table)
        try:
            con.execute(
                f"UPDATE {name} SET {columns} FROM {view} AS u WHERE {name}.{key} = u.{key}"
            )
        finally:
            con.unregister(view)

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

    # -- reading ---------------------------------------------------------------------------

    def events(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        document: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Events as JSON-ready dicts, ordered by date, document and position.

        ``actor`` is a three-letter country or group code (any case) matched against the
        source and target countries, or else an actor id or name, ignoring case.
        ``since``/``until`` bound the event date (inclusive); undated events are left
        out when either is given.
        """
        where, params = [], {}
        if actor is not None:
            if re.fullmatch(r"[A-Za-z]{3}", actor):
                # A country or group code: plain equality keeps the filter cheap on big stores.
                where.append("(source_country = upper($actor) OR target_country = upper($actor))")
            else:
                where.append(
                    "lower($actor) IN (lower(source_id), lower(target_id), "
                    "lower(source_name), lower(target_name))"
                )
            params["actor"] = actor
        if type is not None:
            where.append("type = upper($type)")
            params["type"] = type
        if since is not None:
            where.append("date >= $since")
            params["since"] = since
        if until is not None:
            where.append("date <= $until")
            params["until"] = until
        if document is not None:
            where.append("doc_id = $document")
            params["document"] = document
        rows = self._select(
            "SELECT * FROM events", where, "date NULLS LAST, doc_id, span_start, id", params, limit
        )
        return [_event_json(row) for row in rows]

    def merged_event(self, event_id: str) -> dict[str, Any] | None:
        """The merged event that ``event_id`` (any of its mentions, or the merged id) belongs
        to, with its counts and every mention as evidence; None if no event has that id.

        Mentions come in publication order, each with its document, publisher, story,
        exact-copy link, sentence and character spans into the document text.
        """
        con = self.connection
        found = con.execute("SELECT merged_id FROM events WHERE id = $id", {"id": event_id})
        row = found.fetchone()
        if row is None or row[0] is None:
            return None
        cursor = con.execute("SELECT * FROM merged_events WHERE id = $id", {"id": row[0]})
        names = [d[0] for d in cursor.description]
        merged = dict(zip(names, cursor.fetchone(), strict=True))
        location = None
        if merged["location_id"] is not None:
            location = {f: merged[f"location_{f}"] for f in ("id", "name", "country")}
        return {
            "id": merged["id"],
            "type": merged["type"],
            "source": _ref_json(merged, "source"),
            "target": _ref_json(merged, "target"),
            "negated": merged["negated"],
            "date": _iso(merged["date"]),
            "date_precision": merged["date_precision"],
            "location": location,
            **{
                key: merged[key]
                for key in ("num_mentions", "num_articles", "num_stories", "num_sources")
            },
            "first_seen": _iso(merged["first_seen"]),
            "last_seen": _iso(merged["last_seen"]),
            "mentions": [
                {
                    "event_id": m["event_id"],
                    "document_id": m["doc_id"],
                    "publisher": m["publisher"],
                    "title": m["title"],
                    "url": m["url"],
                    "published": _iso(m["published"]),
                    "story_id": m["story_id"],
                    "duplicate_of": m["duplicate_of"],
                    "sentence": m["sentence"],
                    "sentence_span": [m["sentence_start"], m["sentence_end"]],
                    "span": [m["span_start"], m["span_end"]],
                    "date": _iso(m["date"]),
                    "date_precision": m["date_precision"],
                    "modality": m["modality"],
                }
                for m in merged["mentions"]
            ],
        }

    def documents(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        run_id: str | None = None,
        text: bool = False,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored documents by publication date; ``text=True`` includes the full text."""
        where, params = [], {}
        if since is not None:
            where.append("published >= $since")
            params["since"] = since
        if until is not None:
            where.append("published <= $until")
            params["until"] = until
        if run_id is not None:
            where.append("run_id = $run_id")
            params["run_id"] = run_id
        columns = "* EXCLUDE (signature)" if text else "* EXCLUDE (text, signature)"
        rows = self._select(
            f"SELECT {columns} FROM documents", where, "published NULLS LAST, doc_id", params, limit
        )
        for row in rows:
            row["published"] = _iso(row["published"])
            row["meta"] = json.loads(row["meta"]) if row["meta"] else {}
            row["stored_at"] = row["stored_at"].isoformat()
        return rows

    def actors(
        self, *, document: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        where, params = _by_document(document)
        rows = self._select("SELECT * FROM actors", where, "doc_id, actor_id", params, limit)
        return [
            {
                "id": row["actor_id"],
                "name": row["name"],
                "country": row["country"],
                "sector": row["sector"],
                "kind": row["kind"],
                "entry": row["entry"],
                "mentions": [[m["start"], m["end"]] for m in row["mentions"]],
                "document_id": row["doc_id"],
            }
            for row in rows
        ]

    def quotes(
        self,
        *,
        speaker: str | None = None,
        document: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Quotes; ``speaker`` matches the speaker's country, id or name, ignoring case."""
        where, params = _by_document(document)
        if speaker is not None:
            where.append(
                "lower($speaker) IN (lower(speaker_country), lower(speaker_id), "
                "lower(speaker_name))"
            )
            params["speaker"] = speaker
        rows = self._select("SELECT * FROM quotes", where, "doc_id, span_start", params, limit)
        return [
            {
                "text": row["text"],
                "speaker": _ref_json(row, "speaker"),
                "span": [row["span_start"], row["span_end"]],
                "speaker_span": _span(row, "speaker"),
                "cue": row["cue"],
                "document_id": row["doc_id"],
            }
            for row in rows
        ]

    def places(
        self,
        *,
        country: str | None = None,
        document: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        where, params = _by_document(document)
        if country is not None:
            where.append("country = upper($country)")
            params["country"] = country
        rows = self._select("SELECT * FROM places", where, "doc_id, span_start", params, limit)
        return [
            {
                "id": row["place_id"],
                "name": row["name"],
                "country": row["country"],
                "lat": row["lat"],
                "lon": row["lon"],
                "geonameid": row["geonameid"],
                "kind": row["kind"],
                "span": [row["span_start"], row["span_end"]],
                "document_id": row["doc_id"],
            }
            for row in rows
        ]

    def failures(
        self,
        *,
        stage: str | None = None,
        code: str | None = None,
        run_id: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        where, params = [], {}
        for column, value in (("stage", stage), ("code", code), ("run_id", run_id)):
            if value is not None:
                where.append(f"{column} = ${column}")
                params[column] = value
        rows = self._select(
            "SELECT * EXCLUDE (id) FROM failures", where, "failed_at, source, id", params, limit
        )
        for row in rows:
            row["failed_at"] = row["failed_at"].isoformat()
        return rows

    def runs(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Runs, newest first."""
        rows = self._select("SELECT * FROM runs", [], "started DESC, id", {}, limit)
        for row in rows:
            row["started"] = row["started"].isoformat()
            row["finished"] = row["finished"].isoformat() if row["finished"] else None
            row["counts"] = dict(row["counts"]) if row["counts"] else {}
        return rows

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        con = self.connection
        query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in TABLES)
        return {name: n for name, n in con.execute(query).fetchall()}

    def _select(
        self,
        query: str,
        where: list[str],
        order: str,
        params: dict[str, Any],
        limit: int | None,
    ) -> list[dict[str, Any]]:
        con = self.connection
        if where:
            query += " WHERE " + " AND ".join(where)
        query += f" ORDER BY {order}"
        if limit is not None:
            if limit < 0:
                raise ValueError(f"limit must be >= 0, not {limit}")
            query += " LIMIT $limit"
            params = {**params, "limit": limit}
        cursor = con.execute(query, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# -- opening -------------------------------------------------------------------------------


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        message = str(exc)
        if "Could not set lock" in message:
            holder = _LOCK_HOLDER.search(message)
            who = f"another process (PID {holder.group(1)})" if holder else "another process"
            raise StoreBusy(
                f"store {path} is busy: {who} has it open, and DuckDB allows "
                "one writing process per file; retry when it finishes"
            ) from exc
        if "not a valid DuckDB database file" in message:
            raise StoreError(
                f"{path} is not a DuckDB database: give a new file name or an existing "
                "newsevents store"
            ) from exc
        if "database does not exist" in message:
            raise StoreError(f"store {path} does not exist") from exc
        raise StoreError(f"cannot open store {path}: {message}") from exc


# Errors of the file or the disk under it, as opposed to a value the store refuses: no
# document is to blame, and retrying documents one by one would only fail each of them.
_BROKEN_TYPES = (
    duckdb.IOException,
    duckdb.FatalException,
    duckdb.InternalException,
    duckdb.OutOfMemoryException,
    duckdb.PermissionException,
)
_BROKEN_WORDS = ("corrupt", "checksum", "no space left", "invalidated", "could not read enough")


def _is_broken(exc: BaseException) -> bool:
    if isinstance(exc, _BROKEN_TYPES):
        return True
    message = str(exc).lower()
    return any(word in message for word in _BROKEN_WORDS)


def _broken(path: Path, exc: duckdb.Error, doing: str) -> StoreError:
    """The StoreError for a DuckDB error met while ``doing`` (open, prepare, write, read)."""
    detail = " ".join(str(exc).split())[:300]
    kept = "; nothing from this batch was stored" if doing == "write" else ""
    if not _is_broken(exc):
        return StoreError(f"cannot {doing} store {path}: {detail}{kept}")
    lower = detail.lower()
    if "no space left" in lower:
        hint = "free some space and run again: the documents stored so far are kept"
    elif "could not read enough" in lower:
        hint = "the file is cut short (a copy or a disk that failed): restore it from a backup"
    elif "corrupt" in lower or "checksum" in lower:
        hint = "the file is damaged: restore it from a backup or write to a new store"
    else:
        hint = "check the disk and run again: the documents stored so far are kept"
    return StoreBroken(f"store {path} cannot be used ({detail}){kept}: {hint}")


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # A failed statement may already have ended the transaction; there is then nothing to undo.
    try:
        con.rollback()
    except duckdb.TransactionException:
        return


# -- records to Arrow ----------------------------------------------------------------------


def _batch_tables(
    extractions: Sequence[Extraction], failures: Sequence[Failure], run_id: str | None
) -> dict[str, pa.Table]:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _ARROW}
    seen: set[str] = set()
    for x in extractions:
        doc_id = x.document.doc_id
        # The first copy of a document in a batch wins, as a stored copy wins over a later one.
        if doc_id in seen:
            continue
        seen.add(doc_id)
        rows["documents"].append(_document_row(x, run_id))
        rows["actors"] += [
            {
                "doc_id": doc_id,
                "actor_id": a.id,
                "name": a.name,
                "country": a.country,
                "sector": a.sector,
                "kind": a.kind,
                "entry": a.entry,
                "mentions": [{"start": s, "end": e} for s, e in a.mentions],
            }
            for a in x.actors
        ]
        rows["events"] += [_event_row(doc_id, e) for e in x.events]
        rows["quotes"] += [_quote_row(doc_id, q) for q in x.quotes]
        rows["places"] += [_place_row(doc_id, p) for p in x.places]
    rows["failures"] = [_failure_row(f, run_id) for f in failures]
    return {name: pa.Table.from_pylist(rows[name], schema=_ARROW[name]) for name in _ARROW}


def _body(text: str, removed: Sequence[Removed] | Sequence[dict[str, Any]]) -> str:
    """The text with its removed boilerplate blanked out, as cleaning gave it to the NLP."""
    ranges = sorted(
        (r["start"], r["end"]) if isinstance(r, dict) else (r.start, r.end) for r in removed
    )
    pieces, position = [], 0
    for start, end in ranges:
        pieces.append(text[position : max(start, position)])
        position = max(position, end)
        pieces.append(" ")
    pieces.append(text[position:])
    return "".join(pieces)


def _signature_matrix(column: pa.ChunkedArray) -> np.ndarray:
    """A column of fixed-size signature lists as a (rows, NUM_PERM) uint32 array."""
    if column.num_chunks == 0:
        return np.empty((0, NUM_PERM), dtype=np.uint32)
    flat = pa.concat_arrays(
        [chunk.cast(pa.list_(pa.uint32())).flatten() for chunk in column.chunks]
    )
    return flat.to_numpy(zero_copy_only=False).astype(np.uint32).reshape(-1, NUM_PERM)


def _document_row(x: Extraction, run_id: str | None) -> dict[str, Any]:
    d = x.document
    body = _body(d.text, x.removed)
    published = d.published
    # A datetime is a date too; the store keeps the day.
    if isinstance(published, dt.datetime):
        published = published.date()
    return {
        "doc_id": d.doc_id,
        "source": d.source,
        "format": d.format,
        "title": d.title,
        "url": d.url,
        # Without publisher metadata, the publisher is the one the text credits itself to
        # (its first copyright/attribution line), so syndicated copies count as sources.
        "publisher": d.publisher or (x.attributions[0] if x.attributions else None),
        "published": published,
        "published_from": d.published_from,
        "attributions": list(x.attributions),
        "flags": list(x.flags),
        "removed": [{"start": r.start, "end": r.end, "reason": r.reason} for r in x.removed],
        "meta": json.dumps(d.meta, sort_keys=True, default=str),
        "text": d.text,
        "run_id": run_id,
        "content_hash": content_hash(body),
        "signature": signature(body),
    }


def _ref_values(ref: ActorRef | None, prefix: str) -> dict[str, Any]:
    return {
        f"{prefix}_id": ref.id if ref else None,
        f"{prefix}_name": ref.name if ref else None,
        f"{prefix}_country": ref.country if ref else None,
        f"{prefix}_sector": ref.sector if ref else None,
    }


def _pair(span: tuple[int, int] | None, prefix: str) -> dict[str, int | None]:
    return {
        f"{prefix}_start": span[0] if span else None,
        f"{prefix}_end": span[1] if span else None,
    }


def _location_values(place: Place | None) -> dict[str, Any]:
    return {
        "location_id": place.id if place else None,
        "location_name": place.name if place else None,
        "location_country": place.country if place else None,
        "location_lat": place.lat if place else None,
        "location_lon": place.lon if place else None,
        "location_geonameid": place.geonameid if place else None,
        "location_kind": place.kind if place else None,
        **_pair(place.span if place else None, "location"),
    }


def _place_row(doc_id: str, p: Place) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        **_pair(p.span, "span"),
        "place_id": p.id,
        "name": p.name,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "geonameid": p.geonameid,
        "kind": p.kind,
    }


def _event_row(doc_id: str, e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "doc_id": doc_id,
        "type": e.type,
        "mode": e.mode,
        "cameo": e.cameo,
        "quad_class": e.quad_class,
        **_ref_values(e.source, "source"),
        **_ref_values(e.target, "target"),
        **_location_values(e.location),
        "date": _event_date(doc_id, e),
        "date_precision": e.date_precision,
        "date_source": e.date_source,
        "negated": e.negated,
        "modality": e.modality,
        "fatalities": e.fatalities,
        "injured": e.injured,
        "arrested": e.arrested,
        "sentence": e.sentence,
        **_pair(e.sentence_span, "sentence"),
        **_pair(e.span, "span"),
        **_pair(e.source_span, "source"),
        **_pair(e.target_span, "target"),
        "confidence": e.confidence,
        "pattern": e.pattern,
    }


def _event_date(doc_id: str, e: Event) -> dt.date | None:
    if e.date is None:
        return None
    try:
        return dt.date.fromisoformat(e.date)
    except ValueError as exc:
        raise StoreError(
            f"event {e.id} of document {doc_id} has date {e.date!r}, not an ISO date",
            doc_id=doc_id,
        ) from exc


def _quote_row(doc_id: str, q: Quote) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        **_pair(q.span, "span"),
        "text": q.text,
        **_ref_values(q.speaker, "speaker"),
        **_pair(q.speaker_span, "speaker"),
        "cue": q.cue,
    }


def _failure_row(f: Failure, run_id: str | None) -> dict[str, Any]:
    key = "\x1f".join((f.source, f.stage, f.code, f.reason, f.doc_id or ""))
    return {
        "id": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32],
        "source": f.source,
        "stage": f.stage,
        "code": f.code,
        "reason": f.reason,
        "doc_id": f.doc_id,
        "run_id": run_id,
    }


# -- rows to JSON --------------------------------------------------------------------------


def _by_document(document: str | None) -> tuple[list[str], dict[str, Any]]:
    if document is None:
        return [], {}
    return ["doc_id = $document"], {"document": document}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _span(row: dict[str, Any], prefix: str) -> list[int] | None:
    start = row[f"{prefix}_start"]
    return None if start is None else [start, row[f"{prefix}_end"]]


def _ref_json(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    return ref_json(ref_from_row(row, prefix))


def pair_from_row(row: dict[str, Any], prefix: str) -> tuple[int, int] | None:
    start = row[f"{prefix}_start"]
    return None if start is None else (start, row[f"{prefix}_end"])


def ref_from_row(row: dict[str, Any], prefix: str) -> ActorRef | None:
    if row[f"{prefix}_id"] is None:
        return None
    return ActorRef(*(row[f"{prefix}_{f}"] for f in ("id", "name", "country", "sector")))


def event_from_row(row: dict[str, Any]) -> Event:
    """The record an events row was written from (``_event_row`` the other way), for the
    store's queries and for reading Parquet output back (``scale``)."""
    location = None
    if row["location_id"] is not None:
        location = Place(
            id=row["location_id"],
            name=row["location_name"],
            country=row["location_country"],
            lat=row["location_lat"],
            lon=row["location_lon"],
            geonameid=row["location_geonameid"],
            kind=row["location_kind"],
            span=pair_from_row(row, "location") or (0, 0),
        )
    return Event(
        id=row["id"],
        doc_id=row["doc_id"],
        type=row["type"],
        mode=row["mode"],
        cameo=row["cameo"],
        quad_class=row["quad_class"],
        source=ref_from_row(row, "source"),
        target=ref_from_row(row, "target"),
        location=location,
        date=row["date"].isoformat() if row["date"] else None,
        date_precision=row["date_precision"],
        date_source=row.get("date_source"),
        negated=row["negated"],
        modality=row["modality"],
        fatalities=row["fatalities"],
        injured=row["injured"],
        arrested=row["arrested"],
        sentence=row["sentence"],
        sentence_span=(row["sentence_start"], row["sentence_end"]),
        span=(row["span_start"], row["span_end"]),
        source_span=pair_from_row(row, "source"),
        target_span=pair_from_row(row, "target"),
        confidence=row["confidence"],
        pattern=row["pattern"],
    )


def _event_json(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event in the one event shape (``records.event_json``, as ``extract --json``
    prints it), plus where the store holds it: its document and its merged event."""
    return {
        **event_json(event_from_row(row)),
        "document_id": row["doc_id"],
        "merged_id": row["merged_id"],
    }
