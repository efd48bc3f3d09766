"""The server's limits: rows per page, seconds per query, bytes per answer, queries at once.

A query past its time is interrupted inside DuckDB (``interrupt()`` from a timer), so a slow
filter frees its thread instead of holding it; an answer over the byte limit is refused
before it is sent. Requests read the store a few at a time (``concurrent_queries``, one slot
each): the others wait for a slot on the event loop, holding no thread, and a query's clock
starts once it has its slot, so a busy server answers late rather than interrupting queries
that only waited for the CPU; a request that finds no slot within ``queue_seconds`` is
refused. All of these come back to the client as problems (``problems``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import anyio
from fastapi import Request

from newsevents.errors import AnswerTooLarge, QueryTooSlow, ServerBusy
from newsevents.store import Store

# The largest page a request may ask for, and the page it gets when it names none.
MAX_PAGE = 500
DEFAULT_PAGE = 50


@dataclasses.dataclass(frozen=True)
class Limits:
    """How much one request may cost the server."""

    query_seconds: float = 5.0
    response_bytes: int = 16 * 1024 * 1024
    # Requests reading the store at once: two per core, so one's Python (JSON) overlaps
    # another's query (DuckDB runs each query on every core already).
    concurrent_queries: int = 2 * (os.cpu_count() or 1)
    queue_seconds: float = 30.0


def query_slots(limits: Limits) -> anyio.Semaphore:
    """The app's query slots; made where the app starts (its lifespan), on its event loop."""
    return anyio.Semaphore(limits.concurrent_queries)


async def reader(request: Request) -> AsyncIterator[Store]:
    """A FastAPI dependency: the app's store on a cursor of this request's own (DuckDB
    connections are not thread-safe), once the request has a query slot; its queries are
    interrupted when they run past ``Limits.query_seconds``."""
    limits: Limits = request.app.state.limits
    slots: anyio.Semaphore = request.app.state.query_slots
    # Waiting here holds no worker thread, so the requests that have a slot always find one.
    with anyio.move_on_after(limits.queue_seconds) as waiting:
        await slots.acquire()
    if waiting.cancelled_caught:
        raise busy(request)
    try:
        with timed_view(request.app.state.store, limits) as view:
            yield view
    finally:
        slots.release()


@contextmanager
def timed_view(store: Store, limits: Limits) -> Iterator[Store]:
    """``store`` on a cursor of its own, interrupted ``limits.query_seconds`` from now."""
    view = store.reader()
    timer = threading.Timer(limits.query_seconds, view.connection.interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield view
    finally:
        timer.cancel()
        view.close()


def dump_json(request: Request, content: Any) -> bytes:
    """``content`` as UTF-8 JSON, refused if it is larger than the app's byte limit."""
    return checked_size(request, json.dumps(content, ensure_ascii=False, default=str).encode())


def checked_size(request: Request, body: bytes) -> bytes:
    limits: Limits = request.app.state.limits
    if len(body) > limits.response_bytes:
        raise AnswerTooLarge(
            f"the answer would be {len(body):,} bytes, over the limit of "
            f"{limits.response_bytes:,}: ask for fewer rows (limit) or narrower filters"
        )
    return body


def busy(request: Request) -> ServerBusy:
    """The error for a request that found no query slot within ``Limits.queue_seconds``."""
    limits: Limits = request.app.state.limits
    return ServerBusy(
        f"every query slot stayed taken for {limits.queue_seconds:g} s: try again shortly"
    )


def too_slow(request: Request) -> QueryTooSlow:
    """The error for a query that ``reader``'s timer interrupted."""
    limits: Limits = request.app.state.limits
    return QueryTooSlow(
        f"the query ran past the limit of {limits.query_seconds:g} s: narrow the filters "
        "or lower limit"
    )
