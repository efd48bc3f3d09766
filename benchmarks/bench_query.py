"""Query latency on a store with many events.

Creates a store (the real schema, indexes included), bulk-inserts N generated events as one
Arrow table through the store's connection, then times the two queries researchers run most:
events between an actor pair of one type in a date range, and monthly counts for a pair.
Prints the median and 95th percentile over varied parameters.

    .venv/bin/python benchmarks/bench_query.py              # 1,000,000 events
    .venv/bin/python benchmarks/bench_query.py --events 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from newsevents.codebook import PLOVER_TYPES
from newsevents.store import Store

TYPES = list(PLOVER_TYPES)
COUNTRIES = [
    "USA",
    "RUS",
    "UKR",
    "CHN",
    "FRA",
    "DEU",
    "GBR",
    "TUR",
    "IRN",
    "ISR",
    "SYR",
    "IND",
    "PAK",
    "BRA",
    "ZAF",
    "KEN",
    "NGA",
    "EGY",
    "JPN",
    "KOR",
    "PRK",
    "SAU",
    "MEX",
    "VEN",
    "COL",
    "SDN",
    "ETH",
    "POL",
    "IRQ",
    "AFG",
]
SECTORS = ("GOV", "MIL", "REB", "OPP", "CVL", "BUS")
FIRST_DAY = dt.date(2020, 1, 1)
DAYS = 5 * 365
TARGET_MS = 200.0


def events_table(n: int, seed: int = 3) -> pa.Table:
    """N events with the columns of the store's ``events`` table (text kept short)."""
    rng = np.random.default_rng(seed)
    # Skewed like real data: a few countries and types dominate.
    country_p = 1.0 / np.arange(1, len(COUNTRIES) + 1)
    country_p /= country_p.sum()
    source = rng.choice(COUNTRIES, size=n, p=country_p)
    target = rng.choice(COUNTRIES, size=n, p=country_p)
    kind = rng.choice(TYPES, size=n)
    sector_s = rng.choice(SECTORS, size=n)
    sector_t = rng.choice(SECTORS, size=n)
    days = rng.integers(0, DAYS, size=n)
    doc = rng.integers(0, max(1, n // 8), size=n)
    start = rng.integers(0, 5000, size=n).astype(np.int32)
    ids = np.char.add("e", np.arange(n).astype(str))
    docs = np.char.add("d", doc.astype(str))
    dates = np.datetime64(FIRST_DAY.isoformat()) + days.astype("timedelta64[D]")
    return pa.table(
        {
            "id": ids,
            "doc_id": docs,
            "type": kind,
            "source_id": np.char.add("country:", source),
            "source_name": source,
            "source_country": source,
            "source_sector": sector_s,
            "target_id": np.char.add("country:", target),
            "target_name": target,
            "target_country": target,
            "target_sector": sector_t,
            "date": pa.array(dates, pa.date32()),
            "date_precision": np.full(n, "day"),
            "negated": rng.random(n) < 0.05,
            "modality": np.full(n, "asserted"),
            "sentence": np.char.add("Generated sentence ", ids),
            "sentence_start": start,
            "sentence_end": start + 120,
            "span_start": start + 10,
            "span_end": start + 16,
            "confidence": rng.random(n).round(2),
        }
    )


def build(path: Path, n: int) -> float:
    started = time.perf_counter()
    table = events_table(n)
    with Store(path) as store:
        con = store.connection
        con.register("_bench_events", table)
        con.execute("INSERT INTO events BY NAME SELECT * FROM _bench_events")
        con.unregister("_bench_events")
        con.execute("CHECKPOINT")
    return time.perf_counter() - started


PAIR_QUERY = """
SELECT id, doc_id, date, type, source_name, target_name, sentence
FROM events
WHERE source_country = $s AND target_country = $t AND type = $type
  AND date BETWEEN $since AND $until
ORDER BY date, id
LIMIT 1000
"""

MONTHLY_QUERY = """
SELECT date_trunc('month', date) AS month, type, count(*) AS events
FROM events
WHERE ((source_country = $s AND target_country = $t)
    OR (source_country = $t AND target_country = $s))
  AND date BETWEEN $since AND $until
GROUP BY ALL
ORDER BY month, type
"""


def _params(rng: np.random.Generator) -> dict[str, object]:
    s, t = rng.choice(COUNTRIES[:10], size=2, replace=False)
    since = FIRST_DAY + dt.timedelta(days=int(rng.integers(0, DAYS - 400)))
    return {
        "s": str(s),
        "t": str(t),
        "type": str(rng.choice(TYPES)),
        "since": since,
        "until": since + dt.timedelta(days=365),
    }


def time_queries(path: Path, runs: int = 30) -> dict[str, list[float]]:
    rng = np.random.default_rng(11)
    timings: dict[str, list[float]] = {"pair": [], "monthly": [], "api": []}
    with Store(path, read_only=True) as store:
        con = store.connection
        for i in range(runs + 3):
            p = _params(rng)
            monthly = {k: v for k, v in p.items() if k != "type"}
            measured = []
            for query, params in ((PAIR_QUERY, p), (MONTHLY_QUERY, monthly)):
                t = time.perf_counter()
                con.execute(query, params).fetchall()
                measured.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            store.events(
                actor=p["s"], type=p["type"], since=p["since"], until=p["until"], limit=1000
            )
            measured.append((time.perf_counter() - t) * 1000)
            if i >= 3:  # the first runs warm DuckDB's caches
                for name, ms in zip(("pair", "monthly", "api"), measured, strict=True):
                    timings[name].append(ms)
    return timings


def bench(n_events: int, runs: int = 30) -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        seconds = build(path, n_events)
        size_mb = path.stat().st_size / 1e6
        timings = time_queries(path, runs)
    labels = {
        "pair": "actor pair + type + date range (LIMIT 1000)",
        "monthly": "monthly counts for an actor pair",
        "api": "Store.events(actor, type, since, until)",
    }
    rows = [
        {
            "measure": f"bulk insert {n_events:,} events (Arrow)",
            "value": f"{seconds:.1f} s ({n_events / seconds:,.0f} events/s, {size_mb:.0f} MB)",
            "target": "",
            "ok": "",
        }
    ]
    for name, values in timings.items():
        median = statistics.median(values)
        p95 = sorted(values)[int(0.95 * (len(values) - 1))]
        rows.append(
            {
                "measure": f"query: {labels[name]}",
                "value": f"median {median:.1f} ms, p95 {p95:.1f} ms",
                "target": f"median < {TARGET_MS:.0f} ms",
                "ok": "yes" if median < TARGET_MS else "NO",
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    for row in bench(args.events, args.runs):
        print(" | ".join(row.values()))


if __name__ == "__main__":
    main()
