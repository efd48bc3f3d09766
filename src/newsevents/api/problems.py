"""Every error the API answers with, as an RFC 9457 problem: ``application/problem+json``
with ``type``, ``title``, ``status``, ``detail`` and ``instance``, plus the newsevents
``code`` (``errors.py``) and, for a bad parameter, the ``parameter`` it names.

The ``type`` is a URN built from the code, so it needs no web page to resolve.
"""

from __future__ import annotations

from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from newsevents.api import limits
from newsevents.errors import (
    AnswerTooLarge,
    ApiError,
    FilterError,
    NewsEventsError,
    NotFound,
    QueryTooSlow,
    ServerBusy,
    Unauthorized,
)

MEDIA_TYPE = "application/problem+json"

# Error class -> (HTTP status, title). The most specific class comes first.
_STATUS: list[tuple[type[NewsEventsError], int, str]] = [
    (FilterError, 422, "A parameter has a value it cannot take"),
    (NotFound, 404, "Not found"),
    (Unauthorized, 401, "A token is required"),
    (QueryTooSlow, 503, "The query took too long"),
    (AnswerTooLarge, 413, "The answer is too large"),
    (ServerBusy, 503, "The server is busy"),
    (ApiError, 400, "Bad request"),
    (NewsEventsError, 500, "The store cannot answer"),
]
_HTTP_CODES = {401: Unauthorized.code, 404: NotFound.code, 422: FilterError.code}


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    code: str,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": f"urn:newsevents:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if status == 503:
        headers = {"Retry-After": "1"}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def from_error(request: Request, error: NewsEventsError) -> JSONResponse:
    status, title = next((s, t) for cls, s, t in _STATUS if isinstance(error, cls))
    extra = {"parameter": error.field} if isinstance(error, FilterError) else {}
    return problem(request, status, title, error.message, error.code, **extra)


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` as a problem."""

    @app.exception_handler(NewsEventsError)
    async def _newsevents(request: Request, error: NewsEventsError) -> JSONResponse:
        return from_error(request, error)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        location = [str(part) for part in first.get("loc", ())]
        parameter = location[-1] if location else ""
        message = first.get("msg", "invalid value")
        return problem(
            request,
            422,
            "A parameter has a value it cannot take",
            f"parameter {parameter}: {message}",
            FilterError.code,
            parameter=parameter,
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(error.status_code, ApiError.code)
        return problem(request, error.status_code, str(error.detail), str(error.detail), code)

    @app.exception_handler(duckdb.InterruptException)
    async def _interrupted(request: Request, error: duckdb.InterruptException) -> JSONResponse:
        return from_error(request, limits.too_slow(request))

    @app.exception_handler(duckdb.Error)
    async def _duckdb(request: Request, error: duckdb.Error) -> JSONResponse:
        # A query the store could not run is the server's fault, never the client's input
        # (every value is a bound parameter): say so without echoing SQL.
        return problem(request, 500, "The store cannot answer", type(error).__name__, "NE020")
