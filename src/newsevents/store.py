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
import pyarrow as pa

from newsevents.errors import StoreBusy, StoreError
from newsevents.models import ActorRef, Event, Extraction, Failure, Place, Quote

SCHEMA_VERSION = "1"

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

    def __init__(self, path: str | Path = "newsevents.duckdb", *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = _connect(self.path, read_only)
        try:
            self._prepare()
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
        script = resources.files("newsevents").joinpath("schema.sql").read_text(encoding="utf-8")
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
        con.execute(
            "INSERT INTO runs (id, argv) VALUES ($id, $argv)", {"id": run_id, "argv": list(argv)}
        )
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, int]) -> None:
        con = self._writable()
        updated = con.execute(
            "UPDATE runs SET finished = now(), counts = MAP($keys::VARCHAR[], $values::BIGINT[]) "
            "WHERE id = $id",
            {"id": run_id, "keys": list(counts), "values": list(counts.values())},
        ).fetchone()
        if not updated or updated[0] == 0:
            raise StoreError(f"store {self.path} has no run {run_id!r}")

    # -- writing ---------------------------------------------------------------------------

    def known(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of ``doc_ids`` are already stored (a re-run skips them)."""
        con = self.connection
        ids = pa.table({"doc_id": pa.array(list(doc_ids), pa.string())})
        con.register("_ne_known", ids)
        try:
            rows = con.execute(
                "SELECT DISTINCT d.doc_id FROM documents AS d "
                "JOIN _ne_known AS k ON d.doc_id = k.doc_id"
            ).fetchall()
        finally:
            con.unregister("_ne_known")
        return {row[0] for row in rows}

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
        tables = _batch_tables(extractions, failures, run_id)
        con.begin()
        try:
            for name in CHILD_TABLES:
                self._insert(name, tables[name])
            added = self._insert("documents", tables["documents"])
            self._insert("failures", tables["failures"])
            con.commit()
        except duckdb.Error as exc:
            _rollback(con)
            raise StoreError(
                f"cannot write batch to store {self.path}: {exc}; nothing from this batch "
                "was stored"
            ) from exc
        except BaseException:
            _rollback(con)
            raise
        return added

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

        ``actor`` matches the source or target country code, actor id or actor name, ignoring
        case. ``since``/``until`` bound the event date (inclusive); undated events are left
        out when either is given.
        """
        where, params = [], {}
        if actor is not None:
            where.append(
                "lower($actor) IN (lower(source_country), lower(target_country), "
                "lower(source_id), lower(target_id), lower(source_name), lower(target_name))"
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
        columns = "*" if text else "* EXCLUDE (text)"
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


def _document_row(x: Extraction, run_id: str | None) -> dict[str, Any]:
    d = x.document
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
        "publisher": d.publisher,
        "published": published,
        "published_from": d.published_from,
        "attributions": list(x.attributions),
        "flags": list(x.flags),
        "removed": [{"start": r.start, "end": r.end, "reason": r.reason} for r in x.removed],
        "meta": json.dumps(d.meta, sort_keys=True, default=str),
        "text": d.text,
        "run_id": run_id,
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
    if row[f"{prefix}_id"] is None:
        return None
    return {f: row[f"{prefix}_{f}"] for f in ("id", "name", "country", "sector")}


def _event_json(row: dict[str, Any]) -> dict[str, Any]:
    location = None
    if row["location_id"] is not None:
        location = {f: row[f"location_{f}"] for f in ("name", "country", "lat", "lon", "geonameid")}
    return {
        "id": row["id"],
        "type": row["type"],
        "mode": row["mode"],
        "cameo": row["cameo"],
        "quad_class": row["quad_class"],
        "source": _ref_json(row, "source"),
        "target": _ref_json(row, "target"),
        "location": location,
        "date": _iso(row["date"]),
        "date_precision": row["date_precision"],
        "negated": row["negated"],
        "modality": row["modality"],
        "fatalities": row["fatalities"],
        "injured": row["injured"],
        "arrested": row["arrested"],
        "sentence": row["sentence"],
        "span": [row["span_start"], row["span_end"]],
        "confidence": row["confidence"],
        "document_id": row["doc_id"],
        "pattern": row["pattern"],
        "sentence_span": _span(row, "sentence"),
        "source_span": _span(row, "source"),
        "target_span": _span(row, "target"),
    }
