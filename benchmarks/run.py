"""Run every benchmark and print one README-ready Markdown table.

    .venv/bin/python benchmarks/run.py          # 1k/10k docs, 100k-doc RSS run, 1M events
    .venv/bin/python benchmarks/run.py --quick  # 100/1k docs, 2k-doc RSS run: minutes on 2 cores

Ratios compare measurements taken in the same run on the same machine, so they mean more than
the absolute docs/s, which depend on the CPU and on what else it is running.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_query  # noqa: E402
import bench_throughput  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a laptop check")
    parser.add_argument("--sizes", type=int, nargs=2, help="override the two corpus sizes")
    parser.add_argument("--rss-docs", type=int, help="documents for the RSS run (0: skip)")
    parser.add_argument("--rss-timeout", type=float, help="stop the RSS run after S seconds")
    parser.add_argument(
        "--rss-words", type=int, nargs=2, default=(150, 900), help="article lengths, RSS run"
    )
    parser.add_argument("--events", type=int, help="events for the query benchmark")
    parser.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=bench_throughput.DEFAULT.batch_size)
    args = parser.parse_args()
    sizes = tuple(args.sizes or ((100, 1000) if args.quick else (1000, 10000)))
    rss_docs = args.rss_docs if args.rss_docs is not None else (2000 if args.quick else 100_000)
    events = args.events or 1_000_000
    started = time.perf_counter()
    rows = bench_query.bench(events)
    rows += bench_throughput.bench(
        sizes, args.n_process, args.batch_size, rss_docs, args.rss_timeout, tuple(args.rss_words)
    )
    print(
        f"\nnewsevents benchmarks — {platform.python_version()}, {platform.machine()}, "
        f"{time.perf_counter() - started:.0f} s\n"
    )
    print("| measure | value | target | ok |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row.values()) + " |")


if __name__ == "__main__":
    main()
