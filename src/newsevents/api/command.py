"""``newsevents serve``: the API and the explorer on uvicorn, bound to 127.0.0.1 unless
asked otherwise, and then only with a token."""

from __future__ import annotations

import dataclasses
import ipaddress
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsevents.errors import NewsEventsError, ServeRefused

err = Console(stderr=True)


def serve_command(
    db: Annotated[
        Path, typer.Option(metavar="FILE", help="The store to serve (opened read-only).")
    ] = Path("newsevents.duckdb"),
    host: Annotated[
        str,
        typer.Option(
            metavar="ADDRESS", help="Address to bind; anything but loopback needs --token."
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, metavar="PORT", help="Port to listen on.")
    ] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="NEWSEVENTS_TOKEN",
            metavar="TOKEN",
            help="Require 'Authorization: Bearer TOKEN' on every API request.",
        ),
    ] = None,
    query_seconds: Annotated[
        float,
        typer.Option(min=0.1, metavar="SECONDS", help="Interrupt a query after this many seconds."),
    ] = 5.0,
    concurrent_queries: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help="Requests reading the store at once; the rest wait. Default: 2 per CPU.",
        ),
    ] = None,
) -> None:
    """Serve the store read-only: a REST API (docs at /docs) and the web explorer at /."""
    import uvicorn

    from newsevents.api.app import create_app
    from newsevents.api.limits import Limits
    from newsevents.store import Store

    try:
        check_bind(host, token)
        if not db.exists():
            raise ServeRefused(f"no store at {db}: run `newsevents run PATH --db {db}` first")
        # Open it once here, so a store that cannot be read fails now with its code, not
        # inside the server's start-up.
        Store(db, read_only=True).close()
    except NewsEventsError as error:
        err.print(f"[red]error[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    limits = Limits(query_seconds=query_seconds)
    if concurrent_queries is not None:
        limits = dataclasses.replace(limits, concurrent_queries=concurrent_queries)
    app = create_app(db, token=token, limits=limits)
    err.print(f"serving {db} on http://{host}:{port}/ (API docs at /docs)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def check_bind(host: str, token: str | None) -> None:
    """Refuse (``ServeRefused``, NE075) to bind beyond this machine without a token: the
    store would be readable by anyone who can reach the port."""
    if token is not None or _is_loopback(host):
        return
    raise ServeRefused(
        f"--host {host} makes the store readable from other machines: give --token "
        "(or NEWSEVENTS_TOKEN), or bind to 127.0.0.1"
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
