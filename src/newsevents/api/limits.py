"""The server's limits: rows per page, seconds per query, bytes per answer.

A query past its time is interrupted inside DuckDB (``interrupt()`` from a timer), so a slow
filter frees its thread instead of holding it; an answer over the byte limit is refused
before it is sent. Both come back to the client as problems (``problems``).
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from typing import Any

from fastapi import Request

from newsevents.errors import AnswerTooLarge, QueryTooSlow
from newsevents.store import Store

# The largest page a request may ask for, and the page it gets when it names none.
MAX_PAGE = 500
DEFAULT_PAGE = 50


@dataclasses.dataclass(frozen=True)
class Limits:
    """How much one request may cost the server."""

    query_seconds: float = 5.0
    response_bytes: int = 16 * 1024 * 1024


def reader(request: Request) -> Iterator[Store]:
    """A FastAPI dependency: the app's store on a cursor of this request's own (DuckDB
    connections are not thread-safe), interrupted when the request's queries run past
    ``Limits.query_seconds``."""
    store: Store = request.app.state.store
    limits: Limits = request.app.state.limits
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


def too_slow(request: Request) -> QueryTooSlow:
    """The error for a query that ``reader``'s timer interrupted."""
    limits: Limits = request.app.state.limits
    return QueryTooSlow(
        f"the query ran past the limit of {limits.query_seconds:g} s: narrow the filters "
        "or lower limit"
    )
