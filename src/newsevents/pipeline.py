"""The one place that knows the stage order: documents in, extractions out, store filled."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsevents import clean as clean_stage
from newsevents import dictionaries as dictionary_files
from newsevents import ingest, workers
from newsevents.errors import (
    DocumentTooLarge,
    DuplicateId,
    NewsEventsError,
    StageError,
    StoreBroken,
    StoreBusy,
    StoreError,
)
from newsevents.models import CleanDocument, Document, Extraction, Failure
from newsevents.nlp import COMPONENTS, DOC_ID, PUBLISHED, base_model
from newsevents.records import to_extraction
from newsevents.settings import DEFAULT, Settings

log = logging.getLogger("newsevents")


def build_nlp(
    model: str = DEFAULT.model,
    dictionaries: tuple[str, ...] = (),
    event_model: bool = DEFAULT.event_model,
) -> Language:
    """The full annotating pipeline, built once per process and configuration."""
    return _build_nlp(model, tuple(str(d) for d in dictionaries), event_model)


@functools.cache
def _build_nlp(model: str, dictionaries: tuple[str, ...], event_model: bool) -> Language:
    # Importing the stage modules registers their spaCy factories.
    from newsevents import actors, dates, events, places, quotes  # noqa: F401
    from newsevents.claims import component as claims  # noqa: F401
    from newsevents.classify import component  # noqa: F401

    nlp = base_model(model)
    # Every user file is read and validated here, once; each component gets only the files
    # of its own kinds, in its config, so nlp.config records what coded a dataset.
    routed = dictionary_files.route(dictionaries)
    for name in COMPONENTS:
        if name == "newsevents_event_types" and not event_model:
            continue
        files = routed.get(name)
        config: dict[str, Any] = {"dictionaries": files} if files else {}
        if name == "newsevents_events" and event_model:
            # The learned stage after it judges events no coded actor fills.
            config["keep_unfilled"] = True
        nlp.add_pipe(name, config=config)
    return nlp


class _ErrorLog:
    """spaCy error handler: a component failing on one document drops that document from the
    stream (spaCy's contract); we remember why so the batch can report it and go on."""

    def __init__(self, strict: bool):
        self.strict = strict
        self.reasons: dict[int, str] = {}

    def __call__(self, name: str, proc: Any, docs: list[Doc], error: Exception) -> None:
        if self.strict:
            raise error
        for doc in docs:
            # The position in the batch, not the doc_id: two inputs may share an id.
            self.reasons[doc.user_data.get(_POSITION, -1)] = f"{name}: {_describe(error)}"
            log.warning("document %s failed in %s: %s", doc._.get(DOC_ID), name, error)


_POSITION = "newsevents_position"


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {' '.join(str(error).split())[:500]}"


def extract(
    documents: Iterable[Document], settings: Settings = DEFAULT, *, strict: bool = False
) -> Iterator[Extraction | Failure]:
    """Clean, annotate and turn documents into records, in input order.

    A document that fails (too large, cleaning or a stage raising, its records not building)
    comes out as a ``Failure``; the other documents are not affected. ``strict`` re-raises
    instead (for tests).
    """
    nlp = build_nlp(
        settings.model, tuple(str(p) for p in settings.dictionaries), settings.event_model
    )
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    errors = _ErrorLog(strict)
    # Language.set_error_handler() trips over spaCy's Cython parser (it has no error_handler
    # slot); our stages are plain callables, which spaCy runs under default_error_handler.
    nlp.default_error_handler = errors
    from newsevents.classify.component import EventTypes

    for _, proc in nlp.pipeline:
        # A stage with its own batched pipe() reports failures to the same handler.
        if isinstance(proc, EventTypes):
            proc.set_error_handler(errors)
    patterns = clean_stage.load_patterns(dictionary_files.route(settings.dictionaries)["clean"])
    # Documents read but not yet given out, by input position (in order): what cleaning made
    # of them, or why they failed. Only those spaCy has read ahead are held.
    waiting: dict[int, tuple[Document, CleanDocument | Failure]] = {}

    # An error of the input stream itself (the store it checks ids against, a reader) is not a
    # spaCy batch failing: the stream ends there, what was read is finished, then it is raised.
    input_errors: list[Exception] = []

    def inputs() -> Iterator[Document]:
        iterator = iter(documents)
        while True:
            try:
                yield next(iterator)
            except StopIteration:
                return
            except Exception as error:
                input_errors.append(error)
                return

    def feed() -> Iterator[tuple[Doc, int]]:
        for position, document in enumerate(inputs()):
            doc, outcome = _prepare(document, position, nlp, patterns, settings, strict)
            waiting[position] = (document, outcome)
            if doc is not None:
                yield doc, position

    stream = workers.Stoppable(feed())
    # One nlp.pipe over the whole stream, so that n_process workers start once. A batch-level
    # error from spaCy's own components ends the pipe: the documents it held are annotated
    # one at a time, and a new pipe takes up the rest of the stream.
    while True:
        try:
            for doc, position in workers.pipe(
                nlp,
                stream,
                as_tuples=True,
                batch_size=settings.batch_size,
                n_process=settings.n_process,
            ):
                yield from _released(waiting, errors, before=position)
                document, cleaned = waiting.pop(position)
                yield _records(cleaned, doc, strict)  # type: ignore[arg-type]
            break
        except Exception:
            if errors.strict:
                raise
            log.warning("a batch failed; retrying its documents one at a time", exc_info=True)
            for position in list(waiting):
                document, outcome = waiting.pop(position)
                yield _alone(nlp, document, outcome, position, errors, strict)
    yield from _released(waiting, errors, before=None)
    if input_errors:
        raise input_errors[0]


def _released(
    waiting: dict[int, tuple[Document, CleanDocument | Failure]],
    errors: _ErrorLog,
    before: int | None,
) -> Iterator[Failure]:
    """Give out, in order, the waiting documents before ``before`` (all if None): those that
    failed before the pipeline, and those a component dropped from the stream."""
    while waiting:
        position = next(iter(waiting))
        if before is not None and position >= before:
            return
        document, outcome = waiting.pop(position)
        if isinstance(outcome, Failure):
            yield outcome
        else:
            reason = errors.reasons.pop(position, "a pipeline component failed (see the log)")
            yield Failure(document.source, "nlp", StageError.code, reason, document.doc_id)


def _alone(
    nlp: Language,
    document: Document,
    outcome: CleanDocument | Failure,
    position: int,
    errors: _ErrorLog,
    strict: bool,
) -> Extraction | Failure:
    """Annotate one document on its own (after a batch failed), or say why it failed."""
    if isinstance(outcome, Failure):
        return outcome
    doc = nlp.make_doc(outcome.body)
    doc._.set(DOC_ID, document.doc_id)
    doc._.set(PUBLISHED, document.published.isoformat() if document.published else None)
    doc.user_data[_POSITION] = position
    try:
        # Language.__call__ reports a plain component's error to the handler and goes on
        # with the next component: a reason recorded means the document failed.
        doc = nlp(doc)
    except Exception as error:
        errors.reasons.pop(position, None)
        return Failure(document.source, "nlp", StageError.code, _describe(error), document.doc_id)
    if position in errors.reasons:
        reason = errors.reasons.pop(position)
        return Failure(document.source, "nlp", StageError.code, reason, document.doc_id)
    return _records(outcome, doc, strict)


def _prepare(
    document: Document,
    position: int,
    nlp: Language,
    patterns: clean_stage.Patterns,
    settings: Settings,
    strict: bool,
) -> tuple[Doc | None, Any]:
    """(Doc, CleanDocument) ready for the pipeline, or (None, Failure)."""
    if len(document.text) > settings.max_chars:
        error = DocumentTooLarge(
            f"{len(document.text):,} characters is over the limit of "
            f"{settings.max_chars:,} (Settings.max_chars)",
            source=document.source,
        )
        return None, _failure(document, "nlp", error)
    try:
        cleaned = clean_stage.clean(document, patterns)
        doc = nlp.make_doc(cleaned.body)
    except NewsEventsError as error:
        return None, _failure(document, "clean", error)
    except Exception as error:
        if strict:
            raise
        log.warning("cleaning %s failed", document.source, exc_info=True)
        reason = f"clean: {_describe(error)}"
        return None, Failure(document.source, "clean", StageError.code, reason, document.doc_id)
    doc._.set(DOC_ID, document.doc_id)
    doc._.set(PUBLISHED, document.published.isoformat() if document.published else None)
    doc.user_data[_POSITION] = position
    return doc, cleaned


def _records(cleaned: CleanDocument, doc: Doc, strict: bool) -> Extraction | Failure:
    try:
        return to_extraction(cleaned, doc)
    except Exception as error:
        if strict:
            raise
        document = cleaned.document
        log.warning("building records for %s failed", document.source, exc_info=True)
        reason = f"records: {_describe(error)}"
        return Failure(document.source, "nlp", StageError.code, reason, document.doc_id)


def _failure(document: Document, stage: str, error: NewsEventsError) -> Failure:
    return Failure(document.source, stage, error.code, error.message, document.doc_id)


def process(
    text: str,
    *,
    published: dt.date | str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    settings: Settings = DEFAULT,
) -> Extraction:
    """Extract events, actors, quotes and places from one text (the Python entry point)."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    document = ingest.from_text(
        text, source="<text>", doc_id=doc_id, title=title, published=published
    )
    (result,) = extract([document], settings, strict=True)
    assert isinstance(result, Extraction)
    return result


@dataclass
class RunReport:
    documents_read: int = 0
    documents_stored: int = 0
    documents_already_stored: int = 0
    events: int = 0
    quotes: int = 0
    places: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)

    # Documents stored without a publication date (relative dates unresolved): the CLI says
    # so once, with how to give one.
    undated: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "documents_read": self.documents_read,
            "documents_stored": self.documents_stored,
            "documents_already_stored": self.documents_already_stored,
            "skipped": sum(self.skipped.values()),
            "events": self.events,
            "quotes": self.quotes,
            "places": self.places,
        }


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def run(
    inputs: Sequence[str | Path],
    db: str | Path,
    *,
    published: dt.date | None = None,
    settings: Settings = DEFAULT,
    argv: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
    batch_documents: int = 64,
) -> RunReport:
    """Read ``inputs``, code every new document and store it. A re-run skips stored documents;
    each batch is written in one transaction, so a killed run resumes without duplicates."""
    from newsevents.store import Store

    with Store(db, duplicate_threshold=settings.duplicate_threshold) as store:
        run_id = store.start_run(list(argv))
        read = ingest.read(
            inputs,
            published=published,
            max_bytes=settings.max_chars * 4,
            text_column=settings.text_column,
            web_settings=settings.web,
            skip=store_files(db),
        )
        report = code_into(
            store, read, run_id, settings, progress=progress, batch_documents=batch_documents
        )
        store.finish_run(run_id, report.counts())
    return report


def code_into(
    store: Any,
    items: Iterable[Document | Failure],
    run_id: str,
    settings: Settings = DEFAULT,
    *,
    progress: Callable[[int], None] | None = None,
    batch_documents: int = 64,
) -> RunReport:
    """Code the new documents of ``items`` (read by ``ingest``) into an open ``store``, in
    batches of one transaction each, as part of run ``run_id``; stored documents are skipped,
    failures recorded. ``run`` and ``newsevents watch`` (one call per pass) share it."""
    report = RunReport()
    seen: dict[str, str] = {}  # doc_id -> SHA-256 of its text, this run

    def new_documents(items: Iterable[Document | Failure]) -> Iterator[Document | Failure]:
        for batch in _batched(items, batch_documents):
            ids = [d.doc_id for d in batch if isinstance(d, Document)]
            known = {**store.digests(ids), **seen}
            for item in batch:
                if isinstance(item, Failure):
                    yield item
                    continue
                report.documents_read += 1
                digest = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
                if item.doc_id in known:
                    if known[item.doc_id] != digest:
                        # The first text stored under an id wins; a second text under it
                        # would otherwise vanish as "already stored".
                        yield _failure(
                            item,
                            "ingest",
                            DuplicateId(
                                f"id {item.doc_id!r} already belongs to a document with "
                                "another text; give this one its own id"
                            ),
                        )
                        continue
                    report.documents_already_stored += 1
                    if progress:
                        progress(1)
                    continue
                seen[item.doc_id] = known[item.doc_id] = digest
                yield item

    failures_in_ingest: list[Failure] = []

    def documents_only() -> Iterator[Document]:
        for item in new_documents(items):
            if isinstance(item, Failure):
                failures_in_ingest.append(item)
            else:
                yield item

    for batch in _batched(extract(documents_only(), settings), batch_documents):
        extractions = [r for r in batch if isinstance(r, Extraction)]
        failures = [r for r in batch if isinstance(r, Failure)] + failures_in_ingest
        failures_in_ingest.clear()
        extractions, added = _write(store, extractions, failures, run_id)
        _tally(report, extractions, failures)
        report.documents_already_stored += len(extractions) - added
        report.documents_stored -= len(extractions) - added
        if progress:
            progress(len(batch))
    if failures_in_ingest:
        store.write([], failures_in_ingest, run_id=run_id)
        _tally(report, [], failures_in_ingest)
    return report


def _write(
    store: Any, extractions: list[Extraction], failures: list[Failure], run_id: str
) -> tuple[list[Extraction], int]:
    """Write a batch in one transaction; if the store refuses it, write its documents one at a
    time so that a document it cannot hold costs that document only (it becomes a Failure).
    Returns the extractions written (or found already stored) and how many were added."""
    try:
        return extractions, store.write(extractions, failures, run_id=run_id)
    except (StoreBusy, StoreBroken):
        raise
    except StoreError:
        if not extractions:
            raise
        log.warning("the store refused a batch; writing its documents one at a time", exc_info=True)
    added = 0
    written = []
    for extraction in extractions:
        try:
            added += store.write([extraction], [], run_id=run_id)
            written.append(extraction)
        except (StoreBusy, StoreBroken):
            raise
        except StoreError as error:
            document = extraction.document
            failures.append(
                Failure(document.source, "store", error.code, error.message, document.doc_id)
            )
    # If the store cannot take even the failures, it is broken, not the documents: stop.
    store.write([], failures, run_id=run_id)
    return written, added


@dataclass
class RecodeReport:
    documents: int = 0
    recoded: int = 0
    events_before: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)
    undated: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "documents": self.documents,
            "recoded": self.recoded,
            "failed": len(self.failures),
            "events_before": self.events_before,
            "events": self.events,
        }


def recode(
    db: str | Path,
    *,
    published: dt.date | None = None,
    settings: Settings = DEFAULT,
    argv: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
    batch_documents: int = 64,
) -> RecodeReport:
    """Code every stored document again from its stored text, with ``settings`` (today's
    dictionaries and model) and, for documents whose metadata gives no date, ``published``.

    Each batch replaces its documents' extractions in one transaction (``Store.replace``):
    ids are the same deterministic ids, and merges are recomputed for every group touched, so
    a recode with nothing changed changes nothing. A document the pipeline fails on keeps
    what it had and is reported."""
    from newsevents.store import Store

    report = RecodeReport()
    with Store(db, duplicate_threshold=settings.duplicate_threshold) as store:
        run_id = store.start_run(list(argv))
        report.events_before = store.counts()["events"]

        def documents() -> Iterator[Document]:
            for document in store.stored_documents():
                report.documents += 1
                if published is not None and document.published_from != "metadata":
                    document = dataclasses.replace(
                        document, published=published, published_from="option"
                    )
                yield document

        for batch in _batched(extract(documents(), settings), batch_documents):
            extractions = [r for r in batch if isinstance(r, Extraction)]
            report.failures += [r for r in batch if isinstance(r, Failure)]
            report.recoded += store.replace(extractions, run_id=run_id)
            report.undated += sum(1 for e in extractions if e.document.published is None)
            if progress:
                progress(len(batch))
        report.events = store.counts()["events"]
        store.finish_run(run_id, report.counts())
    return report


def store_files(db: str | Path) -> frozenset[Path]:
    """The store file and DuckDB's write-ahead log beside it, resolved: a store kept inside a
    folder that is read is not an input (neither a document nor a failure)."""
    resolved = Path(db).resolve()
    return frozenset({resolved, resolved.with_name(resolved.name + ".wal")})


def _tally(report: RunReport, extractions: list[Extraction], failures: list[Failure]) -> None:
    report.documents_stored += len(extractions)
    report.undated += sum(1 for e in extractions if e.document.published is None)
    report.events += sum(len(e.events) for e in extractions)
    report.quotes += sum(len(e.quotes) for e in extractions)
    report.places += sum(len(e.places) for e in extractions)
    for failure in failures:
        report.skipped[failure.code] += 1
        report.failures.append(failure)
