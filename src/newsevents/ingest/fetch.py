"""Fetching a URL politely, and never more than can be held: ``Fetcher.get``.

httpx does the HTTP. What no library does for us, and is therefore written here:

- a **per-host rate limit**: at least ``WebSettings.host_interval`` seconds between two requests
  to one host (scheme, host and port), or the site's robots.txt ``Crawl-delay`` if longer;
- **robots.txt**, fetched once per host (again after a day) with httpx and read by the
  standard library's ``urllib.robotparser``; as RFC 9309 says, a robots.txt that is missing
  (4xx) allows everything, one the server fails to give (5xx) forbids everything;
- a **size limit** on the body (after decompression) read in streamed chunks, so a huge answer
  costs the limit, not its size (a gzip chunk is inflated whole by httpx first, so a bomb costs
  at most one chunk's expansion); and a deadline for the whole answer, since httpx's timeouts
  bound each read, and a server that drips one byte at a time would never trip them;
- **conditional GET**: the caller passes the ETag / Last-Modified of its last fetch and gets
  back ``not_modified`` on a 304;
- redirects followed by hand (at most ``max_redirects``), so that each hop is checked against
  robots.txt and the rate limit too.

Every failure is a coded ``InputError`` (``BadUrl``, ``FetchFailed``, ``FetchTimeout``,
``HttpError``, ``RobotsDisallowed``, ``ResponseTooLarge``); nothing else escapes ``get``.
"""

from __future__ import annotations

import re
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self

import httpx

from newsevents.errors import (
    BadUrl,
    FetchFailed,
    FetchTimeout,
    HttpError,
    ResponseTooLarge,
    RobotsDisallowed,
)
from newsevents.models import SOURCE_CAP, printable
from newsevents.settings import WebSettings

__all__ = ["Fetched", "Fetcher", "is_url"]

# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt.
_ROBOTS_MAX_BYTES = 512 * 1024
# ... and to read it again after a day at most: a long `watch` must see a site's new rules.
_ROBOTS_MAX_AGE = 24 * 3600.0
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(value: object) -> bool:
    """Whether an input names a URL (``scheme://...``) rather than a path; only http(s) ones
    can be fetched, the others fail as ``BadUrl``."""
    return isinstance(value, str) and _SCHEME.match(value) is not None


