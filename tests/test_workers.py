"""spaCy's worker processes (``--jobs N``) neither hang a run that stops early nor outlive a
run that is killed."""

from __future__ import annotations

import json
import multiprocessing
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsevents import pipeline
from newsevents.models import Document
from newsevents.settings import Settings

NEWSEVENTS = str(Path(sys.executable).parent / "newsevents")


def documents(count: int) -> list[Document]:
    return [
        Document(
            doc_id=f"w{number}",
            source="workers-test",
            text=(
                f"Police in Lagos arrested {number} protesters on Monday. "
                "The interior minister condemned the arrests, officials said. " * 20
            ),
        )
        for number in range(count)
    ]


def children_of(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    found: list[int] = []
    for task in tasks.iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def test_a_consumer_that_stops_mid_stream_gets_its_error_and_no_worker_is_left():
    stream = pipeline.extract(documents(400), Settings(n_process=2, batch_size=16))
    started = time.monotonic()
    with pytest.raises(OSError, match="disk full"):
        for number, _ in enumerate(stream, 1):
            if number == 5:
                raise OSError("disk full (simulated)")
    # The workers finish what they hold (two batches each) instead of blocking on a send.
    assert time.monotonic() - started < 120
    stream.close()
    assert multiprocessing.active_children() == []


def test_a_stopped_consumer_does_not_stop_a_later_run_over_new_documents():
    first = pipeline.extract(documents(60), Settings(n_process=2, batch_size=8))
    next(first)
    first.close()
    again = list(pipeline.extract(documents(20), Settings(n_process=2, batch_size=8)))
    assert [result.document.doc_id for result in again] == [f"w{n}" for n in range(20)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal")
def test_workers_of_a_killed_run_die_with_it(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w") as out:
        for document in documents(3000):
            out.write(json.dumps({"id": document.doc_id, "text": document.text}) + "\n")
    run = subprocess.Popen(
        [NEWSEVENTS, "run", str(corpus), "--db", str(tmp_path / "s.duckdb"), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while len(children_of(run.pid)) < 2:  # the two workers (and spaCy's helpers) forked
        assert run.poll() is None, run.stderr.read() if run.stderr else ""
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.2)
    workers = children_of(run.pid)
    run.send_signal(signal.SIGKILL)
    # Orphaned workers would hold the output pipes open: communicate would not return.
    run.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in workers)


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is left
