"""Scale-out on Ray Data, and the Parquet tables that both engines can write.

``run`` codes a corpus on a Ray cluster (a local one by default)::

    report = scale.run(["articles/"], "out/", address="auto", concurrency=8)

Inputs become a Ray dataset of document rows: Parquet files through ``ray.data.read_parquet``
(split by row group), every other file through ``newsevents.ingest`` on a worker, so a JSONL or
text file yields exactly the documents a local run reads. A pool of actors (``map_batches``
with a callable class, one loaded pipeline per actor) codes them, and the results are written
as Parquet tables ``documents``, ``actors``, ``events``, ``quotes``, ``places``,
``claims`` and ``failures`` under ``out/<table>/``, with the store's columns. ``load(out,
db)`` puts them into a store; DuckDB reads them directly (``SELECT * FROM 'out/events/*.parquet'``).

Ray is an optional extra (``pip install 'newsevents[ray]'``); only ``run`` needs it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from newsevents import ingest
from newsevents.errors import BadDate, DuplicateId, InputError, NewsEventsError, StoreError
from newsevents.ingest import paths as ingest_paths
from newsevents.models import (
    Actor,
    Document,
    Extraction,
    Failure,
    Quote,
    Removed,
)
from newsevents.settings import DEFAULT, Settings
from newsevents.store.rows import (
    claim_from_row,
    event_from_row,
    pair_from_row,
    place_from_row,
    ref_from_row,
)

TABLES = ("documents", "actors", "events", "quotes", "places", "claims", "failures")

# Columns of a document row in the input dataset. A row with a failure code is an input that
# could not be read (a Failure), not a document.
_INPUT = pa.schema(
    [
        ("doc_id", pa.string()),
        ("text", pa.string()),
        ("source", pa.string()),
        ("format", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("publisher", pa.string()),
        ("published", pa.date32()),
        ("published_from", pa.string()),
        ("meta", pa.string()),
        ("failure_stage", pa.string()),
        ("failure_code", pa.string()),
        ("failure_reason", pa.string()),
    ]
)

# The coded dataset: one row per (batch, table), the table as an Arrow IPC stream, so one
# map_batches pass can produce six tables of different shapes.
_CODED = pa.schema([("table", pa.string()), ("payload", pa.binary())])


@dataclass
class ScaleReport:
    out: Path
    documents: int = 0
    failures: int = 0
    events: int = 0
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        return {"documents": self.documents, "failures": self.failures, "events": self.events}


# -- documents <-> input rows ----------------------------------------------------------------


def _input_row(item: Document | Failure) -> dict[str, Any]:
    if isinstance(item, Failure):
        return {
            "doc_id": item.doc_id,
            "source": item.source,
            "failure_stage": item.stage,
            "failure_code": item.code,
            "failure_reason": item.reason,
        }
    return {
        "doc_id": item.doc_id,
        "text": item.text,
        "source": item.source,
        "format": item.format,
        "title": item.title,
        "url": item.url,
        "publisher": item.publisher,
        "published": item.published,
        "published_from": item.published_from,
        "meta": json.dumps(item.meta, sort_keys=True, default=str),
    }


def _from_input_row(row: dict[str, Any]) -> Document | Failure:
    if row["failure_code"] is not None:
        return Failure(
            row["source"],
            row["failure_stage"],
            row["failure_code"],
            row["failure_reason"],
            row["doc_id"],
        )
    return Document(
        doc_id=row["doc_id"],
        text=row["text"],
        source=row["source"],
        format=row["format"],
        title=row["title"],
        published=row["published"],
        published_from=row["published_from"],
        url=row["url"],
        publisher=row["publisher"],
        meta=json.loads(row["meta"]) if row["meta"] else {},
    )


def _input_table(items: Iterable[Document | Failure]) -> pa.Table:
    return pa.Table.from_pylist([_input_row(i) for i in items], schema=_INPUT)


def _read_files(batch: pa.Table, published: dt.date | None, max_bytes: int) -> pa.Table:
    """Ray task: the documents (and failures) in a batch of file paths, read by ``ingest``."""
    paths = batch.column("path").to_pylist()
    return _input_table(ingest.read(paths, published=published, max_bytes=max_bytes))


def _parquet_documents(batch: pa.Table, published: dt.date | None) -> pa.Table:
    """Ray task: Parquet article rows (``text`` and optionally ``id``, ``title``,
    ``published``, ``url``, ``publisher``) to documents, under the rules of a text input."""
    items: list[Document | Failure] = []
    names = set(batch.column_names)
    for row in batch.to_pylist():
        source = str(row.get("path") or "<parquet>")
        given = row.get("published") if "published" in names else None
        if isinstance(given, dt.datetime):
            date = given.date()
        elif isinstance(given, dt.date):
            date = given
        elif given not in (None, ""):
            date = ingest.parse_date(str(given))
            if date is None:
                reason = f"cannot read the published date {given!r}; use YYYY-MM-DD"
                items.append(Failure(source, ingest.STAGE, BadDate.code, reason))
                continue
        else:
            date = published
        try:
            document = ingest.from_text(
                str(row.get("text") or ""),
                source=source,
                doc_id=str(row["id"]) if row.get("id") is not None else None,
                title=row.get("title"),
                published=date,
            )
        except InputError as error:
            items.append(Failure(source, ingest.STAGE, error.code, error.message))
            continue
        items.append(
            Document(
                doc_id=document.doc_id,
                text=document.text,
                source=document.source,
                format="parquet",
                title=document.title,
                published=document.published,
                published_from="metadata" if given not in (None, "") else document.published_from,
                url=row.get("url"),
                publisher=row.get("publisher"),
                meta=document.meta,
            )
        )
    return _input_table(items)


# -- coding ------------------------------------------------------------------------------------


def _ipc(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _unipc(payload: bytes) -> pa.Table:
    return pa.ipc.open_stream(payload).read_all()


def record_tables(extractions: Sequence[Extraction], failures: Sequence[Failure]) -> dict:
    """The output tables of one batch, with the store's columns."""
    # The store owns the row layout; its tables are what `load` and DuckDB read back.
    from newsevents.store.rows import _batch_tables

    kept, clashes = _without_clashes(extractions, {})
    tables = _batch_tables(kept, [*failures, *clashes], None)
    return {name: tables[name] for name in TABLES}


