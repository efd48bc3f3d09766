"""Paths to files: every path the user named, or found under a folder, comes out as a regular
file to read or as the coded error that says why it cannot be (never an exception).

Written by hand because ``Path.rglob`` and ``os.walk`` either raise out of the walk (a name
longer than the OS allows, a folder that can be listed but not entered) or skip quietly (an
unlistable folder, a dangling link, a FIFO), and either way an input would vanish uncounted.
Folders are walked in sorted order, hidden entries skipped; a symlinked folder is followed
once: a link back into a folder already on the walk is a ``SymlinkLoop``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from newsevents.errors import (
    InputError,
    MissingInput,
    NameNotEncodable,
    NotRegularFile,
    PathTooLong,
    SymlinkLoop,
    Unreadable,
)
from newsevents.models import SOURCE_CAP, printable

__all__ = ["files", "source_name"]


def source_name(path: Path | str) -> str:
    """The path as stored and printed: encodable and capped."""
    return printable(os.fspath(path), SOURCE_CAP)


def files(item: str | Path) -> Iterator[Path | InputError]:
    """The regular files ``item`` names (itself, or every file under it), each checked to be
    openable by name, with an ``InputError`` in place of each path that is not."""
    path = Path(item)
    try:
        yield from _visit(path, set(), named=True)
    except Exception as exc:  # noqa: BLE001 - the contract is: never raise for an input
        yield Unreadable(f"cannot walk the path: {_why(exc)}", source=source_name(path))


def _visit(
    path: Path, ancestors: set[tuple[int, int]], *, named: bool
) -> Iterator[Path | InputError]:
    source = source_name(path)
    if not _encodable(path):
        yield NameNotEncodable(
            "the name is not valid UTF-8, so no store or report could name it; rename it",
            source=source,
        )
        return
    try:
        info = path.stat()
    except OSError as exc:
        yield _stat_error(path, exc, source, named)
        return
    if stat.S_ISREG(info.st_mode):
        yield path
        return
    if not stat.S_ISDIR(info.st_mode):
        kind = _special_kind(info.st_mode)
        yield NotRegularFile(f"not a regular file ({kind}); only files are read", source=source)
        return
    key = (info.st_dev, info.st_ino)
    if key in ancestors:
        yield SymlinkLoop(
            "a link back into a folder that contains it; followed once, not again",
            source=source,
        )
        return
    try:
        with os.scandir(path) as scan:
            names = sorted(entry.name for entry in scan)
    except OSError as exc:
        yield _listing_error(exc, source)
        return
    ancestors = ancestors | {key}
    for name in names:
        if name.startswith("."):
            continue
        yield from _visit(path / name, ancestors, named=False)


def _encodable(path: Path) -> bool:
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stat_error(path: Path, exc: OSError, source: str, named: bool) -> InputError:
    if exc.errno == errno.ELOOP:
        return SymlinkLoop("a symbolic link that leads back into itself", source=source)
    if exc.errno == errno.ENAMETOOLONG:
        return PathTooLong(
            f"the path is {len(os.fsencode(path)):,} bytes, longer than the operating system "
            "allows; move it higher up",
            source=source,
        )
    if exc.errno == errno.ENOENT:
        if path.is_symlink():
            return NotRegularFile("a dangling symbolic link (its target is gone)", source=source)
        if named:
            return MissingInput("no such file or folder", source=source)
        return Unreadable("the file went away while the folder was read", source=source)
    if isinstance(exc, PermissionError):
        return Unreadable(
            "permission denied (the folder above it cannot be entered)", source=source
        )
    return Unreadable(f"cannot look at the path: {_why(exc)}", source=source)


def _listing_error(exc: OSError, source: str) -> InputError:
    if exc.errno == errno.ENAMETOOLONG:
        return PathTooLong(
            "the folder's path is longer than the operating system allows; move it higher up",
            source=source,
        )
    if isinstance(exc, PermissionError):
        return Unreadable("permission denied: the folder cannot be listed", source=source)
    return Unreadable(f"cannot list the folder: {_why(exc)}", source=source)


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file or folder"


def _why(exc: BaseException) -> str:
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return printable(f"{type(exc).__name__}: {text}", 200)
