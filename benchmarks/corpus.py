"""A deterministic corpus of synthetic news articles for benchmarks and the Ray test.

Articles are assembled from the templates and vocabulary in ``corpus_vocab.yaml`` (actors with
titles, cities, dates, quotes, event sentences), 150-900 words by default, so every stage has
work to do at realistic lengths. The same seed gives the same articles; no two articles share
their text (a repeat is redrawn).

    .venv/bin/python benchmarks/corpus.py 1000 corpus.jsonl     # write N articles as JSONL
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCAB = Path(__file__).with_name("corpus_vocab.yaml")
FIRST_DAY = dt.date(2023, 1, 1)
DAYS = 3 * 365


@cache
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load(VOCAB.read_text(encoding="utf-8"))


def _fill(template: str, rng: random.Random, v: dict[str, Any]) -> str:
    a, b = rng.sample(v["actors"], 2)
    city, city2 = rng.sample(v["cities"], 2)
    parts = v["quote_parts"]
    quote = (
        f"{rng.choice(parts['openers'])} {rng.choice(v['topics'])} {rng.choice(parts['closers'])}"
    )
    text = template.format(
        a=f"{a['title']} {a['name']}",
        b=f"{b['title']} {b['name']}",
        a_short=a["short"],
        b_short=b["short"],
        country=a["country"],
        country2=b["country"],
        adj=a["adj"],
        city=city,
        city2=city2,
        date=rng.choice(v["dates"]),
        number=rng.randint(2, 400),
        org=rng.choice(v["orgs"]),
        group=rng.choice(v["groups"]),
        topic=rng.choice(v["topics"]),
        quote=quote,
    )
    # An organisation ("the United Nations") can open a sentence.
    return text[0].upper() + text[1:]


def _text(rng: random.Random, min_words: int, max_words: int) -> str:
    v = vocabulary()
    templates = v["templates"]
    # A sentence is at most ~30 words, so stopping at the first one past the target keeps the
    # article within [min_words, max_words].
    target = rng.randint(min_words, max(min_words, max_words - 30))
    lead = _fill(rng.choice(templates["lead"]), rng, v)
    paragraphs, words = [[lead]], len(lead.split())
    while words < target:
        if len(paragraphs[-1]) >= rng.randint(2, 4):
            paragraphs.append([])
        kind = "quote" if rng.random() < 0.25 else "body"
        sentence = _fill(rng.choice(templates[kind]), rng, v)
        paragraphs[-1].append(sentence)
        words += len(sentence.split())
    return "\n\n".join(" ".join(p) for p in paragraphs)


def articles(
    n: int, *, seed: int = 13, min_words: int = 150, max_words: int = 900
) -> Iterator[dict[str, Any]]:
    """``n`` JSONL-ready article objects: text, title, published, publisher, url."""
    rng = random.Random(seed)
    seen: set[bytes] = set()
    publishers = ("Daily Ledger", "Wire Service", "Evening Courier", "Global Dispatch")
    produced = 0
    while produced < n:
        text = _text(rng, min_words, max_words)
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if digest in seen:
            continue
        seen.add(digest)
        published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        produced += 1
        yield {
            "title": text.split(" — ", 1)[-1].split(",", 1)[0][:80],
            "published": published.isoformat(),
            "publisher": rng.choice(publishers),
            "url": f"https://news.example/{produced}",
            "text": text,
        }


def write_jsonl(path: Path, n: int, **options: Any) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for article in articles(n, **options):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    write_jsonl(Path(sys.argv[2]), int(sys.argv[1]))