def _without_clashes(
    extractions: Sequence[Extraction], known: dict[str, str]
) -> tuple[list[Extraction], list[Failure]]:
    """The extractions whose id no other text holds (``known``: doc_id -> SHA-256 of its text,
    updated), and a failure (NE045) for each second text under an id: as in a local run, it is
    counted, not skipped as a copy."""
    kept: list[Extraction] = []
    clashes: list[Failure] = []
    for x in extractions:
        document = x.document
        digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        if known.setdefault(document.doc_id, digest) != digest:
            reason = (
                f"id {document.doc_id!r} already belongs to a document with another text; "
                "give this one its own id"
            )
            clashes.append(
                Failure(document.source, ingest.STAGE, DuplicateId.code, reason, document.doc_id)
            )
            continue
        kept.append(x)
    return kept, clashes


class Coder:
    """Ray actor: one loaded pipeline, coding batches of input rows into the six tables."""

    def __init__(self, settings: dict[str, Any]):
        from newsevents.pipeline import build_nlp

        # Settings travel as plain values: Ray hashes constructor arguments, and a frozen
        # slots dataclass is not reliably rebuilt on the worker. One process per actor: Ray
        # provides the parallelism.
        self.settings = Settings(
            model=settings["model"],
            batch_size=settings["batch_size"],
            n_process=1,
            max_chars=settings["max_chars"],
            event_model=settings.get("event_model", True),
            dictionaries=tuple(Path(p) for p in settings["dictionaries"]),
        )
        build_nlp(
            self.settings.model,
            tuple(str(p) for p in self.settings.dictionaries),
            self.settings.event_model,
        )

    def __call__(self, batch: pa.Table) -> pa.Table:
        from newsevents.pipeline import extract

        items = [_from_input_row(row) for row in batch.to_pylist()]
        failures = [i for i in items if isinstance(i, Failure)]
        extractions: list[Extraction] = []
        for result in extract((i for i in items if isinstance(i, Document)), self.settings):
            if isinstance(result, Failure):
                failures.append(result)
            else:
                extractions.append(result)
        tables = record_tables(extractions, failures)
        return pa.Table.from_pylist(
            [{"table": name, "payload": _ipc(tables[name])} for name in TABLES], schema=_CODED
        )


