"""Hypothesis strategies for hostile input, and the profiles the fuzz tests run under.

Profiles (pick one with ``NEWSEVENTS_HYPOTHESIS_PROFILE``): ``fast`` (default) keeps the
default test run short; ``deep`` is the campaign (``-m slow``), thousands of inputs per test.
Neither profile keeps a deadline: one document going through the spaCy pipeline takes from
microseconds to seconds, and slowness is measured separately from crashing.
"""

from __future__ import annotations

import codecs
import json
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "derandomize": False,
}
settings.register_profile("fast", max_examples=40, **_COMMON)
settings.register_profile("deep", max_examples=2_500, **_COMMON)
PROFILE = os.environ.get("NEWSEVENTS_HYPOTHESIS_PROFILE", "fast")
settings.load_profile(PROFILE)


def examples(fast: int, deep: int) -> settings:
    """Settings for a test whose examples are expensive (a store, a CLI run each)."""
    return settings(max_examples=deep if PROFILE == "deep" else fast)


# Prose that passes ingest's English check, so generated documents reach the pipeline.
ENGLISH = (
    "Officials in the capital said on Tuesday that the talks with the rebel leaders would "
    "resume next week, and the minister told reporters that the government was ready to "
    "sign a ceasefire if the fighting in the north stopped."
)
WORDS = (
    "the",
    "minister",
    "said",
    "police",
    "protesters",
    "in",
    "Moscow",
    "Kyiv",
    "met",
    "with",
    "President",
    "Putin",
    "Biden",
    "on",
    "Monday",
    "yesterday",
    "Feb",
    "30",
    "2024",
    "troops",
    "attacked",
    "rebels",
    "and",
    "accused",
    "government",
    "of",
    "Reuters",
    "AP",
    "—",
    '"',
    "“",
    "”",
    "'",
    ",",
    ".",
    ";",
    ":",
    "(",
    ")",
    "\n",
    "\n\n",
    "Syria",
    "Damascus",
    "Gaza",
    "Ukraine",
    "NATO",
    "UN",
    "sanctions",
    "threatened",
    "to",
    "will",
    "not",
    "last",
    "week",
)

# Characters that break naive code: controls, NUL, bidi marks, combining marks, astral
# code points, lone surrogates are left to the byte strategies (str cannot encode them).
_TRICKY = st.sampled_from(
    ["\x00", "\x0b", "\x1b", "\u200b", "\u200f", "\u202e", "\ufeff", "\u0301", "\U0001f600",
     "\u2028", "\u2029", "\r", "\r\n", "\t", "\xa0", "«", "»", "„", "‚", "\u05d0", "\u0628"]
)  # fmt: skip

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join)
prose = st.lists(sentence, min_size=1, max_size=8).map(lambda s: ". ".join(s) + ".")
junk_text = st.lists(
    st.one_of(st.characters(codec="utf-8", exclude_categories=["Cs"]), _TRICKY), max_size=400
).map("".join)
# Mostly-English text salted with hostile characters and fragments.
mixed_text = st.lists(st.one_of(prose, junk_text, _TRICKY, st.just(ENGLISH)), max_size=6).map(
    "".join
)


@st.composite
def many_quotes(draw: st.DrawFn) -> str:
    """A text with a huge run of quote marks (up to a million) inside an English paragraph."""
    mark = draw(st.sampled_from(['"', "“", "”", "'", "«", "„"]))
    count = draw(st.sampled_from([1, 2, 3, 1001, 100_000, 1_000_000]))
    return f"{ENGLISH} {mark * count} {ENGLISH}"


@st.composite
def long_sentence(draw: st.DrawFn) -> str:
    """One sentence of thousands of words with no full stop (the parser's worst case)."""
    words = draw(st.lists(st.sampled_from(WORDS[:20]), min_size=5, max_size=20))
    repeat = draw(st.sampled_from([100, 1_000, 5_000]))
    return ENGLISH + " " + " ".join(words * repeat)


impossible_dates = st.sampled_from(
    ["Feb 30, 2024", "30 February 2023", "2024-02-30", "2023-13-01", "31/04/2024",
     "0000-00-00", "9999-12-31", "yesterday", "last Tuesday", "Jan 1, 10000", "99999999999999",
     "-1", "", " ", "2024-02-29T25:61:61Z", "Mon, 32 Jan 2024 00:00:00 +0000", "NaN", "\x00"]
)  # fmt: skip

# A document body that ingest will mostly accept, with hostile content somewhere in it.
# long_sentence() is left out: the campaign is about crashes, and a 40,000-word sentence costs
# the pipeline minutes (see test_reliability for the slow-input checks).
article_text = st.one_of(
    mixed_text,
    prose,
    many_quotes(),
    st.builds(lambda d, t: f"published: {d}\ntitle: x\n\n{ENGLISH} {t}", impossible_dates, prose),
    st.builds(lambda d: f"{ENGLISH} It happened on {d}, officials said.", impossible_dates),
)


