"""Locust users for ``bench_api.py``: what an analyst's explorer asks, in these proportions.

Each user pages through events with a filter, opens one, reads its document and the charts.
Run through ``bench_api.py``, which serves a store and reports requests/s, p50, p99, errors.
"""

from __future__ import annotations

import random

from locust import HttpUser, between, task

FILTERS = [
    {},
    {"type": "CONSULT"},
    {"actor": "RUS"},
    {"country": "KEN"},
    {"quad": "4"},
    {"text": "border"},
    {"since": "2025-06-01", "until": "2026-12-31"},
    {"mentions": "true", "sort": "-date"},
]


class Analyst(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        page = self.client.get("/events", params={"limit": 200}, name="/events (start)").json()
        self.events = [e["id"] for e in page["items"]]
        params = {"limit": 200, "mentions": "true"}
        docs = self.client.get("/events", params=params, name="/events (start)").json()
        self.documents = sorted({e["document_id"] for e in docs["items"]})

    @task(6)
    def events_page(self) -> None:
        self.client.get("/events", params=random.choice(FILTERS), name="/events?filter")

    @task(3)
    def one_event(self) -> None:
        self.client.get(f"/events/{random.choice(self.events)}", name="/events/{id}")

    @task(2)
    def one_document(self) -> None:
        self.client.get(f"/documents/{random.choice(self.documents)}", name="/documents/{id}")

    @task(2)
    def stats(self) -> None:
        self.client.get("/stats", params=random.choice(FILTERS), name="/stats?filter")

    @task(1)
    def actors(self) -> None:
        self.client.get("/actors", name="/actors")

    @task(1)
    def geojson(self) -> None:
        self.client.get(
            "/events", params={"format": "geojson", "limit": 500}, name="/events.geojson"
        )
