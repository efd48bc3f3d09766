"""``Store``, the one entry point: the store's jobs (``connection``, ``writes``, ``stories``,
``queries``, ``stats``) put together."""

from __future__ import annotations

from newsevents.store.queries import QueriesMixin
from newsevents.store.stats import StatsMixin
from newsevents.store.writes import WritesMixin


class Store(WritesMixin, QueriesMixin, StatsMixin):
    """An embedded DuckDB file of documents, actors, events, quotes, places, failures and runs.

    Only one process may open a file for writing; a second gets ``StoreBusy``. Several
    ``read_only=True`` stores may share a file, but not while a writer holds it.
    """
