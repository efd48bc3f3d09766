"""One pass of ``newsevents watch``: the new items of every source coded into the store (as
one run, through ``pipeline.code_into``), then what is done with noted in one transaction.

An item is done with when all its documents are stored (or were already), or refused for good
(empty, not English, a stage failing on it). An item whose fetch failed (unreachable, timed
out, an HTTP error) is not: the next pass tries it again. A feed's ETag / Last-Modified are
kept only once every new item of it is done with, else the next pass's conditional GET would
get a 304 and never see the items left over.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsevents.errors import PATH_CODES, TRANSIENT_CODES
from newsevents.ingest.fetch import Fetcher
from newsevents.models import Document, Failure
from newsevents.pipeline import RunReport, code_into
from newsevents.settings import DEFAULT, Settings
from newsevents.store import Store
from newsevents.store.watch import SeenItem
from newsevents.watch.sources import Pending, new_items


@dataclass(frozen=True)
class PassReport:
    number: int
    started: dt.datetime
    sources: int
    not_modified: int
    unreachable: int
    new_items: int
    stopped: bool
    seconds: float
    report: RunReport

    @property
    def unreadable(self) -> bool:
        """Whether an input could not be read at all (exit code 1 for a last pass)."""
        return any(code in PATH_CODES for code in self.report.skipped)

    def line(self) -> str:
        """The one log line of the pass."""
        r = self.report
        skipped = sum(r.skipped.values())
        codes = ", ".join(f"{code} {n}" for code, n in sorted(r.skipped.items()))
        return (
            f"pass {self.number} {self.started:%Y-%m-%dT%H:%M:%SZ}: {_n(self.sources, 'source')} "
            f"({self.not_modified} not modified, {self.unreachable} unreachable), "
            f"{_n(self.new_items, 'new item')}: {r.documents_stored} stored, "
            f"{r.documents_already_stored} already stored, {skipped} skipped"
            f"{f' ({codes})' if codes else ''}; {r.events} events; {self.seconds:.1f} s"
            f"{'; stopped' if self.stopped else ''}"
        )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def run_pass(
    store: Store,
    sources: Sequence[str],
    fetcher: Fetcher,
    settings: Settings = DEFAULT,
    *,
    number: int = 1,
    published: dt.date | None = None,
    stop: Callable[[], bool] = lambda: False,
    argv: Sequence[str] = (),
) -> PassReport:
    """One pass over ``sources``: code what is new, then note what is done with. ``stop`` is
    asked between documents; when it says yes, what was read is coded and noted, and the
    rest is left for the next pass."""
    started = dt.datetime.now(dt.UTC)
    clock = time.monotonic()
    run_id = store.start_run(list(argv))
    states = {source: store.watch_state(source) for source in sources}
    pending = Pending()

    def stream():
        for source in sources:
            if stop():
                return
            yield from new_items(
                source, states[source], fetcher, settings, published, stop, pending
            )

    report = code_into(store, stream(), run_id, settings)
    seen, validators = _settle(store, pending, report)
    store.record_watch(seen, sorted(pending.visited), validators)
    store.finish_run(run_id, report.counts())
    return PassReport(
        number=number,
        started=started,
        sources=len(pending.visited),
        not_modified=len(pending.not_modified),
        unreachable=len(pending.unreachable),
        new_items=len(pending.results),
        stopped=stop(),
        seconds=time.monotonic() - clock,
        report=report,
    )


def _settle(
    store: Store, pending: Pending, report: RunReport
) -> tuple[list[SeenItem], dict[str, tuple[str | None, str | None]]]:
    """The items done with, and the validators that may be kept."""
    documents = [
        r.doc_id for results in pending.results.values() for r in results if isinstance(r, Document)
    ]
    stored = store.known(documents)
    # A document refused after reading (a stage failing, an id clash) is done with too.
    refused = {(f.doc_id, f.source): f.code for f in report.failures if f.doc_id}
    seen: list[SeenItem] = []
    unfinished = {source for source in pending.visited if source not in pending.complete}
    for (source, key), results in pending.results.items():
        doc_id: str | None = None
        code: str | None = None
        done = True
        for result in results:
            if isinstance(result, Failure):
                if result.code in TRANSIENT_CODES:
                    done = False
                code = code or result.code
            elif result.doc_id in stored:
                doc_id = doc_id or result.doc_id
            elif (result.doc_id, result.source) in refused:
                code = code or refused[(result.doc_id, result.source)]
            else:
                done = False  # never coded: the pass stopped first
        if done:
            seen.append(SeenItem(source, key, doc_id, None if doc_id else code))
        else:
            unfinished.add(source)
    validators = {s: v for s, v in pending.validators.items() if s not in unfinished}
    return seen, validators
