"""Errors raised by newsevents, with stable codes that messages and tests can match.

Hierarchy::

    NewsEventsError
    ├── InputError          a document cannot be read (it is skipped and counted)
    │   ├── EmptyDocument
    │   ├── UnsupportedFormat
    │   ├── DecodeError
    │   ├── DocumentTooLarge
    │   ├── BadDate
    │   ├── NotEnglish
    │   ├── MissingInput       (NE008) no such file or folder
    │   ├── Unreadable         (NE040) cannot be opened, listed or stat'ed
    │   ├── NotRegularFile     (NE041) a FIFO, socket, device or dangling link
    │   ├── SymlinkLoop        (NE042) a link that leads back into itself or a folder seen
    │   ├── NameNotEncodable   (NE043) a file name that is not valid UTF-8
    │   ├── PathTooLong        (NE044) longer than the operating system allows
    │   ├── DuplicateId        (NE045) an id that another, different document already has
    │   ├── MissingColumn      (NE046) a CSV or Parquet file without the named text column
    │   ├── BadUrl             (NE060) not an http(s) URL with a host
    │   ├── FetchFailed        (NE061) the server cannot be reached (DNS, refused, reset, TLS)
    │   ├── FetchTimeout       (NE062) no answer, or not all of it, within the time limit
    │   ├── HttpError          (NE063) the server answered 4xx or 5xx
    │   ├── RobotsDisallowed   (NE064) the site's robots.txt forbids fetching the URL
    │   └── ResponseTooLarge   (NE065) the body is over the size limit (read no further)
    │   └── BadGold            (NE047) a gold file line that is not a JSON object (eval)
    ├── StageError          a pipeline stage failed on one document (it is skipped and counted)
    ├── DictionaryError     a shipped or user data file is invalid (NE010 … NE019, see Errors)
    ├── FilterError         (NE050) a query filter's value cannot be right (unknown type...)
    ├── ExportError         (NE051) an export cannot be written (no such folder, no space...)
    ├── ApiError            (NE070) a request the HTTP API answers with a problem, not data
    │   ├── NotFound           (NE071) no event, document or actor has that id; no such path
    │   ├── Unauthorized       (NE072) the server wants a token and the request has none
    │   ├── QueryTooSlow       (NE073) a query ran past the server's time limit
    │   ├── AnswerTooLarge     (NE074) an answer would exceed the server's size limit
    │   └── ServerBusy         (NE076) no query slot came free within the wait limit
    ├── ServeRefused        (NE075) ``serve`` will not start as asked (no token off loopback)
    └── StoreError          the DuckDB store cannot be opened or written
        ├── StoreBusy       (NE021) another process holds the file
        └── StoreBroken     (NE022) the file or its disk fails (corrupt, full, cut): stop

Exit codes of ``newsevents run``: 0 every input stored or skipped as a document (empty, too
large, not English...); 1 some inputs were missing or unreadable (``PATH_CODES``); 2 a store
or usage error stopped the run.
"""

from __future__ import annotations

from typing import Any


class Errors:
    """Message templates of the dictionary errors, one code each (as spaCy's ``Errors``).

    Raise one with ``DictionaryError.of("NE011", path=..., ...)``: the message is the template
    filled in, prefixed with its code, so a test or a user can tell two errors apart by code.
    """

    # A stage's own check on an entry that the schema cannot express (a regex that does not
    # compile, a sector or CAMEO code that no loaded table has).
    NE010 = "{where}: {problem}"
    NE011 = "{path}:{line}: unknown field '{field}' in a {kind} entry; known fields: {known}"
    NE012 = "{path}:{line}: unknown dictionary kind '{kind}'{hint}; known kinds: {known}"
    NE013 = "{path}:{line}: field '{field}' of a {kind} entry must be {expected}, not {value!r}"
    NE014 = "{path}:{line}: missing id in a {kind} entry"
    NE015 = "{path}:{line}: missing {fields} in a {kind} entry"
    NE016 = (
        "{path}: no 'kind:' header, and its entries look like people or organisations; "
        "say which: {fix}"
    )
    NE017 = "{path}: no 'kind:' header: {fix} (known kinds: {known})"
    NE018 = "{path}:{line}: cannot be read as {format}: {detail}"
    NE019 = "{path}: cannot be used as a dictionary: {problem}"


class NewsEventsError(Exception):
    """Base class. ``code`` is a stable identifier such as ``NE012``."""

    code = "NE000"

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        doc_id: str | None = None,
        code: str | None = None,
    ):
        if code is not None:
            self.code = code  # an instance code: one class, several catalogued messages
        self.message = message
        self.source = source
        self.doc_id = doc_id
        where = f"{source}: " if source else ""
        super().__init__(f"[{self.code}] {where}{message}")


