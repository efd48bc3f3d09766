"""One story, many outlets: near duplicates linked into stories, and events merged.

Each document keeps the MinHash signature of its cleaned text and its LSH band keys (table
``story_bands``, so the near-duplicate index lives in the file, not in memory), and the same
transaction that adds a batch also links near duplicates into stories (``story_id``),
exact copies to their first copy (``duplicate_of``) and re-merges the events of every
(type, source, target) group the batch touches (``events.merged_id``). Story and merged ids
are the least member ids and merging does not depend on order, so a store filled in several
runs equals one filled in a single run. The ``merged_events`` view (``schema.sql``) counts
mentions, articles, stories and publishers per merged event; ``Store.merged_event``
(``queries``) reads one with its evidence.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from newsevents.dedup import (
    EMPTY_VALUE,
    NUM_PERM,
    SIGNATURE_SCHEME,
    EventKey,
    band_keys,
    band_rows,
    merge_events,
    near_duplicate,
    signature,
)
from newsevents.store.connection import StoreConnection, _rollback
from newsevents.store.rows import _body, _iso

# Documents linked per step when a store rebuilds its stories (another threshold or scheme).
_REBUILD_CHUNK = 4096


class StoriesMixin(StoreConnection):
    """Linking a batch's documents into stories and re-merging the events they touch; run by
    ``Store.write`` inside the batch's transaction."""

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
        matrix = _signature_matrix(new.column("signature"))
        # A text without words has the one empty signature: no bands, so it links to nothing.
        worded = ~np.all(matrix == EMPTY_VALUE, axis=1)
        keys = band_keys(matrix[worded], band_rows(self.duplicate_threshold))
        bands = pa.table(
            {
                "band_key": pa.array(keys.ravel(), pa.uint64()),
                "doc_id": pa.array(
                    np.repeat(np.asarray(new_ids, dtype=object)[worded], keys.shape[1]),
                    pa.string(),
                ),
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
                "AND e.restates IS NULL "
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
        # A restatement is a mention of the event it restates, wherever that merged.
        con.execute(
            "UPDATE events SET merged_id = r.merged_id FROM events AS r "
            "WHERE events.restates = r.id AND events.merged_id IS DISTINCT FROM r.merged_id"
        )

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


def _signature_matrix(column: pa.ChunkedArray) -> np.ndarray:
    """A column of fixed-size signature lists as a (rows, NUM_PERM) uint32 array."""
    if column.num_chunks == 0:
        return np.empty((0, NUM_PERM), dtype=np.uint32)
    flat = pa.concat_arrays(
        [chunk.cast(pa.list_(pa.uint32())).flatten() for chunk in column.chunks]
    )
    return flat.to_numpy(zero_copy_only=False).astype(np.uint32).reshape(-1, NUM_PERM)