def _truncate_utf8(text: str, cut: int) -> bytes:
    data = text.encode("utf-8")
    return data[: max(0, len(data) - cut)]


@st.composite
def text_bytes(draw: st.DrawFn) -> bytes:
    """The bytes of a .txt file: UTF-8, truncated UTF-8, latin-1, UTF-16/32 with BOM, junk."""
    body = draw(article_text)
    kind = draw(
        st.sampled_from(["utf-8", "truncated", "latin-1", "utf-16", "utf-32", "bom8", "junk"])
    )
    if kind == "truncated":
        return _truncate_utf8(body + "é€😀", draw(st.integers(1, 3)))
    if kind == "latin-1":
        return (body + " café à Genève").encode("latin-1", errors="replace")
    if kind in ("utf-16", "utf-32"):
        return body.encode(kind)  # Python writes the BOM for these codecs
    if kind == "bom8":
        return codecs.BOM_UTF8 + body.encode("utf-8")
    if kind == "junk":
        return draw(st.binary(max_size=600))
    return body.encode("utf-8")


@st.composite
def html_bytes(draw: st.DrawFn) -> bytes:
    """HTML pages with unclosed tags, scripts, styles, comments and bad entities."""
    body = draw(article_text)
    junk = draw(junk_text)
    parts = draw(
        st.lists(
            st.sampled_from(
                ["<p>", "<div>", "<article>", "</div>", "<script>var a='</p>';", "</script>",
                 "<style>p{}", "<!--", "-->", "<![CDATA[", "&bogus;", "&#xD800;", "&#0;",
                 "<table><tr><td>", "<br>", "<meta charset='utf-16'>", "<time datetime='Feb 30'>",
                 "<html>", "<body>", "<title>", "<b><i>", "</p></p></p>"]
            ),
            max_size=12,
        )
    )  # fmt: skip
    head = "<!DOCTYPE html><html><head><title>t</title>"
    if draw(st.booleans()):
        date = draw(impossible_dates).replace("'", "")
        head += f"<meta property='article:published_time' content='{date}'>"
    page = head + "</head><body>" + "".join(parts) + f"<p>{body}</p>" + junk
    if draw(st.booleans()):
        page += "</body></html>"
    raw = page.encode("utf-8")
    return _truncate_utf8(page, draw(st.integers(1, 2))) if draw(st.booleans()) else raw


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    """JSON Lines with good records, broken lines, wrong types and lone surrogate escapes."""
    lines: list[bytes] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(
                ["good", "good", "broken", "array", "no_text", "types", "surrogate", "nul",
                 "bad_date", "bytes", "blank"]
            )
        )  # fmt: skip
        record: object
        if kind == "good":
            record = {"id": draw(st.text(max_size=8)), "text": draw(article_text)}
        elif kind == "broken":
            lines.append(json.dumps({"text": draw(prose)}).encode()[: draw(st.integers(0, 20))])
            continue
        elif kind == "array":
            record = [draw(prose)]
        elif kind == "no_text":
            record = {"title": draw(prose)}
        elif kind == "types":
            record = {"text": draw(st.sampled_from([1, 2.5, None, True, [], {}])), "id": 7}
        elif kind == "surrogate":
            lines.append(b'{"text": "' + ENGLISH.encode() + b' \\ud800 end", "title": "\\udfff"}')
            continue
        elif kind == "nul":
            record = {"text": ENGLISH + "\x00 and more \x00", "url": "\x00"}
        elif kind == "bad_date":
            record = {"text": draw(prose), "published": draw(impossible_dates)}
        elif kind == "bytes":
            lines.append(draw(st.binary(max_size=80)).replace(b"\n", b" "))
            continue
        else:
            lines.append(b"   ")
            continue
        lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8"))
    return b"\n".join(lines) + (b"\n" if draw(st.booleans()) else b"")


@st.composite
def feed_bytes(draw: st.DrawFn) -> bytes:
    """RSS with entries that are empty, HTML-laden or dated Feb 30, sometimes cut short."""
    items = "".join(
        f"<item><title>t{i}</title><pubDate>{draw(impossible_dates)}</pubDate>"
        f"<description><![CDATA[<p>{draw(article_text)}]]></description></item>"
        for i in range(draw(st.integers(0, 3)))
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}'
    if draw(st.booleans()):
        feed += "</channel></rss>"
    return feed.encode("utf-8")


# (file name suffix, bytes): every format ingest reads, and a few it must refuse.
input_file = st.one_of(
    st.tuples(st.sampled_from([".txt", ".md", ""]), text_bytes()),
    st.tuples(st.sampled_from([".html", ".htm", ""]), html_bytes()),
    st.tuples(st.sampled_from([".jsonl", ""]), jsonl_bytes()),
    st.tuples(st.sampled_from([".rss", ".xml"]), feed_bytes()),
    st.tuples(st.sampled_from([".warc", ".warc.gz", ".pdf", ".bin", ""]), st.binary(max_size=300)),
)