def _expand(paths: Iterable[str | Path]) -> tuple[list[str], list[str], list[Failure]]:
    """Input files split into Parquet and other files, in ``ingest.read``'s order."""
    parquet: list[str] = []
    other: list[str] = []
    missing: list[Failure] = []
    for item in paths:
        # The same walk as ingest.read: every path ends as a file or a coded failure.
        for file in ingest_paths.files(item):
            if isinstance(file, InputError):
                source = file.source or ingest_paths.source_name(item)
                missing.append(Failure(source, ingest.STAGE, file.code, file.message))
                continue
            (parquet if file.suffix.lower() == ".parquet" else other).append(str(file))
    return parquet, other, missing


def read_documents(
    paths: Sequence[str | Path],
    *,
    published: dt.date | None = None,
    settings: Settings = DEFAULT,
) -> Any:
    """A Ray dataset of input rows (documents and unreadable inputs) from files and folders."""
    import ray.data

    parquet, other, missing = _expand(paths)
    parts = []
    if missing:
        parts.append(ray.data.from_arrow(_input_table(missing)))
    if other:
        files = ray.data.from_items(
            [{"path": p} for p in other], override_num_blocks=max(1, len(other))
        )
        parts.append(
            files.map_batches(
                _read_files,
                batch_size=1,
                batch_format="pyarrow",
                fn_kwargs={"published": published, "max_bytes": settings.max_chars * 4},
            )
        )
    if parquet:
        parts.append(
            ray.data.read_parquet(parquet, include_paths=True).map_batches(
                _parquet_documents, batch_format="pyarrow", fn_kwargs={"published": published}
            )
        )
    if not parts:
        return ray.data.from_arrow(_input_table([]))
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


def _decode(table_name: str) -> Any:
    def decode(batch: pa.Table) -> pa.Table:
        payloads = [
            p
            for t, p in zip(
                batch.column("table").to_pylist(), batch.column("payload").to_pylist(), strict=True
            )
            if t == table_name
        ]
        empty = record_tables([], [])[table_name]
        return pa.concat_tables([empty, *(_unipc(p) for p in payloads)])

    return decode


def run(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    address: str | None = None,
    concurrency: int | None = None,
    published: dt.date | None = None,
    settings: Settings = DEFAULT,
    batch_size: int | None = None,
) -> ScaleReport:
    """Code every document under ``paths`` on Ray and write the Parquet tables to ``out``.

    ``address`` is passed to ``ray.init``: None starts (or joins) a local cluster, ``"auto"``
    joins the cluster this machine belongs to, ``"ray://host:10001"`` connects a Ray client.
    ``concurrency`` is the number of coding actors (default: the cluster's CPUs).
    """
    try:
        import ray
        import ray.data
    except ImportError as error:
        raise NewsEventsError("the Ray engine needs Ray: pip install 'newsevents[ray]'") from error

    started = time.perf_counter()
    out = Path(out)
    _check_out(out)
    if not ray.is_initialized():
        options: dict[str, Any] = {"log_to_driver": False, "include_dashboard": False}
        if address is None:
            # A cluster started here stays on loopback: nothing listens beyond this machine.
            options["_node_ip_address"] = "127.0.0.1"
        ray.init(address=address, **options)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    actors = concurrency or max(1, int(ray.cluster_resources().get("CPU", 1)))
    inputs = read_documents(paths, published=published, settings=settings)
    coded = inputs.map_batches(
        Coder,
        batch_size=batch_size or max(settings.batch_size, 16),
        batch_format="pyarrow",
        fn_constructor_kwargs={
            "settings": {
                "model": settings.model,
                "batch_size": settings.batch_size,
                "max_chars": settings.max_chars,
                "event_model": settings.event_model,
                "dictionaries": [str(p) for p in settings.dictionaries],
            }
        },
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
    ).materialize()
    for name in TABLES:
        coded.map_batches(_decode(name), batch_format="pyarrow").write_parquet(
            str(out / name), min_rows_per_file=10_000
        )
    _fill_empty(out)
    report = ScaleReport(out=out, seconds=time.perf_counter() - started)
    con = duckdb.connect()
    report.documents = _count(con, out, "documents")
    report.events = _count(con, out, "events")
    report.failures = _count(con, out, "failures")
    return report


