"""``GET /documents/{id}``: a document's text with every annotation as character spans."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from newsevents.api.limits import dump_json, reader
from newsevents.errors import NotFound
from newsevents.store import Store

router = APIRouter(tags=["documents"])


@router.get("/documents/{doc_id}", summary="A document with its annotations")
def get_document(
    request: Request, store: Annotated[Store, Depends(reader)], doc_id: str
) -> Response:
    """The stored document (text, title, publisher, date, flags) and its ``actors`` (with
    every mention span), ``events``, ``quotes`` and ``places``, each span an offset pair
    into ``text``."""
    record = store.document(doc_id)
    if record is None:
        raise NotFound(f"no document has id {doc_id[:80]!r}")
    return Response(dump_json(request, record), media_type="application/json")
