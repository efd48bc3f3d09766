"""RSS and Atom feeds: one Document per entry, parsed by feedparser."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape

import feedparser
import lxml.html
import lxml.html.defs
from lxml import etree

from newsevents.errors import EmptyDocument, InputError, UnsupportedFormat
from newsevents.models import Document

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


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    for content in entry.get("content") or ():
        if content.get("value"):
            return html_to_text(content["value"])
    return html_to_text(entry.get("summary") or "")


def read(data: bytes, *, source: str) -> Iterator[Document | InputError]:
    """One Document per feed entry, or one failure for the entry or the feed."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.bozo:
            raise UnsupportedFormat(
                f"not a valid RSS/Atom feed ({parsed.get('bozo_exception')})", source=source
            )
        raise EmptyDocument("feed has no entries", source=source)
    publisher = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        entry_source = f"{source}#{number}"
        text = _entry_text(entry)
        if not text:
            yield EmptyDocument("feed entry has no content or summary", source=entry_source)
            continue
        meta: dict[str, object] = {}
        raw_date = entry.get("published") or entry.get("updated")
        if raw_date:
            meta["published_raw"] = raw_date
        if entry.get("id"):
            meta["entry_id"] = entry["id"]
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
