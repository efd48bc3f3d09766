"""Reading a store back: events, merged events with their evidence, documents, actors,
quotes, places, failures and runs, as JSON-ready dicts with parameterised filters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Any

from newsevents.models import place_json
from newsevents.store.connection import StoreConnection
from newsevents.store.filters import EventFilter
from newsevents.store.rows import (
    TABLES,
    _claim_json,
    _event_json,
    _iso,
    _ref_json,
    _span,
    place_from_row,
)


class QueriesMixin(StoreConnection):
    """The read queries of ``Store``; they work on read-only stores too."""

    def events(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        document: str | None = None,
        filters: EventFilter | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Event mentions as JSON-ready dicts, ordered by date, document and position.

        ``filters`` says which (see :class:`EventFilter`); ``actor``, ``type``, ``since``,
        ``until`` and ``document`` are shortcuts for the same fields of it. ``actor`` is a
        three-letter country or group code (any case) matched against the source and target
        countries, or else an actor id or name, ignoring case. ``since``/``until`` bound the
        event date (inclusive); undated events are left out when either is given.
        """
        where, params = _filter(filters, actor, type, since, until, document).where()
        rows = self._select(
            "SELECT * FROM events", where, "date NULLS LAST, doc_id, span_start, id", params, limit
        )
        return [_event_json(row) for row in rows]

    def merged_events(
        self,
        *,
        filters: EventFilter | None = None,
        limit: int | None = None,
        evidence: bool = False,
    ) -> list[dict[str, Any]]:
        """Merged events (one per real-world event, with its counts; no mention list) of
        which at least one mention passes ``filters``, ordered by date and id.

        ``evidence=True`` adds ``sentence``: the sentence of the first mention published."""
        where, params = (filters or EventFilter()).where()
        query = "SELECT * EXCLUDE (mentions)"
        if evidence:
            query += ", mentions[1].sentence AS sentence"
        query += " FROM merged_events"
        if where:
            query += " WHERE id IN (SELECT merged_id FROM events WHERE " + " AND ".join(where) + ")"
        rows = self._select(query, [], "date NULLS LAST, id", params, limit)
        if evidence:
            return [{**_merged_json(row), "sentence": row["sentence"]} for row in rows]
        return [_merged_json(row) for row in rows]

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
        # Actors an event implies and the text never names (no mention): a mention's role
        # they fill is "implied", never words of its sentence.
        unnamed = set(
            con.execute(
                "SELECT doc_id, actor_id FROM actors WHERE len(mentions) = 0 "
                "AND list_contains($docs, doc_id)",
                {"docs": sorted({m["doc_id"] for m in merged["mentions"]})},
            ).fetchall()
        )
        return {
            **_merged_json(merged),
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
                    "implied": [
                        role
                        for role in ("source", "target")
                        if (m["doc_id"], m.get(f"{role}_id")) in unnamed
                    ],
                }
                for m in merged["mentions"]
            ],
        }

    def mention_rows(
        self, *, filters: EventFilter | None = None, of_merged: bool = False
    ) -> list[dict[str, Any]]:
        """Event rows as stored (the ``events`` columns, not the JSON shape) with what the
        exports need from their document, ordered by merged id, publication and position.

        Each row adds ``url``, ``publisher``, ``title``, ``published``, ``stored_at``,
        ``doc_source`` and ``doc_length`` (characters); ``source_text``, ``target_text`` and
        ``location_text``, the document text of those spans; ``story_people``,
        ``story_organizations`` and ``story_places``, the document's coded people,
        organisations and places ("; " separated); and ``lead_end``, the offset where the
        document's first paragraph of body text ends. ``of_merged``: every mention of the
        merged events that some mention passing ``filters`` belongs to.
        """
        where, params = (filters or EventFilter()).where()
        selected = "SELECT {key} FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        if of_merged:
            condition = "e.merged_id IN (" + selected.format(key="merged_id") + ")"
        else:
            condition = "e.id IN (" + selected.format(key="id") + ")"
        query = f"""
            SELECT e.*, d.url, d.publisher, d.title, d.published, d.stored_at,
                d.source AS doc_source, length(d.text) AS doc_length,
                d.text[e.source_start + 1 : e.source_end] AS source_text,
                d.text[e.target_start + 1 : e.target_end] AS target_text,
                d.text[e.location_start + 1 : e.location_end] AS location_text,
                a.story_people, a.story_organizations, p.story_places
            FROM events AS e
            JOIN documents AS d ON d.doc_id = e.doc_id
            LEFT JOIN (
                SELECT doc_id,
                    string_agg(DISTINCT name, '; ' ORDER BY name)
                        FILTER (WHERE kind = 'person') AS story_people,
                    string_agg(DISTINCT name, '; ' ORDER BY name)
                        FILTER (WHERE kind = 'organization') AS story_organizations
                FROM actors GROUP BY doc_id
            ) AS a ON a.doc_id = e.doc_id
            LEFT JOIN (
                SELECT doc_id, string_agg(DISTINCT name, '; ' ORDER BY name) AS story_places
                FROM places GROUP BY doc_id
            ) AS p ON p.doc_id = e.doc_id
            WHERE {condition}
            ORDER BY e.merged_id, d.published NULLS LAST, e.doc_id, e.span_start, e.id"""
        cursor = self.connection.execute(query, params)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        leads = self._lead_ends({row["doc_id"] for row in rows})
        for row in rows:
            row["lead_end"] = leads[row["doc_id"]]
        return rows

    def _lead_ends(self, doc_ids: set[str]) -> dict[str, int]:
        """Where each document's first paragraph of body text ends: the first line break
        after the first character that cleaning kept (a header or byline is not the lead)."""
        if not doc_ids:
            return {}
        cursor = self.connection.execute(
            "SELECT doc_id, text, removed FROM documents WHERE list_contains($ids, doc_id)",
            {"ids": sorted(doc_ids)},
        )
        ends = {}
        # One document at a time: a store's texts need not fit in memory together.
        while (found := cursor.fetchone()) is not None:
            doc_id, text, removed = found
            start = 0
            for r in sorted(removed or [], key=lambda r: r["start"]):
                if r["start"] > start and text[start : r["start"]].strip():
                    break
                start = max(start, r["end"])
            while start < len(text) and text[start].isspace():
                start += 1
            end = text.find("\n", start)
            ends[doc_id] = len(text) if end < 0 else end
        return ends

    def copy_table(
        self, table: str, path: str, *, format: str, filters: EventFilter | None = None
    ) -> int:
        """Write one table (``TABLES`` or ``merged_events``) to ``path`` with DuckDB's COPY in
        ``format`` (``parquet``, ``json``: one object a line, ``csv``), every column as stored,
        ordered by its key; returns the rows written. With ``filters``: the selected events,
        their merged events and their documents' rows; failures and runs whole."""
        if table not in (*TABLES, "merged_events"):
            raise ValueError(f"no table {table!r}; tables: {', '.join(TABLES)}, merged_events")
        if format not in ("parquet", "json", "csv"):
            raise ValueError(f"cannot COPY to {format!r}")
        where, params = (filters or EventFilter()).where()
        events = "SELECT {key} FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        condition = {
            "events": "id IN (" + events.format(key="id") + ")",
            "merged_events": "id IN (" + events.format(key="merged_id") + ")",
            "failures": "",
            "runs": "",
        }.get(table, "doc_id IN (" + events.format(key="doc_id") + ")")
        query = f"SELECT * FROM {table}"
        if where and condition:
            query += f" WHERE {condition}"
        else:
            params = {}
        query += f" ORDER BY {_TABLE_ORDER[table]}"
        options = {"parquet": "FORMAT parquet", "json": "FORMAT json", "csv": "FORMAT csv"}
        # The target path is a parameter too: COPY takes it as a string literal otherwise.
        found = self.connection.execute(
            f"COPY ({query}) TO $path ({options[format]})", {**params, "path": path}
        ).fetchone()
        return int(found[0]) if found else 0

    def documents(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        run_id: str | None = None,
        document: str | None = None,
        text: bool = False,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored documents by publication date; ``text=True`` includes the full text."""
        where, params = _by_document(document)
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
                "igo": row["igo"],
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

    def claims(
        self,
        *,
        actor: str | None = None,
        subject: str | None = None,
        document: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Numeric claims in the one claim shape (``models.claim_json``), by document and
        position. ``actor`` is the speaker's three-letter country code (any case), or else
        its actor id or name, ignoring case; ``subject`` is words the measured subject
        contains, ignoring case; ``since``/``until`` bound the claim's date (an undated claim
        is outside any bound)."""
        where, params = _by_document(document)
        for name, value, condition in (
            ("since", since, "date >= $since"),
            ("until", until, "date <= $until"),
        ):
            if value is not None:
                where.append(condition)
                params[name] = value
        if actor is not None:
            if re.fullmatch(r"[A-Za-z]{3}", actor):
                where.append("upper($actor) IN (speaker_country, speaker_igo)")
            else:
                where.append("lower($actor) IN (lower(speaker_id), lower(speaker_name))")
            params["actor"] = actor
        if subject is not None:
            where.append("contains(lower(subject), lower($subject))")
            params["subject"] = subject
        rows = self._select(
            "SELECT * FROM claims", where, "doc_id, quantity_start, id", params, limit
        )
        return [_claim_json(row) for row in rows]

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
        return [{**place_json(place_from_row(row)), "document_id": row["doc_id"]} for row in rows]

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


# A stable order for every table, so an export of the same store is the same file.
_TABLE_ORDER = {
    "documents": "doc_id",
    "actors": "doc_id, actor_id",
    "events": "id",
    "quotes": "doc_id, span_start, span_end",
    "places": "doc_id, span_start, span_end",
    "claims": "id",
    "failures": "id",
    "runs": "started, id",
    "merged_events": "id",
}


def _filter(
    filters: EventFilter | None,
    actor: str | None,
    type: str | None,
    since: dt.date | None,
    until: dt.date | None,
    document: str | None,
) -> EventFilter:
    shortcuts = {"actor": actor, "type": type, "since": since, "until": until}
    shortcuts["document"] = document
    given = {k: v for k, v in shortcuts.items() if v is not None}
    return dataclasses.replace(filters or EventFilter(), **given)


def _merged_json(merged: dict[str, Any]) -> dict[str, Any]:
    """A merged event's fields and counts, in the shape ``merged_event`` and the API share."""
    location = None
    if merged["location_id"] is not None:
        location = {f: merged[f"location_{f}"] for f in ("id", "name", "country", "lat", "lon")}
    return {
        "id": merged["id"],
        "type": merged["type"],
        "mode": merged["mode"],
        "cameo": merged["cameo"],
        "quad_class": merged["quad_class"],
        "source": _ref_json(merged, "source"),
        "target": _ref_json(merged, "target"),
        "negated": merged["negated"],
        "date": _iso(merged["date"]),
        "date_precision": merged["date_precision"],
        "location": location,
        "confidence": merged["confidence"],
        **{
            key: merged[key]
            for key in ("num_mentions", "num_articles", "num_stories", "num_sources")
        },
        "first_seen": _iso(merged["first_seen"]),
        "last_seen": _iso(merged["last_seen"]),
    }


def _by_document(document: str | None) -> tuple[list[str], dict[str, Any]]:
    if document is None:
        return [], {}
    return ["doc_id = $document"], {"document": document}
