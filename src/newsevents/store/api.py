"""``Store``, the one entry point: the store's jobs (``connection``, ``writes``, ``stories``,
``queries``, ``explore``, ``stats``, ``watch``) put together."""

from __future__ import annotations

import copy
from typing import Self

from newsevents.store.explore import ExploreMixin
from newsevents.store.stats import StatsMixin
from newsevents.store.watch import WatchMixin
from newsevents.store.writes import WritesMixin


class Store(WritesMixin, ExploreMixin, StatsMixin, WatchMixin):
    """An embedded DuckDB file of documents, actors, events, quotes, places, failures and runs.

    Only one process may open a file for writing; a second gets ``StoreBusy``. Several
    ``read_only=True`` stores may share a file, but not while a writer holds it.
    """

    def reader(self) -> Self:
        """This store on a cursor of its own, for one thread of a server: a DuckDB
        connection is not safe to share between threads, its cursors are. Close it when done;
        the store itself stays open."""
        view = copy.copy(self)
        view._con = self.connection.cursor()
        return view
