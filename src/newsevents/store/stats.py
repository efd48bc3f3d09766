"""Aggregates over the stored events: counts by type, by month and the top dyads, under the
same ``EventFilter`` as every other read, for ``newsevents stats`` and the HTTP API's /stats.

Each count is given twice: ``mentions`` (rows of ``events``, one per reporting sentence) and
``merged`` (distinct ``merged_id``: real-world events, however often reported).
"""

from __future__ import annotations

from typing import Any

from newsevents.store.connection import StoreConnection
from newsevents.store.filters import EventFilter

# A dyad's side: its country and sector codes, "" where the event has no such actor.
_SIDE = "trim(coalesce({r}_country, '') || ' ' || coalesce({r}_sector, ''))"
_COUNTS = "count(*) AS mentions, count(DISTINCT merged_id) AS merged"


class StatsMixin(StoreConnection):
    """``Store.monthly_stats``; works on read-only stores."""

    def monthly_stats(self, filters: EventFilter | None = None, *, top: int = 10) -> dict[str, Any]:
        """Counts of the events passing ``filters``: totals, ``by_type`` (most first),
        ``by_month`` (in order; ``no_month`` counts those undated or dated only to a year)
        and ``top_dyads`` (the ``top`` most frequent source → target code pairs)."""
        if top < 0:
            raise ValueError(f"top must be >= 0, not {top}")
        where, params = (filters or EventFilter()).where()
        # The filtered events once, as a CTE every aggregate reads: the filter's SQL is the
        # filter module's, its values bound parameters.
        base = (
            "WITH e AS (SELECT * FROM events"
            + (" WHERE " + " AND ".join(where) if where else "")
            + ") "
        )

        def rows(select: str, extra: dict[str, Any] | None = None) -> list[dict[str, Any]]:
            cursor = self.connection.execute(base + select, {**params, **(extra or {})})
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

        (totals,) = rows(f"SELECT {_COUNTS}, count(DISTINCT doc_id) AS documents FROM e")
        by_type = rows(f"SELECT type, {_COUNTS} FROM e GROUP BY type ORDER BY mentions DESC, type")
        by_month = rows(
            # An event known only to its year is not counted in its first month.
            "SELECT CASE WHEN date_precision IN ('day', 'week', 'month') "
            f"THEN strftime(date, '%Y-%m') END AS month, {_COUNTS} FROM e "
            "GROUP BY month ORDER BY month NULLS LAST"
        )
        dyads = rows(
            f"SELECT {_SIDE.format(r='source')} AS source, {_SIDE.format(r='target')} AS target, "
            f"{_COUNTS} FROM e GROUP BY ALL ORDER BY mentions DESC, source, target LIMIT $top",
            {"top": top},
        )
        no_month = next((m for m in by_month if m["month"] is None), None)
        return {
            **totals,
            "by_type": by_type,
            "by_month": [m for m in by_month if m["month"] is not None],
            "no_month": {"mentions": no_month["mentions"], "merged": no_month["merged"]}
            if no_month
            else {"mentions": 0, "merged": 0},
            "top_dyads": dyads,
        }
