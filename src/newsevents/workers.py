"""spaCy's worker processes (``nlp.pipe(n_process=N)``), tied to the run that started them.

spaCy forks its workers and, when the pipe ends early, joins them. Two ways that goes wrong
for a long-running coder, and the fix for each:

* The consumer stops mid-stream (the store raised, the disk is full, Ctrl-C). Closing
  spaCy's generator then joins workers that are blocked sending batches nobody reads: the
  run hangs instead of exiting with its error. ``pipe`` stops the input stream first and
  drains what the workers already hold (at most two batches each), so they finish and the
  join returns; then the error goes on.
* The run is killed (SIGKILL, the OOM killer). The orphaned workers wait on their queues
  forever, holding the terminal's pipes. Linux's parent-death signal kills each worker
  with the process that forked it; elsewhere the drain above is all there is.

No library does this for spaCy's pipe: its own ``_multiprocessing_pipe`` is where the
join happens, so the fix has to sit around it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

# The process whose forks are pipe workers, while a multi-process pipe starts them. A
# module global because os.register_at_fork handlers take no arguments; it is read in the
# child right after fork, where it holds the parent's value.
_forking_parent: int | None = None


def _die_with_parent() -> None:
    parent = _forking_parent
    if parent is None or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl: a worker may outlive a killed run
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


os.register_at_fork(after_in_child=_die_with_parent)


class Stoppable:
    """An input stream the pipe can stop: after ``stop()`` it ends at the next item."""

    def __init__(self, items: Iterable[Any]) -> None:
        self._items = iter(items)
        self.stopped = False

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        if self.stopped:
            raise StopIteration
        return next(self._items)

    def stop(self) -> None:
        self.stopped = True


def pipe(nlp: Language, stream: Stoppable, *, n_process: int, **kwargs: Any) -> Iterator[Any]:
    """``nlp.pipe(stream, n_process=n_process, **kwargs)``, whose workers neither hang the
    run when it stops early nor outlive it when it is killed."""
    global _forking_parent
    if n_process == 1:
        yield from nlp.pipe(stream, n_process=1, **kwargs)
        return
    docs = nlp.pipe(stream, n_process=n_process, **kwargs)
    _forking_parent = os.getpid()
    try:
        while True:
            # An error raised by spaCy's pipe itself ends that pipe (it has joined its
            # workers); it goes to the caller as it is, the stream not stopped.
            try:
                item = next(docs)
            except StopIteration:
                return
            try:
                yield item
            except BaseException:
                # The consumer stopped early: no more input, drain what the workers hold.
                stream.stop()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # W127: a worker did not exit cleanly
                    with contextlib.suppress(Exception):
                        for _ in docs:
                            pass
                raise
    finally:
        _forking_parent = None
        docs.close()
