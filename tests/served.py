"""A store built from the team's test articles and the canonical example, and a real
``newsevents serve`` process on 127.0.0.1 over it: shared by the API and browser tests."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

import newsevents

ROOT = Path(__file__).parent.parent
KREMLIN = ROOT.parent / "shared" / "examples" / "kremlin-summit.txt"
# The story corpus has syndicated copies, so some merged events have several mentions.
INPUTS = [
    ROOT / "examples",
    ROOT / "tests" / "articles",
    ROOT / "tests" / "data" / "stories",
    KREMLIN,
]


def build_store(path: Path) -> Path:
    """Run the whole pipeline on the examples, the test articles, the story corpus and the
    canonical Kremlin example (published 2026-01-28, the date its text is written against)."""
    newsevents.run(INPUTS, path, published=dt.date(2026, 1, 28))
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(db: Path, *args: str) -> Iterator[str]:
    """``newsevents serve --db DB`` in a subprocess on a free port of 127.0.0.1; yields its
    base URL once it answers, and stops it afterwards."""
    port = free_port()
    # The console script beside this Python: what a user runs.
    script = Path(sys.executable).parent / "newsevents"
    command = [str(script), "serve", "--db", str(db)]
    command += ["--port", str(port), *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"serve exited with {process.returncode}: {process.stderr.read()}"
                )
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()
