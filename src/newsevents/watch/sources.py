"""What ``newsevents watch`` watches, and the new items of each watched source in one pass.

A source is a feed or page URL, or a folder. ``read_sources`` reads them from a FEEDS.txt (one
per line; ``#`` starts a comment; a path is relative to the file) or takes a folder itself.
``new_items`` yields, for one source, the documents of the items not seen before, and notes in
``Pending`` which item each came from, so the pass can say afterwards which are done with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsevents import ingest
from newsevents.errors import InputError, MissingInput, Unreadable
from newsevents.ingest import paths, web
from newsevents.ingest.fetch import Fetcher, is_url
from newsevents.models import Document, Failure
from newsevents.settings import Settings
from newsevents.store.watch import WatchState

Result = Document | Failure


def read_sources(path: Path) -> list[str]:
    """The sources a FEEDS.txt lists, or the folder ``path`` itself. Raises ``InputError`` if
    the file cannot be read (a usage error: there is nothing to watch)."""
    if path.is_dir():
        return [str(path)]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise MissingInput("no such file or folder", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Unreadable(f"cannot read the list of feeds ({exc})", source=str(path)) from None
    sources = []
    for line in lines:
        # "#" opens a comment at the start of a line or after a space ("#" in a URL is its
        # fragment).
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        sources.append(line if is_url(line) else str(path.parent / line))
    if not sources:
        raise MissingInput("lists no feed, page or folder to watch", source=str(path))
    return list(dict.fromkeys(sources))


@dataclass
class Pending:
    """What a pass read: each item's documents or failures, by (source, item key); the sources
    listed to the end (a stop between documents leaves the rest for the next pass); the
    validators each fetched feed came with; the feeds that had not changed or failed."""

    results: dict[tuple[str, str], list[Result]] = field(default_factory=dict)
    complete: set[str] = field(default_factory=set)
    visited: set[str] = field(default_factory=set)
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    not_modified: set[str] = field(default_factory=set)
    unreachable: set[str] = field(default_factory=set)

    def add(self, source: str, key: str, result: Result) -> Result:
        self.results.setdefault((source, key), []).append(result)
        return result


def new_items(
    source: str,
    state: WatchState,
    fetcher: Fetcher,
    settings: Settings,
    published: dt.date | None,
    stop: Callable[[], bool],
    pending: Pending,
) -> Iterator[Result]:
    """The documents (or failures) of the items of ``source`` not in ``state``."""
    pending.visited.add(source)
    if is_url(source):
        yield from _feed(source, state, fetcher, published, stop, pending)
    else:
        yield from _folder(source, state, settings, published, stop, pending)


def _feed(
    url: str,
    state: WatchState,
    fetcher: Fetcher,
    published: dt.date | None,
    stop: Callable[[], bool],
    pending: Pending,
) -> Iterator[Result]:
    try:
        fetched = fetcher.get(url, etag=state.etag, last_modified=state.last_modified)
        if fetched.not_modified:
            pending.not_modified.add(url)
            pending.complete.add(url)
            return
        listing = web.items(fetched)
    except InputError as error:
        pending.unreachable.add(url)
        yield ingest.finish(error, published, url)
        return
    except Exception as error:  # noqa: BLE001 - a feed a parser chokes on costs that feed only
        pending.unreachable.add(url)
        yield ingest.reader_failure(error, url, "web")
        return
    for item in listing:
        if stop():
            return
        if item.key in state.items:
            continue
        # The page of a summary-only entry is fetched only now, for an entry not seen before.
        try:
            result = ingest.finish(web.document(item, fetcher), published, url)
        except Exception as error:  # noqa: BLE001 - as above, for one entry's page
            result = ingest.reader_failure(error, getattr(item.draft, "source", url), "web")
        yield pending.add(url, item.key, result)
    pending.complete.add(url)
    pending.validators[url] = (fetched.etag, fetched.last_modified)


def _folder(
    folder: str,
    state: WatchState,
    settings: Settings,
    published: dt.date | None,
    stop: Callable[[], bool],
    pending: Pending,
) -> Iterator[Result]:
    for file in paths.files(folder):
        if stop():
            return
        if isinstance(file, InputError):
            # Not noted as seen: a folder that cannot be read now may be readable next pass.
            yield ingest.finish(file, published, folder)
            continue
        key = _file_key(file)
        if key in state.items:
            continue
        for result in ingest.read(
            [file],
            published=published,
            max_bytes=settings.max_chars * 4,
            text_column=settings.text_column,
        ):
            yield pending.add(folder, key, result)
    pending.complete.add(folder)


def _file_key(file: Path) -> str:
    """A file by its path, size and modification time: a file changed in place is new again
    (its unchanged documents are then found stored by their ids)."""
    try:
        info = file.stat()
    except OSError:
        return paths.source_name(file)
    return f"{paths.source_name(file)}|{info.st_size}|{info.st_mtime_ns}"
