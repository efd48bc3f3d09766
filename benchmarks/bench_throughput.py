"""Throughput of the full pipeline against bare spaCy, scaling, and peak memory of a run.

On generated articles (``corpus.py``: 150-900 words, deterministic), in one process run:

* full ``pipeline.extract`` vs bare ``nlp.pipe`` of the same spaCy model on the same texts,
  for each ``--n-process`` (target: full >= 0.6x bare);
* docs/s at two corpus sizes and the time ratio (target <= 11 for 10x the documents);
* peak RSS (VmHWM from /proc) of a child process streaming ``--rss-docs`` documents through
  ``pipeline.run`` into a store (target < 1.5 GB), sampled as it goes so a partial run
  still gives a projection.

    .venv/bin/python benchmarks/bench_throughput.py --sizes 1000 10000 --rss-docs 100000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402

from newsevents import ingest  # noqa: E402
from newsevents.models import Document, Extraction  # noqa: E402
from newsevents.nlp import base_model  # noqa: E402
from newsevents.pipeline import build_nlp, extract  # noqa: E402
from newsevents.settings import DEFAULT, Settings  # noqa: E402

MIN_RATIO = 0.6
MAX_SCALE_RATIO = 11.0
MAX_RSS_MB = 1500.0


def documents(folder: Path, n: int, seed: int = 13) -> list[Document]:
    path = corpus.write_jsonl(folder / f"corpus-{n}-{seed}.jsonl", n, seed=seed)
    return [d for d in ingest.read([path]) if isinstance(d, Document)]


def time_bare(texts: list[str], n_process: int, batch_size: int) -> float:
    nlp = base_model()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - started


def time_full(docs: list[Document], n_process: int, batch_size: int) -> tuple[float, int]:
    settings = Settings(n_process=n_process, batch_size=batch_size)
    # Built before the clock starts, with extract()'s own cache key.
    build_nlp(settings.model, (), settings.event_model)
    started = time.perf_counter()
    coded = sum(isinstance(r, Extraction) for r in extract(docs, settings))
    return time.perf_counter() - started, coded


def rss_child(jsonl: str, db: str, samples: str) -> None:
    """Child process: stream a corpus through pipeline.run, writing VmHWM samples."""
    from newsevents.pipeline import run

    done = 0
    started = time.perf_counter()
    with open(samples, "w", encoding="utf-8") as out:

        def progress(n: int) -> None:
            nonlocal done
            done += n
            if done % 200 < n:
                out.write(json.dumps({"docs": done, "mb": _vmhwm_mb(), "s": _since(started)}))
                out.write("\n")
                out.flush()

        run([jsonl], db, progress=progress)
        out.write(json.dumps({"docs": done, "mb": _vmhwm_mb(), "s": _since(started)}) + "\n")


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 1)


def _vmhwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_rss(
    folder: Path, n: int, timeout: float | None, words: tuple[int, int] = (150, 900)
) -> dict[str, float]:
    jsonl = corpus.write_jsonl(
        folder / f"rss-{n}.jsonl", n, seed=29, min_words=words[0], max_words=words[1]
    )
    samples = folder / "rss-samples.jsonl"
    command = [
        sys.executable,
        __file__,
        "--rss-child",
        str(jsonl),
        str(folder / "rss.duckdb"),
        str(samples),
    ]
    try:
        subprocess.run(command, check=True, timeout=timeout)
        finished = True
    except subprocess.TimeoutExpired:
        finished = False
    rows = [json.loads(line) for line in samples.read_text().splitlines() if line.strip()]
    if not rows:
        return {"docs": 0, "mb": float("nan"), "projected_mb": float("nan"), "finished": False}
    last = rows[-1]
    # Growth after warm-up (model loaded, first batches stored), extrapolated linearly to n.
    base = rows[min(len(rows) - 1, 1)]
    slope = (last["mb"] - base["mb"]) / max(1, last["docs"] - base["docs"])
    projected = last["mb"] + slope * (n - last["docs"])
    return {
        "docs": last["docs"],
        "mb": last["mb"],
        "projected_mb": projected,
        "seconds": last["s"],
        "finished": finished,
        # Throughput over the first and the last tenth of the stream: a store that slowed as
        # it grew would show here.
        "first_rate": _rate(rows, 0, last["docs"] // 10),
        "last_rate": _rate(rows, last["docs"] - last["docs"] // 10, last["docs"]),
    }


def _rate(rows: list[dict[str, float]], start: int, end: int) -> float:
    inside = [r for r in rows if start <= r["docs"] <= end]
    if len(inside) < 2 or inside[-1]["s"] <= inside[0]["s"]:
        return float("nan")
    return (inside[-1]["docs"] - inside[0]["docs"]) / (inside[-1]["s"] - inside[0]["s"])


def _throughput(
    folder: Path, sizes: tuple[int, int], n_processes: list[int], batch_size: int
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    small = documents(folder, sizes[0])
    texts = [d.text for d in small]
    words = sum(len(t.split()) for t in texts)
    for n_process in n_processes:
        bare = time_bare(texts, n_process, batch_size)
        full, _ = time_full(small, n_process, batch_size)
        ratio = bare / full
        rows.append(
            {
                "measure": f"full vs bare nlp.pipe, {len(small):,} docs, n_process={n_process}",
                "value": f"{ratio:.2f}x (full {len(small) / full:.2f} docs/s, "
                f"bare {len(small) / bare:.2f} docs/s, {words / len(small):.0f} words/doc)",
                "target": f">= {MIN_RATIO}x",
                "ok": "yes" if ratio >= MIN_RATIO else "NO",
            }
        )
    best = max(n_processes)
    large = documents(folder, sizes[1], seed=17)
    t_small, _ = time_full(small, best, batch_size)
    t_large, _ = time_full(large, best, batch_size)
    scale = t_large / t_small
    limit = MAX_SCALE_RATIO * sizes[1] / sizes[0] / 10  # 11 for ten times the documents
    rows.append(
        {
            "measure": f"time {sizes[1]:,} / {sizes[0]:,} docs (n_process={best})",
            "value": f"{scale:.1f} ({len(small) / t_small:.2f} vs "
            f"{len(large) / t_large:.2f} docs/s)",
            "target": f"<= {limit:.0f}",
            "ok": "yes" if scale <= limit else "NO",
        }
    )
    return rows


def bench(
    sizes: tuple[int, int],
    n_processes: list[int],
    batch_size: int,
    rss_docs: int,
    rss_timeout: float | None,
    rss_words: tuple[int, int] = (150, 900),
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if sizes[0]:
            rows += _throughput(folder, sizes, n_processes, batch_size)
        if rss_docs:
            rss = measure_rss(folder, rss_docs, rss_timeout, rss_words)
            measured = (
                f"{rss['mb']:.0f} MB after {rss['docs']:,} docs "
                f"({rss['first_rate']:.1f} docs/s in the first tenth, "
                f"{rss['last_rate']:.1f} in the last)"
            )
            if not rss["finished"]:
                measured += f" (stopped; projected {rss['projected_mb']:.0f} MB at {rss_docs:,})"
            peak = rss["mb"] if rss["finished"] else rss["projected_mb"]
            rows.append(
                {
                    "measure": f"peak RSS, pipeline.run of {rss_docs:,} docs "
                    f"({rss_words[0]}-{rss_words[1]} words) into a store",
                    "value": measured,
                    "target": f"< {MAX_RSS_MB:.0f} MB",
                    "ok": "yes" if peak < MAX_RSS_MB else "NO",
                }
            )
    return rows


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--rss-child":
        rss_child(*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs=2, default=(1000, 10000), help="0 0 skips the throughput runs"
    )
    parser.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=DEFAULT.batch_size)
    parser.add_argument("--rss-docs", type=int, default=100_000, help="0 skips the RSS run")
    parser.add_argument(
        "--rss-timeout", type=float, default=None, help="stop the RSS run and project"
    )
    parser.add_argument(
        "--rss-words",
        type=int,
        nargs=2,
        default=(150, 900),
        help="article length range of the RSS run (short articles reach 100k docs sooner)",
    )
    args = parser.parse_args()
    for row in bench(
        tuple(args.sizes),
        args.n_process,
        args.batch_size,
        args.rss_docs,
        args.rss_timeout,
        tuple(args.rss_words),
    ):
        print(" | ".join(row.values()))


if __name__ == "__main__":
    main()
