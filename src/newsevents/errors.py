"""Errors raised by newsevents, with stable codes that messages and tests can match.

Hierarchy::

    NewsEventsError
    ├── InputError          a document cannot be read (it is skipped and counted)
    │   ├── EmptyDocument
    │   ├── UnsupportedFormat
    │   ├── DecodeError
    │   ├── DocumentTooLarge
    │   ├── BadDate
    │   └── NotEnglish
    ├── StageError          a pipeline stage failed on one document (it is skipped and counted)
    ├── DictionaryError     a shipped or user data file is invalid
    └── StoreError          the DuckDB store cannot be opened or written
        └── StoreBusy
"""

from __future__ import annotations


class NewsEventsError(Exception):
    """Base class. ``code`` is a stable identifier such as ``NE012``."""

    code = "NE000"

    def __init__(self, message: str, *, source: str | None = None, doc_id: str | None = None):
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


class StageError(NewsEventsError):
    code = "NE030"


class DictionaryError(NewsEventsError):
    code = "NE010"


class StoreError(NewsEventsError):
    code = "NE020"


class StoreBusy(StoreError):
    code = "NE021"