class InputError(NewsEventsError):
    code = "NE001"


class EmptyDocument(InputError):
    code = "NE002"


class UnsupportedFormat(InputError):
    code = "NE003"


class DecodeError(InputError):
    code = "NE004"


class DocumentTooLarge(InputError):
    code = "NE005"


class BadDate(InputError):
    code = "NE006"


class NotEnglish(InputError):
    code = "NE007"


class MissingInput(InputError):
    code = "NE008"


class Unreadable(InputError):
    code = "NE040"


class NotRegularFile(InputError):
    code = "NE041"


class SymlinkLoop(InputError):
    code = "NE042"


class NameNotEncodable(InputError):
    code = "NE043"


class PathTooLong(InputError):
    code = "NE044"


class DuplicateId(InputError):
    code = "NE045"


class MissingColumn(InputError):
    code = "NE046"


class BadUrl(InputError):
    code = "NE060"


class FetchFailed(InputError):
    code = "NE061"


class FetchTimeout(InputError):
    code = "NE062"


class HttpError(InputError):
    code = "NE063"
    status = 0  # the HTTP status the server answered


class RobotsDisallowed(InputError):
    code = "NE064"


class ResponseTooLarge(DocumentTooLarge):
    """A body over the size limit: refused like a file that is too large, but its own code,
    since nothing was stored of it and the limit is the fetcher's."""

    code = "NE065"


class BadGold(InputError):
    """A line of a gold file (``newsevents eval``) that is not a JSON object with a text."""

    code = "NE047"


# An input the user named or a folder holds that could not be read at all (exit code 1), as
# opposed to a document read and refused (empty, too large, not English: exit code 0). A URL
# that cannot be fetched (unreachable, timed out, an HTTP error, forbidden by robots.txt) is an
# input that could not be read at all too.
PATH_CODES = frozenset(
    c.code
    for c in (
        MissingInput,
        Unreadable,
        NotRegularFile,
        SymlinkLoop,
        NameNotEncodable,
        PathTooLong,
        BadUrl,
        FetchFailed,
        FetchTimeout,
        HttpError,
        RobotsDisallowed,
    )
)

# Fetch errors a later pass of `newsevents watch` tries again: the server may be back.
TRANSIENT_CODES = frozenset(c.code for c in (FetchFailed, FetchTimeout, HttpError))


class StageError(NewsEventsError):
    code = "NE030"


class DictionaryError(NewsEventsError):
    code = "NE010"

    @classmethod
    def of(cls, code: str, **fields: Any) -> DictionaryError:
        """The error ``code`` of :class:`Errors`, its template filled with ``fields``."""
        error = cls(getattr(Errors, code).format(**fields), code=code)
        error.fields = fields
        return error

    fields: dict[str, Any] = {}


class FilterError(NewsEventsError, ValueError):
    """A filter of an events query has a value it cannot take; ``field`` names the filter."""

    code = "NE050"
    field = ""

    @classmethod
    def of(cls, field: str, value: Any, expected: str) -> FilterError:
        error = cls(f"filter {field}={value!r}: expected {expected}")
        error.field = field
        return error


class ExportError(NewsEventsError):
    """An export file cannot be written (its folder is missing or read-only, the disk is
    full); nothing half-written is left behind."""

    code = "NE051"


class ApiError(NewsEventsError):
    """A request the HTTP API answers with an RFC 9457 problem instead of data
    (``newsevents.api.problems`` gives each class its HTTP status)."""

    code = "NE070"


class NotFound(ApiError):
    code = "NE071"


class Unauthorized(ApiError):
    code = "NE072"


class QueryTooSlow(ApiError):
    code = "NE073"


class AnswerTooLarge(ApiError):
    code = "NE074"


class ServerBusy(ApiError):
    """Every query slot stayed taken for the server's whole wait limit: try again."""

    code = "NE076"


class ServeRefused(NewsEventsError):
    """``newsevents serve`` refuses to start as asked: it would expose the store beyond this
    machine without a token."""

    code = "NE075"


class StoreError(NewsEventsError):
    code = "NE020"


class StoreBusy(StoreError):
    code = "NE021"


class StoreBroken(StoreError):
    """The store file or its disk failed (checksum mismatch, no space, I/O error, a file cut
    short): no document is to blame, so the run stops instead of skipping them one by one."""

    code = "NE022"