@dataclass(frozen=True, slots=True)
class Fetched:
    """One answer: the URL it came from (after redirects), its body, and the validators to
    send next time."""

    url: str
    status: int
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """An httpx client with the politeness rules above; one per run or watch, so the rate limit
    and the robots.txt cache span all its requests. ``clock`` and ``sleep`` are for tests."""

    def __init__(
        self,
        settings: WebSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings or WebSettings()
        self._clock = clock
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=False,
        )
        # Per origin: its robots.txt rules and when (self._clock) they were read.
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser, float]] = {}
        self._last_request: dict[str, float] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """The body of ``url`` (or ``not_modified``), or the coded ``InputError`` why not."""
        source = printable(url, SOURCE_CAP)
        current = _parsed(url, source)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(self.settings.max_redirects + 1):
            self._check_robots(current, source)
            self._wait_for(current)
            answer = self._exchange(current, headers, self.settings.max_bytes, source)
            if isinstance(answer, httpx.URL):
                current = answer
                continue
            return answer
        raise FetchFailed(
            f"more than {self.settings.max_redirects} redirects; the last went to {current}",
            source=source,
        )

    # -- one request -----------------------------------------------------------------------

    def _exchange(
        self, url: httpx.URL, headers: dict[str, str], max_bytes: int, source: str
    ) -> Fetched | httpx.URL:
        """One GET: the answer, or the URL a redirect points to."""
        deadline = self._clock() + self.settings.total_timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in _REDIRECTS and "location" in response.headers:
                    return _parsed(str(url.join(response.headers["location"])), source)
                if status >= 400:
                    error = HttpError(
                        f"the server answered HTTP {status} {response.reason_phrase}".rstrip(),
                        source=source,
                    )
                    error.status = status
                    raise error
                body = b"" if status == 304 else self._body(response, max_bytes, deadline, source)
                return Fetched(
                    url=str(response.url),
                    status=status,
                    body=body,
                    content_type=response.headers.get("content-type", ""),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except httpx.TimeoutException as exc:
            raise FetchTimeout(
                f"no answer within {self.settings.timeout:g} s ({type(exc).__name__})",
                source=source,
            ) from None
        except httpx.InvalidURL as exc:
            raise BadUrl(f"not a URL that can be fetched ({exc})", source=source) from None
        except (httpx.HTTPError, httpx.StreamError) as exc:
            raise FetchFailed(f"cannot fetch: {_why(exc)}", source=source) from None

    def _body(
        self, response: httpx.Response, max_bytes: int, deadline: float, source: str
    ) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise ResponseTooLarge(
                f"the server announces {int(declared):,} bytes, more than the limit of "
                f"{max_bytes:,} bytes; not read",
                source=source,
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise ResponseTooLarge(
                    f"the body is more than the limit of {max_bytes:,} bytes; read no further",
                    source=source,
                )
            if self._clock() > deadline:
                raise FetchTimeout(
                    f"the answer took longer than {self.settings.total_timeout:g} s",
                    source=source,
                )
            chunks.append(chunk)
        return b"".join(chunks)

    # -- politeness ------------------------------------------------------------------------

    def _wait_for(self, url: httpx.URL) -> None:
        """Sleep until this host may be asked again, then note the request."""
        origin = _origin(url)
        interval = self.settings.host_interval
        robots = self._robots.get(origin)
        delay = robots[0].crawl_delay(self.settings.user_agent) if robots else None
        if delay is not None:
            interval = max(interval, float(delay))
        last = self._last_request.get(origin)
        if last is not None:
            wait = last + interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[origin] = self._clock()

    def _check_robots(self, url: httpx.URL, source: str) -> None:
        origin = _origin(url)
        cached = self._robots.get(origin)
        if cached is None or self._clock() - cached[1] > _ROBOTS_MAX_AGE:
            cached = self._robots[origin] = (self._read_robots(url, source), self._clock())
        if not cached[0].can_fetch(self.settings.user_agent, str(url)):
            raise RobotsDisallowed(
                f"{origin}/robots.txt does not allow {self.settings.user_agent.split('/')[0]} "
                "to fetch this URL",
                source=source,
            )

    def _read_robots(self, url: httpx.URL, source: str) -> urllib.robotparser.RobotFileParser:
        robots = urllib.robotparser.RobotFileParser(f"{_origin(url)}/robots.txt")
        location: httpx.URL = url.join("/robots.txt")
        try:
            for _ in range(self.settings.max_redirects + 1):
                self._wait_for(location)
                answer = self._exchange(location, {}, _ROBOTS_MAX_BYTES, source)
                if isinstance(answer, httpx.URL):
                    location = answer
                    continue
                robots.parse(answer.body.decode("utf-8", "replace").splitlines())
                return robots
            robots.allow_all = True  # RFC 9309: too many redirects reads as "unavailable"
        except HttpError as exc:
            if exc.status >= 500:
                raise RobotsDisallowed(
                    f"{_origin(url)}/robots.txt answered HTTP {exc.status}; a site whose "
                    "robots.txt cannot be read is taken to forbid everything (RFC 9309)",
                    source=source,
                ) from None
            robots.allow_all = True  # 4xx: no robots.txt, so no rules
        except ResponseTooLarge:
            # Over 512 KiB is no robots.txt a site means (RFC 9309 lets a crawler ignore what
            # lies past that limit): taken as no rules, as a missing one is.
            robots.allow_all = True
        robots.modified()
        return robots


def _parsed(url: str, source: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise BadUrl(f"not a valid URL ({exc})", source=source) from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise BadUrl("only http:// and https:// URLs with a host can be fetched", source=source)
    return parsed


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return printable(f"{type(exc).__name__}: {text}", 300)
