"""URLs as inputs: a feed URL yields its entries, a page URL one document.

``read(url, fetcher)`` does both halves; ``newsevents watch`` calls them one by one, so it can
skip the entries it has seen before it fetches their pages:

- ``items(fetched)``: what a fetched body holds: the entries of an RSS/Atom feed (feedparser),
  or one page (trafilatura, as the HTML reader does) or plain text;
- ``document(item, fetcher)``: an entry's document; an entry that has only a summary gets its
  page fetched and extracted, keeping the entry's title, date and feed.

Every fetch goes through ``fetch.Fetcher`` (rate limit, robots.txt, size and time limits).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from newsevents.errors import InputError, UnsupportedFormat
from newsevents.ingest import feeds, html, text
from newsevents.ingest.fetch import Fetched, Fetcher
from newsevents.models import SOURCE_CAP, Document, printable

__all__ = ["Item", "document", "items", "read"]

_FEED_TYPES = ("rss", "atom", "rdf", "/xml", "+xml")
# Entry metadata from the feed beats what the page says of itself: the feed is the publisher's
# own listing, and a page's markup often lacks a date.
_ENTRY_META = ("published_raw", "entry_id")


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a feed, or one page. ``key`` is what a watcher remembers it by: the entry's
    id, else its link, else a hash of its text; a page's URL."""

    key: str
    draft: Document | InputError


def read(url: str, fetcher: Fetcher) -> Iterator[Document | InputError]:
    """The documents of a feed or page URL (drafts: ``ingest`` finishes them)."""
    for item in items(fetcher.get(url)):
        yield document(item, fetcher)


def items(fetched: Fetched) -> list[Item]:
    """The entries of a fetched feed, or the one page or text it is."""
    source = printable(fetched.url, SOURCE_CAP)
    kind = _kind(fetched)
    if kind == "feed":
        found = []
        for draft in feeds.read(fetched.body, source=source, base_url=fetched.url):
            if isinstance(draft, InputError):
                found.append(Item(draft.source or source, draft))
                continue
            # Without an id or a link, an entry is known by its text: its position in a live
            # feed moves as items are added.
            key = str(draft.meta.get("entry_id") or draft.url or f"text:{_digest(draft.text)}")
            # An entry is named by its own link: the position in a live feed moves as items
            # are added (the file reader's "feed#3" would name another entry tomorrow).
            if draft.url:
                draft = dataclasses.replace(draft, source=printable(draft.url, SOURCE_CAP))
            found.append(Item(key, draft))
        return found
    if kind == "html":
        return [Item(fetched.url, html.extract(fetched.body, source=source, url=fetched.url))]
    if kind == "text":
        draft = text.to_document(text.decode(fetched.body, source), source=source)
        return [Item(fetched.url, dataclasses.replace(draft, url=fetched.url))]
    return [
        Item(
            fetched.url,
            UnsupportedFormat(
                f"the URL serves {kind or 'an unnamed type'}; newsevents reads feeds, HTML "
                "pages and plain text",
                source=source,
            ),
        )
    ]


def document(item: Item, fetcher: Fetcher) -> Document | InputError:
    """The item's document, its page fetched first when the feed gave only a summary."""
    draft = item.draft
    if isinstance(draft, InputError) or not draft.meta.get("summary_only") or not draft.url:
        return draft
    try:
        page = fetcher.get(draft.url)
    except InputError as error:
        return error
    if _kind(page) != "html":
        return draft  # a PDF or an image behind the link: the summary is the article we have
    extracted = html.extract(page.body, source=draft.source, url=draft.url)
    if isinstance(extracted, InputError):
        return draft  # no article text in the page (a script-only page): keep the summary
    meta = {**extracted.meta, **{k: draft.meta[k] for k in _ENTRY_META if k in draft.meta}}
    return dataclasses.replace(
        extracted,
        title=draft.title or extracted.title,
        publisher=draft.publisher or extracted.publisher,
        meta=meta,
    )


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _kind(fetched: Fetched) -> str:
    """feed, html or text, by the body's first bytes, else by the Content-Type; else the
    Content-Type itself (a type newsevents does not read)."""
    content_type = fetched.content_type.split(";", 1)[0].strip().lower()
    head = fetched.body[: text.SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf").lstrip()[:2048].lower()
    if feeds.looks_like_feed(head):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or "html" in content_type:
        return "html"
    if any(t in content_type for t in _FEED_TYPES):
        return "feed"
    if content_type in ("text/plain", "text/markdown", ""):
        return "text" if not text.looks_binary(fetched.body[: text.SNIFF_BYTES]) else ""
    return content_type
