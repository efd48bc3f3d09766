"""RSS and Atom feeds: one Document per entry, parsed by feedparser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import feedparser
import lxml.html
import lxml.html.defs
from lxml import etree

from newsevents.errors import EmptyDocument, InputError, UnsupportedFormat
from newsevents.models import Document

# The root element of an RSS 1.0/2.0 or Atom document, in its first bytes (lower-cased).
_ROOT = re.compile(rb"<(rss|feed|rdf:rdf)[\s>]")


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of a file or an HTTP body (lower-cased) open a feed."""
    return _ROOT.search(head) is not None


# Elements after which text continues on a new line, so paragraphs stay apart.
_BLOCKS = lxml.html.defs.block_tags | {"br", "article", "section"}


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one line per block element, whitespace runs collapsed."""
    if "<" not in fragment:
        text = unescape(fragment)
    else:
        try:
            root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        except (etree.ParserError, ValueError):
            return ""
        for element in root.iter():
            if element.tag in _BLOCKS:
                element.tail = "\n" + (element.tail or "")
        text = root.text_content()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _entry_text(entry: feedparser.FeedParserDict) -> tuple[str, bool]:
    """The entry's text, and whether it is only a summary (no full content)."""
    for content in entry.get("content") or ():
        if content.get("value"):
            return html_to_text(content["value"]), False
    return html_to_text(entry.get("summary") or ""), True


def read(
    data: bytes, *, source: str, base_url: str | None = None
) -> Iterator[Document | InputError]:
    """One Document per feed entry, or one failure for the entry or the feed. Relative links
    resolve against ``base_url`` (the feed's URL when it was fetched)."""
    # Bytes, never a string: feedparser fetches a string that looks like a URL itself.
    headers = {"content-location": base_url} if base_url else None
    parsed = feedparser.parse(bytes(data), response_headers=headers)
    if not parsed.entries:
        if parsed.bozo:
            raise UnsupportedFormat(
                f"not a valid RSS/Atom feed ({parsed.get('bozo_exception')})", source=source
            )
        raise EmptyDocument("feed has no entries", source=source)
    publisher = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        entry_source = f"{source}#{number}"
        text, summary_only = _entry_text(entry)
        if not text:
            yield EmptyDocument("feed entry has no content or summary", source=entry_source)
            continue
        meta: dict[str, object] = {}
        raw_date = entry.get("published") or entry.get("updated")
        if raw_date:
            meta["published_raw"] = raw_date
        if entry.get("id"):
            meta["entry_id"] = entry["id"]
        if summary_only:
            # A reader of a feed URL fetches the entry's page for the full text (ingest.web).
            meta["summary_only"] = True
        yield Document(
            doc_id="",
            text=text,
            source=entry_source,
            format="rss",
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            publisher=publisher,
            meta=meta,
        )
