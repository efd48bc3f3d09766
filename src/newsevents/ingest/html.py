"""HTML pages: the main article text and its metadata, extracted by trafilatura.

``Document.text`` is the text trafilatura extracted, stored as-is: every offset points into it.
"""

from __future__ import annotations

from collections.abc import Iterator

import trafilatura

from newsevents.errors import EmptyDocument, InputError
from newsevents.models import Document

# Dates only from the page's markup (meta tags, JSON-LD, <time>), never guessed from the body
# text or the crawl date: a wrong publication date silently shifts every relative date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def extract(
    data: bytes | str, *, source: str, url: str | None = None, fmt: str = "html"
) -> Document | InputError:
    """One Document from one HTML page, or the reason there is none."""
    result = trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=_DATE_PARAMS,
    )
    text = getattr(result, "text", None)
    if not text or not text.strip():
        return EmptyDocument("no article text found in HTML", source=source)
    meta: dict[str, object] = {}
    if result.date:
        meta["published_raw"] = result.date
    return Document(
        doc_id="",
        text=text,
        source=source,
        format=fmt,
        title=result.title or None,
        url=url or result.url or None,
        publisher=result.sitename or None,
        meta=meta,
    )


def read(data: bytes, *, source: str) -> Iterator[Document | InputError]:
    yield extract(data, source=source)
