"""Load test of ``newsevents serve``: Locust users against a served store on 127.0.0.1.

    .venv/bin/python benchmarks/bench_api.py                       # 200 users, 60 s
    .venv/bin/python benchmarks/bench_api.py --users 400 --seconds 120 --db events.duckdb

Without ``--db`` it builds a store from the team's test articles first. Prints requests/s,
p50, p99 and the number of failed requests (an HTTP error or a dropped connection), overall
and per endpoint, as a Markdown table. Locust runs in a process of its own (it patches the
standard library with gevent), as does the server.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

from served import build_store, serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to serve (default: build one)")
    parser.add_argument("--users", type=int, default=200, help="concurrent Locust users")
    parser.add_argument("--spawn-rate", type=int, default=50, help="users started per second")
    parser.add_argument("--seconds", type=int, default=60, help="how long to run")
    parser.add_argument(
        "--concurrent-queries", type=int, help="serve's --concurrent-queries (default: its own)"
    )
    args = parser.parse_args()
    serve_args = []
    if args.concurrent_queries:
        serve_args = ["--concurrent-queries", str(args.concurrent_queries)]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_store(Path(tmp) / "events.duckdb")
        with serve(db, *serve_args) as url:
            prefix = Path(tmp) / "locust"
            command = [
                sys.executable, "-m", "locust", "-f", str(HERE / "locust_api.py"),
                "--headless", "--host", url, "--users", str(args.users),
                "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.seconds}s",
                "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
            ]  # fmt: skip
            locust = subprocess.run(command, capture_output=True, text=True)
            with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
                rows = list(csv.DictReader(stats))
            with open(f"{prefix}_failures.csv", encoding="utf-8") as failed:
                failures = list(csv.DictReader(failed))
    print(f"{args.users} users, {args.seconds} s, server and clients on one machine\n")
    print("| endpoint | requests | failures | requests/s | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        name = "**all**" if row["Name"] == "Aggregated" else f"`{row['Name']}`"
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['99%']} |"
        )
    # What failed, and why (the status and problem, or the connection error).
    for row in failures:
        print(f"\nfailed {row['Occurrences']}x `{row['Name']}`: {row['Error'][:300]}")
    failed = int(rows[-1]["Failure Count"])
    if failed or locust.returncode not in (0, 1):
        print(locust.stderr[-3000:], file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
