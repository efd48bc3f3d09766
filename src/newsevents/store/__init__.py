"""The DuckDB store: one file, one writing process, one transaction per batch.

``Store`` is the one entry point::

    with Store("events.duckdb") as store:
        run_id = store.start_run(sys.argv)
        done = store.known(doc.doc_id for doc in docs)
        extractions = [extract(doc) for doc in docs if doc.doc_id not in done]
        store.write(extractions, failures, run_id=run_id)
        store.finish_run(run_id, {"documents": 10, "failed": 1})
        store.events(actor="RUS", type="CONSULT", since=date(2024, 1, 1))

Writes are idempotent: a document is stored whole or not at all, and a killed run resumes
without adding anything twice. The same transaction links near duplicates into stories and
re-merges the events they report, so a store filled in several runs equals one filled in a
single run.

Modules, one job each, each importing only those above it:

- ``rows``: the row layout: the tables, their Arrow schemas, and every record <-> row mapping
  in both directions (``scale`` writes and reads Parquet with it too).
- ``connection``: opening a file: the lock, the schema (``schema.sql``, beside it), and telling
  a broken store from a refused value.
- ``stories``: near-duplicate bands, stories and merged events.
- ``writes``: runs, batches, failures, and the digests of stored texts.
- ``filters``: ``EventFilter``, which events a query selects, checked and made parameterised SQL.
- ``queries``: the read queries (events, merged events, documents, actors, ...).
- ``watch``: the state of ``newsevents watch`` (what each watched source held).
- ``explore``: pages of events behind a cursor, a document with its annotations, aggregates
  for charts, actor and place summaries (the HTTP API's reads).
- ``stats``: aggregates (by type, by month, top dyads) under the same filters.
- ``api``: ``Store``, the jobs above put together.
"""

from newsevents.store.api import Store
from newsevents.store.connection import SCHEMA_VERSION
from newsevents.store.filters import EventFilter
from newsevents.store.rows import CHILD_TABLES, TABLES, event_from_row, pair_from_row, ref_from_row

# Importable from here as before the split; its home is ``rows``.
from newsevents.store.rows import _batch_tables as _batch_tables

__all__ = [
    "CHILD_TABLES",
    "EventFilter",
    "SCHEMA_VERSION",
    "TABLES",
    "Store",
    "event_from_row",
    "pair_from_row",
    "ref_from_row",
]
