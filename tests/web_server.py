"""A real HTTP server on 127.0.0.1 for the web-input and watch tests (never the internet).

``serve()`` starts ``http.server`` in a thread on a free port. Routes are plain data the test
edits (``server.routes["/feed.xml"] = Route(body=...)``); every request is recorded with its
headers, so a test can check what the client sent (If-None-Match, User-Agent) and when.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB_DATA = Path(__file__).parent / "data" / "web"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    # Seconds to wait before answering (a slow server).
    delay: float = 0.0
    # Answer with an ETag (the body's hash) and 304 to a matching If-None-Match.
    etag: bool = False
    # Send the body in chunks without a Content-Length (a server that does not announce it).
    chunked: bool = False
    location: str | None = None


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float
    status: int = 0


@dataclass
class Server:
    url: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


class _Handler(BaseHTTPRequestHandler):
    server_state: Server  # set on the subclass made per server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, time.time())
        self.server_state.requests.append(request)
        route = self.server_state.routes.get(self.path.split("?", 1)[0])
        if route is None:
            route = Route(body=b"not found", status=404, content_type="text/plain")
        if route.delay:
            time.sleep(route.delay)
        tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
        status = route.status
        if route.etag and request.headers.get("if-none-match") == tag:
            status = 304
        request.status = status
        try:
            self.send_response(status)
            if route.etag:
                self.send_header("ETag", tag)
            if route.location:
                self.send_header("Location", route.location)
            self.send_header("Content-Type", route.content_type)
            if status == 304:
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(route.body), 65536):
                    piece = route.body[start : start + 65536]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up (a size limit or a timeout): what the test wants


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    # A handler still sleeping for a timed-out client must not hold up shutdown.
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        return  # a client that hung up on purpose (size limit, timeout, kill) is no error here


@contextmanager
def serve() -> Iterator[Server]:
    state = Server(url="")
    handler = type("Handler", (_Handler,), {"server_state": state})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def team_routes(server: Server) -> None:
    """The team's feed and pages: two entries, one with full content, one with a summary whose
    page has the article; a robots.txt that keeps crawlers out of /private/."""
    server.routes.update(
        {
            "/robots.txt": Route(
                body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
            ),
            "/feed.xml": Route(
                body=(WEB_DATA / "feed.xml").read_bytes(),
                content_type="application/rss+xml",
                etag=True,
            ),
            "/news/harbour.html": Route(body=(WEB_DATA / "harbour.html").read_bytes()),
            "/news/ministers.html": Route(body=(WEB_DATA / "ministers.html").read_bytes()),
            "/private/ministers.html": Route(body=(WEB_DATA / "ministers.html").read_bytes()),
        }
    )


def add_new_item(server: Server) -> None:
    """Publish the third entry at the top of the feed, as a live feed does."""
    feed = server.routes["/feed.xml"]
    item = (WEB_DATA / "new_item.xml").read_bytes()
    body = feed.body.replace(b"    <item>", item + b"    <item>", 1)
    server.routes["/feed.xml"] = Route(body=body, content_type=feed.content_type, etag=True)
