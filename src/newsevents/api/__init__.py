"""The HTTP API and the web explorer's server: FastAPI, read-only over one store.

Modules, one job each:

- ``app``: ``create_app(db, token=None)``, the factory: the store, the token, the page.
- ``limits``: page size, query time and response size limits, and the reader that keeps them.
- ``problems``: every error as an RFC 9457 problem (``application/problem+json``).
- ``params``: the event filter as query parameters, checked by ``store.filters``.
- ``events``, ``documents``, ``actors``, ``stats``: one resource each.
- ``command``: ``newsevents serve``.
"""

from newsevents.api.app import create_app

__all__ = ["create_app"]