def write_local(
    results: Iterable[Extraction | Failure],
    out: str | Path,
    *,
    part: int = 0,
    batch_documents: int = 256,
) -> ScaleReport:
    """The local engine's Parquet output: the same tables as ``run``, from ``extract``."""
    started = time.perf_counter()
    out = Path(out)
    _check_out(out)
    report = ScaleReport(out=out)
    writers: dict[str, pq.ParquetWriter] = {}
    try:
        batch: list[Extraction | Failure] = []

        def flush() -> None:
            extractions = [r for r in batch if isinstance(r, Extraction)]
            failures = [r for r in batch if isinstance(r, Failure)]
            report.documents += len(extractions)
            report.failures += len(failures)
            report.events += sum(len(x.events) for x in extractions)
            for name, table in record_tables(extractions, failures).items():
                if name not in writers:
                    (out / name).mkdir(parents=True, exist_ok=True)
                    writers[name] = pq.ParquetWriter(
                        out / name / f"part-{part:05d}.parquet", table.schema
                    )
                writers[name].write_table(table)
            batch.clear()

        for result in results:
            batch.append(result)
            if len(batch) >= batch_documents:
                flush()
        flush()
    finally:
        for writer in writers.values():
            writer.close()
    report.seconds = time.perf_counter() - started
    return report


def _check_out(out: Path) -> None:
    existing = [name for name in TABLES if (out / name).exists() and any((out / name).iterdir())]
    if existing:
        raise StoreError(
            f"{out} already holds Parquet tables ({', '.join(existing)}): give an empty or new "
            "folder, so two runs never mix"
        )


def _fill_empty(out: Path) -> None:
    """Every table gets at least one (possibly empty) file, so ``out/<table>/*.parquet``
    always reads in DuckDB."""
    empty = record_tables([], [])
    for name in TABLES:
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        if not any(folder.glob("*.parquet")):
            pq.write_table(empty[name], folder / "empty.parquet")


def _glob(out: Path, name: str) -> str:
    return str(out / name / "*.parquet")


def _count(con: duckdb.DuckDBPyConnection, out: Path, name: str) -> int:
    row = con.execute("SELECT count(*) FROM read_parquet($g)", {"g": _glob(out, name)}).fetchone()
    return int(row[0]) if row else 0


# -- Parquet tables -> records -----------------------------------------------------------------


