"""How many documents the inputs hold, estimated without parsing them: the total of a run's
progress bar.

The walk is ``paths.files`` and the reader choice is ``ingest``'s own, so the estimate counts
the files a run will read. A file of one document counts one; a JSONL file its non-blank
lines, a feed its ``<item>``/``<entry>`` tags (cheap byte counts, no parsing); a WARC, which
would have to be decompressed to count, one. A path that cannot be read counts nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import BinaryIO

from newsevents.errors import InputError
from newsevents.ingest import _kind, paths, text
from newsevents.ingest.fetch import is_url

_FEED_ITEM = re.compile(rb"<(?:item|entry)[\s>]")
_CHUNK = 1 << 20


def estimate(inputs: Iterable[str | Path], *, skip: Collection[Path] = ()) -> int:
    """The number of documents under ``inputs`` (files in ``skip``, resolved, left out)."""
    total = 0
    for item in inputs:
        if is_url(item):
            total += 1  # a page, or a feed of unknown length until it is fetched
            continue
        for file in paths.files(item):
            if isinstance(file, InputError) or (skip and file.resolve() in skip):
                continue
            total += _documents_in(file)
    return total


def _documents_in(path: Path) -> int:
    try:
        with path.open("rb") as stream:
            head = stream.read(text.SNIFF_BYTES)
            kind = _kind(path, head, str(path))
            if kind == "jsonl":
                return _count(stream, head, _lines)
            if kind == "feed":
                return max(1, _count(stream, head, lambda data: len(_FEED_ITEM.findall(data))))
    except (OSError, InputError):
        return 0
    return 1


def _lines(data: bytes) -> int:
    return sum(1 for line in data.split(b"\n") if line.strip())


def _count(stream: BinaryIO, head: bytes, count_in: Callable[[bytes], int]) -> int:
    """``count_in`` over the whole file, a chunk at a time, each cut at a line end."""
    found, rest = 0, head
    while chunk := stream.read(_CHUNK):
        data = rest + chunk
        cut = data.rfind(b"\n") + 1
        found += count_in(data[:cut])
        rest = data[cut:]
    return found + count_in(rest)
