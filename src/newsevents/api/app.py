"""``create_app(db, token=None)``: the FastAPI app, read-only over one store file.

The store is opened read-only once, when the app starts (its lifespan); each request reads
through a cursor of its own (``limits.reader``). With a ``token``, every API request must
carry ``Authorization: Bearer TOKEN``; the page and its assets hold no data and load
without it (the page asks for the token).
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from newsevents.api import actors, documents, events, problems, stats
from newsevents.api.limits import Limits, query_slots
from newsevents.errors import Unauthorized
from newsevents.store import Store
from newsevents.web import static_dir

# Paths served without a token: the page, its bundled assets, the schema and its docs (they
# hold no data from the store).
_OPEN_PATHS = ("/", "/favicon.ico", "/openapi.json", "/docs")
_OPEN_PREFIXES = ("/assets/", "/docs-assets/")


def create_app(db: str | Path, token: str | None = None, limits: Limits | None = None) -> FastAPI:
    """The API and the explorer over the store file ``db`` (opened read-only when the app
    starts; a missing or locked file fails the start with its coded ``StoreError``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = Store(db, read_only=True)
        app.state.query_slots = query_slots(app.state.limits)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(
        title="newsevents",
        summary="Political event data with the evidence behind every field, read-only.",
        version="1",
        lifespan=lifespan,
        # FastAPI's own /docs loads Swagger UI from a CDN; ours serves the copy shipped in
        # the package (web/static/docs), so the docs work offline.
        docs_url=None,
        redoc_url=None,
    )
    app.state.limits = limits or Limits()
    problems.install(app)
    for module in (events, documents, actors, stats):
        app.include_router(module.router)
    if token is not None:
        _require_token(app, token)
    _serve_page(app)
    return app


def _require_token(app: FastAPI, token: str) -> None:
    expected = f"Bearer {token}".encode()

    @app.middleware("http")
    async def check_token(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        if path in _OPEN_PATHS or path.startswith(_OPEN_PREFIXES):
            return await call_next(request)
        given = request.headers.get("authorization", "").encode()
        # compare_digest: the time taken does not tell how much of a guess was right.
        if not secrets.compare_digest(given, expected):
            error = Unauthorized("send the server's token as 'Authorization: Bearer TOKEN'")
            return problems.from_error(request, error)
        return await call_next(request)


def _serve_page(app: FastAPI) -> None:
    static = static_dir()
    index = static / "index.html"
    if (static / "assets").is_dir():
        # StaticFiles refuses paths that leave its folder (../, symlinks out of it).
        app.mount("/assets", StaticFiles(directory=static / "assets"), name="assets")

    if (static / "docs").is_dir():
        app.mount("/docs-assets", StaticFiles(directory=static / "docs"), name="docs-assets")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(index, media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="newsevents API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="data:,",
        )
