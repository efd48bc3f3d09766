"""Reading a store for exploring it: pages of events behind a cursor, one document with every
annotation, aggregates for charts (types, weeks, dyads), actor and place summaries.

Every value reaches DuckDB as a bound parameter. Sort keys and grouping levels are chosen
from the fixed tables below by name, never taken from the caller as SQL text.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from newsevents.errors import FilterError
from newsevents.store.filters import EventFilter
from newsevents.store.queries import QueriesMixin, _merged_json
from newsevents.store.rows import _event_json

# Sort name -> (SQL key over the row, the key's Python type, what a missing value sorts as).
# A missing date sorts after every date in both directions, so "undated" is always last.
_LAST_DAY = dt.date(9999, 12, 31)
_FIRST_DAY = dt.date(1, 1, 1)
_SORTS: dict[str, str] = {
    "date": "coalesce(date, DATE '9999-12-31')",
    "-date": "coalesce(date, DATE '0001-01-01')",
    "confidence": "confidence",
    "-confidence": "confidence",
    "mentions": "num_mentions",
    "-mentions": "num_mentions",
}
SORTS_MENTIONS = ("date", "-date", "confidence", "-confidence")
SORTS_MERGED = tuple(_SORTS)
# Dyad level -> the columns that name each side.
_DYAD_LEVELS = {
    "country": ("source_country", "target_country"),
    "actor": ("source_id", "target_id"),
}
DYAD_LEVELS = tuple(_DYAD_LEVELS)


class ExploreMixin(QueriesMixin):
    """The exploring queries of ``Store``; they work on read-only stores too."""

    def event_page(
        self,
        *,
        filters: EventFilter | None = None,
        mentions: bool = False,
        sort: str = "date",
        limit: int = 50,
        cursor: str | None = None,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One page of merged events (or, with ``mentions``, of event mentions) that pass
        ``filters``, in ``sort`` order (``date``, ``confidence``, merged only ``mentions``; a
        leading ``-`` reverses it; ties by id), and the cursor of the next page (None at the
        end). ``cursor`` is one this method returned for the same sort."""
        allowed = SORTS_MENTIONS if mentions else SORTS_MERGED
        if sort not in allowed:
            raise FilterError.of("sort", sort, "one of " + ", ".join(allowed))
        if limit < 1:
            raise FilterError.of("limit", limit, "a number of rows, at least 1")
        key = _SORTS[sort]
        descending = sort.startswith("-")
        where, params = (filters or EventFilter()).where()
        if mentions:
            query = "SELECT * FROM events"
        else:
            query = "SELECT * EXCLUDE (mentions) FROM merged_events"
            if where:
                where = ["id IN (SELECT merged_id FROM events WHERE " + " AND ".join(where) + ")"]
        if cursor is not None:
            after_key, after_id = _decode_cursor(cursor, sort)
            op = "<" if descending else ">"
            where = [
                *where,
                f"({key} {op} $after_key OR ({key} = $after_key AND id {op} $after_id))",
            ]
            params = {**params, "after_key": after_key, "after_id": after_id}
        direction = "DESC" if descending else "ASC"
        order = f"{key} {direction}, id {direction}"
        rows = self._select(query, where, order, params, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        convert = _event_json if mentions else _merged_json
        items = [convert(row) for row in rows]
        next_cursor = (
            _encode_cursor(sort, _key_of(rows[-1], sort), rows[-1]["id"]) if more else None
        )
        return items, next_cursor

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One stored document with its text and every annotation (actors with their mention
        spans, events, quotes, places), each in the shape its own query returns; None if no
        document has that id."""
        found = self.documents(document=doc_id, text=True, limit=1)
        if not found:
            return None
        return {
            **found[0],
            "actors": self.actors(document=doc_id),
            "events": self.events(document=doc_id),
            "quotes": self.quotes(document=doc_id),
            "places": self.places(document=doc_id),
        }

    def stats(
        self, *, filters: EventFilter | None = None, dyads: str = "country", top: int = 25
    ) -> dict[str, Any]:
        """Counts of merged events (a syndicated story counts once) among the mentions that
        pass ``filters``: by type, by ISO week and quad class, and the ``top`` dyads (source,
        target) at the ``dyads`` level (``country`` or ``actor``)."""
        if dyads not in _DYAD_LEVELS:
            raise FilterError.of("dyads", dyads, "one of " + ", ".join(DYAD_LEVELS))
        where, params = (filters or EventFilter()).where()
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        merged = "count(DISTINCT coalesce(merged_id, id))"
        con = self.connection

        def rows(query: str, extra: dict[str, Any] | None = None) -> list[tuple]:
            return con.execute(query, {**params, **(extra or {})}).fetchall()

        total = rows(f"SELECT count(*), {merged} FROM events{clause}")[0]
        by_type = rows(
            f"SELECT type, {merged} AS n FROM events{clause} GROUP BY type ORDER BY n DESC, type"
        )
        dated = " AND ".join([*where, "date IS NOT NULL"])
        by_week = rows(
            f"SELECT date_trunc('week', date) AS week, quad_class, {merged} FROM events "
            f"WHERE {dated} GROUP BY ALL ORDER BY week, quad_class"
        )
        source, target = _DYAD_LEVELS[dyads]
        both = " AND ".join([*where, f"{source} IS NOT NULL", f"{target} IS NOT NULL"])
        dyad_rows = rows(
            f"SELECT {source}, any_value(source_name), any_value(source_country), {target}, "
            f"any_value(target_name), any_value(target_country), {merged} AS n FROM events "
            f"WHERE {both} GROUP BY {source}, {target} ORDER BY n DESC, {source}, {target} "
            "LIMIT $top",
            {"top": top},
        )
        return {
            "mentions": total[0],
            "events": total[1],
            "by_type": [{"type": t, "events": n} for t, n in by_type],
            "by_week": [
                {"week": _iso(week), "quad_class": quad, "events": n} for week, quad, n in by_week
            ],
            "dyads": [
                {
                    "source": _side(dyads, sid, sname, scountry),
                    "target": _side(dyads, tid, tname, tcountry),
                    "events": n,
                }
                for sid, sname, scountry, tid, tname, tcountry, n in dyad_rows
            ],
        }

    def actor_summaries(
        self,
        *,
        q: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """Actors across documents, most active first: the name they are most often given,
        their code, in how many documents they appear and how many events they are the
        source and the target of. ``q`` is searched in the name or id, ignoring case."""
        where, params = [], {"limit": limit}
        if q is not None:
            where.append(
                "(contains(lower(name), lower($q)) OR contains(lower(actor_id), lower($q)))"
            )
            params["q"] = q
        if country is not None:
            where.append("country = upper($country)")
            params["country"] = country
        if sector is not None:
            where.append("sector = upper($sector)")
            params["sector"] = sector
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        query = f"""
            WITH a AS (
                SELECT actor_id, mode(name) AS name, mode(country) AS country,
                       mode(sector) AS sector, mode(kind) AS kind,
                       count(DISTINCT doc_id) AS documents
                FROM actors{clause} GROUP BY actor_id),
            s AS (SELECT source_id AS id, count(*) AS n FROM events GROUP BY 1),
            t AS (SELECT target_id AS id, count(*) AS n FROM events GROUP BY 1)
            SELECT a.*, coalesce(s.n, 0) AS as_source, coalesce(t.n, 0) AS as_target
            FROM a LEFT JOIN s ON s.id = a.actor_id LEFT JOIN t ON t.id = a.actor_id
            ORDER BY as_source + as_target DESC, documents DESC, actor_id
            LIMIT $limit"""
        cursor = self.connection.execute(query, params)
        names = [d[0] for d in cursor.description]
        return [_actor_json(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

    def actor_profile(
        self, actor_id: str, *, limit: int = 100, top: int = 10
    ) -> dict[str, Any] | None:
        """One actor: its summary (with its event mentions as source and as target), the
        merged events it is the source and the target of (at most ``limit`` each, by date)
        and its ``top`` partners by number of events in either role; None if no document
        names it."""
        con = self.connection
        cursor = con.execute(
            "SELECT actor_id, mode(name) AS name, mode(country) AS country, "
            "mode(sector) AS sector, mode(kind) AS kind, count(DISTINCT doc_id) AS documents "
            "FROM actors WHERE actor_id = $id GROUP BY actor_id",
            {"id": actor_id},
        )
        found = cursor.fetchone()
        if found is None:
            return None
        names = [d[0] for d in cursor.description]
        summary = dict(zip(names, found, strict=True))
        roles = {}
        for role in ("source", "target"):
            rows = self._select(
                "SELECT * EXCLUDE (mentions) FROM merged_events",
                [f"id IN (SELECT merged_id FROM events WHERE {role}_id = $id)"],
                "date NULLS LAST, id",
                {"id": actor_id},
                limit,
            )
            roles[role] = [_merged_json(row) for row in rows]
        partners = con.execute(
            """
            SELECT CASE WHEN source_id = $id THEN target_id ELSE source_id END AS partner,
                   any_value(CASE WHEN source_id = $id THEN target_name ELSE source_name END),
                   any_value(CASE WHEN source_id = $id THEN target_country ELSE source_country END),
                   count(*) FILTER (WHERE source_id = $id) AS as_source,
                   count(*) FILTER (WHERE target_id = $id) AS as_target
            FROM events
            WHERE (source_id = $id OR target_id = $id) AND source_id IS NOT NULL
              AND target_id IS NOT NULL AND source_id <> target_id
            GROUP BY partner ORDER BY as_source + as_target DESC, partner LIMIT $top""",
            {"id": actor_id, "top": top},
        ).fetchall()
        counts = con.execute(
            "SELECT count(*) FILTER (WHERE source_id = $id), "
            "count(*) FILTER (WHERE target_id = $id) FROM events",
            {"id": actor_id},
        ).fetchone()
        return {
            **_actor_json({**summary, "as_source": counts[0], "as_target": counts[1]}),
            "as_source": roles["source"],
            "as_target": roles["target"],
            "partners": [
                {
                    "id": pid,
                    "name": pname,
                    "country": pcountry,
                    "events_as_source": s,
                    "events_as_target": t,
                }
                for pid, pname, pcountry, s, t in partners
            ],
        }

    def place_summaries(
        self, *, q: str | None = None, country: str | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        """Places across documents, most mentioned first, with how many events happened
        there. ``q`` is searched in the name, ignoring case."""
        where, params = [], {"limit": limit}
        if q is not None:
            where.append("contains(lower(name), lower($q))")
            params["q"] = q
        if country is not None:
            where.append("country = upper($country)")
            params["country"] = country
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        query = f"""
            WITH p AS (
                SELECT place_id, mode(name) AS name, any_value(country) AS country,
                       any_value(lat) AS lat, any_value(lon) AS lon,
                       any_value(geonameid) AS geonameid, any_value(kind) AS kind,
                       count(*) AS mentions, count(DISTINCT doc_id) AS documents
                FROM places{clause} GROUP BY place_id),
            e AS (SELECT location_id AS id, count(*) AS n FROM events GROUP BY 1)
            SELECT p.*, coalesce(e.n, 0) AS events FROM p LEFT JOIN e ON e.id = p.place_id
            ORDER BY mentions DESC, place_id LIMIT $limit"""
        cursor = self.connection.execute(query, params)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        for row in rows:
            row["id"] = row.pop("place_id")
        return rows


def _actor_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["actor_id"],
        "name": row["name"],
        "country": row["country"],
        "sector": row["sector"],
        "kind": row["kind"],
        "documents": row["documents"],
        "events_as_source": row["as_source"],
        "events_as_target": row["as_target"],
    }


def _side(level: str, key: str, name: str | None, country: str | None) -> dict[str, Any]:
    if level == "country":
        return {"id": key, "name": key, "country": key}
    return {"id": key, "name": name, "country": country}


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _key_of(row: dict[str, Any], sort: str) -> Any:
    name = sort.lstrip("-")
    if name == "date":
        value = row["date"]
        return value if value is not None else (_FIRST_DAY if sort.startswith("-") else _LAST_DAY)
    return row["num_mentions" if name == "mentions" else name]


def _encode_cursor(sort: str, key: Any, event_id: str) -> str:
    value = key.isoformat() if isinstance(key, dt.date) else key
    raw = json.dumps([sort, value, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """The (key, id) a cursor resumes after; a ``FilterError`` for one this store did not
    give out for ``sort`` (a cursor is opaque: only its own sort can read it)."""
    bad = FilterError.of("cursor", cursor[:40], f"a next_cursor returned for sort={sort}")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise bad from None
    if not (isinstance(decoded, list) and len(decoded) == 3 and decoded[0] == sort):
        raise bad
    _, key, event_id = decoded
    if not isinstance(event_id, str):
        raise bad
    if sort.lstrip("-") == "date":
        try:
            return dt.date.fromisoformat(key), event_id
        except (TypeError, ValueError):
            raise bad from None
    if isinstance(key, bool) or not isinstance(key, int | float):
        raise bad
    return key, event_id