def _groups(
    con: duckdb.DuckDBPyConnection, out: Path, name: str
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(doc_id, rows) in doc_id order, rows in the order they were written."""
    # A document's rows come from one coded batch, hence one file, in extraction order.
    relation = con.sql(
        "SELECT * EXCLUDE (filename, file_row_number) FROM "
        "read_parquet($g, filename = true, file_row_number = true) "
        "ORDER BY doc_id, filename, file_row_number",
        params={"g": _glob(out, name)},
    )
    current: str | None = None
    rows: list[dict[str, Any]] = []
    for batch in relation.to_arrow_reader(4096):
        for row in batch.to_pylist():
            if row["doc_id"] != current:
                if current is not None:
                    yield current, rows
                current, rows = row["doc_id"], []
            rows.append(row)
    if current is not None:
        yield current, rows


class _Children:
    """A table's rows for the next document, read alongside the documents in doc_id order."""

    def __init__(self, groups: Iterator[tuple[str, list[dict[str, Any]]]]):
        self._groups = groups
        self._next = next(groups, None)

    def take(self, doc_id: str) -> list[dict[str, Any]]:
        while self._next is not None and self._next[0] < doc_id:
            self._next = next(self._groups, None)
        if self._next is not None and self._next[0] == doc_id:
            rows = self._next[1]
            self._next = next(self._groups, None)
            return rows
        return []


def _extraction(doc: dict[str, Any], children: dict[str, _Children]) -> Extraction:
    doc_id = doc["doc_id"]
    document = Document(
        doc_id=doc_id,
        text=doc["text"],
        source=doc["source"],
        format=doc["format"],
        title=doc["title"],
        published=doc["published"],
        published_from=doc["published_from"],
        url=doc["url"],
        publisher=doc["publisher"],
        meta=json.loads(doc["meta"]) if doc["meta"] else {},
    )
    return Extraction(
        document=document,
        attributions=tuple(doc["attributions"] or ()),
        flags=tuple(doc["flags"] or ()),
        removed=tuple(Removed(r["start"], r["end"], r["reason"]) for r in doc["removed"] or ()),
        actors=tuple(
            Actor(
                id=a["actor_id"],
                name=a["name"],
                country=a["country"],
                sector=a["sector"],
                kind=a["kind"],
                mentions=tuple((m["start"], m["end"]) for m in a["mentions"] or ()),
                entry=a["entry"],
                igo=a["igo"],
            )
            for a in children["actors"].take(doc_id)
        ),
        events=tuple(event_from_row(e) for e in children["events"].take(doc_id)),
        quotes=tuple(
            Quote(
                text=q["text"],
                speaker=ref_from_row(q, "speaker"),
                span=(q["span_start"], q["span_end"]),
                speaker_span=pair_from_row(q, "speaker"),
                cue=q["cue"],
            )
            for q in children["quotes"].take(doc_id)
        ),
        places=tuple(place_from_row(p) for p in children["places"].take(doc_id)),
        claims=tuple(claim_from_row(c) for c in children["claims"].take(doc_id)),
    )


def read_extractions(out: str | Path) -> Iterator[Extraction]:
    """The extractions in a Parquet output folder, in doc_id order, streamed."""
    out = Path(out)
    con = duckdb.connect()
    try:
        children = {
            name: _Children(_groups(con.cursor(), out, name))
            for name in ("actors", "events", "quotes", "places", "claims")
        }
        for _, rows in _groups(con.cursor(), out, "documents"):
            yield _extraction(rows[0], children)
    finally:
        con.close()


def read_failures(out: str | Path) -> list[Failure]:
    con = duckdb.connect()
    try:
        rows = con.execute(
            "SELECT source, stage, code, reason, doc_id FROM read_parquet($g) ORDER BY id",
            {"g": _glob(Path(out), "failures")},
        ).fetchall()
    finally:
        con.close()
    return [Failure(*row) for row in rows]


def load(
    out: str | Path, db: str | Path, *, argv: Sequence[str] = (), batch_documents: int = 256
) -> dict[str, int]:
    """Put a Parquet output folder into a store (documents already stored are skipped)."""
    from newsevents.store import Store

    out = Path(out)
    if not (out / "documents").is_dir():
        raise StoreError(f"{out} has no documents/ folder: not a newsevents Parquet output")
    counts = {"documents_read": 0, "documents_stored": 0, "failures": 0}
    with Store(db) as store:
        run_id = store.start_run(list(argv))
        batch: list[Extraction] = []
        clashes: list[Failure] = []
        seen: dict[str, str] = {}  # doc_id -> SHA-256 of its text, this load

        def admitted(batch: list[Extraction]) -> list[Extraction]:
            # Ray workers code their blocks apart: a clash across blocks shows here.
            seen.update(store.digests(x.document.doc_id for x in batch))
            kept, found = _without_clashes(batch, seen)
            clashes.extend(found)
            return kept

        for extraction in read_extractions(out):
            batch.append(extraction)
            counts["documents_read"] += 1
            if len(batch) >= batch_documents:
                counts["documents_stored"] += store.write(admitted(batch), run_id=run_id)
                batch = []
        failures = read_failures(out)
        batch = admitted(batch)
        failures += clashes
        counts["documents_stored"] += store.write(batch, failures, run_id=run_id)
        counts["failures"] = len(failures)
        store.finish_run(run_id, counts)
    return counts
