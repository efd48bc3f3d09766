"""Scoring logic of `newsevents eval`, on hand-made gold and predictions."""

from __future__ import annotations

from newsevents.evaluate import Scores


def _event(type_: str, source: str | None, target: str | None, confidence: float = 0.5) -> dict:
    return {
        "type": type_,
        "source": {"country": source} if source else None,
        "target": {"country": target} if target else None,
        "negated": False,
        "confidence": confidence,
    }


def test_evaluate_event_triple_needs_type_source_and_target_countries() -> None:
    gold = {
        "events": [_event("CONSULT", "FRA", "DEU"), _event("ASSAULT", "SDN", None)],
        "quotes": [],
        "places": [],
    }
    predicted = {
        "events": [_event("CONSULT", "FRA", "DEU"), _event("ASSAULT", "SDN", "SDN")],
        "quotes": [],
        "places": [],
    }
    scores = Scores()
    scores.score_document(gold, predicted)
    result = scores.as_dict()["events"]
    assert result["type"]["tp"] == 2
    assert result["type+source"]["tp"] == 2
    assert result["type+source+target"]["tp"] == 1
    assert result["type+source+target"]["f1"] == 0.5


def test_evaluate_quote_matches_on_half_the_tokens_and_checks_the_surname() -> None:
    gold = {
        "events": [],
        "quotes": [
            {"text": "We will rebuild every school in the province", "speaker": "Mwangi"},
            {"text": "historic", "speaker": None},
        ],
        "places": [],
    }
    predicted = {
        "events": [],
        "quotes": [
            {"text": "We will rebuild every school", "speaker": {"name": "Grace Mwangi"}},
            {"text": "historic", "speaker": {"name": "Someone Else"}},
        ],
        "places": [],
    }
    scores = Scores()
    scores.score_document(gold, predicted)
    quotes = scores.as_dict()["quotes"]
    assert quotes["tp"] == 2
    assert quotes["speaker_accuracy"] == 0.5


def test_evaluate_places_report_exact_within_25_km_and_country() -> None:
    gold = {
        "events": [],
        "quotes": [],
        "places": [
            {"name": "Nairobi", "country": "KEN", "lat": -1.29, "lon": 36.82},
            {"name": "Paris", "country": "FRA", "lat": 48.86, "lon": 2.35},
        ],
    }
    predicted = {
        "events": [],
        "quotes": [],
        "places": [
            {"name": "Nairobi", "country": "KEN", "lat": -1.28, "lon": 36.82},
            {"name": "Paris", "country": "USA", "lat": 33.66, "lon": -95.56},
        ],
    }
    scores = Scores()
    scores.score_document(gold, predicted)
    places = scores.as_dict()["places"]
    assert (places["tp"], places["exact"], places["country"]) == (2, 0.5, 0.5)


def test_evaluate_errors_list_far_missed_and_spurious_places() -> None:
    gold = {
        "id": "d1",
        "events": [],
        "quotes": [],
        "places": [
            {"name": "Paris", "country": "FRA", "lat": 48.86, "lon": 2.35},
            {"name": "Lyon", "country": "FRA", "lat": 45.76, "lon": 4.84},
        ],
    }
    predicted = {
        "events": [],
        "quotes": [],
        "places": [
            {"name": "Paris", "country": "USA", "lat": 33.66, "lon": -95.56},
            {"name": "Rome", "country": "ITA", "lat": 41.9, "lon": 12.5},
        ],
    }
    scores = Scores()
    scores.score_document(gold, predicted)
    (entry,) = [e for e in scores.errors if "far_places" in e]
    assert entry["id"] == "d1"
    assert [f["name"] for f in entry["far_places"]] == ["Paris"]
    assert entry["far_places"][0]["km"] > 7000
    assert entry["missed_places"] == ["Lyon"]
    assert entry["spurious_places"] == ["Rome"]


def test_evaluate_places_match_gold_by_the_written_name_and_keep_aliases_apart() -> None:
    gold = {
        "events": [],
        "quotes": [],
        "places": [
            {"name": "Britain", "country": "GBR", "lat": 54.0, "lon": -2.0},
            {"name": "Gaza", "country": "PSE", "lat": 31.4, "lon": 34.4},
            {"name": "Gaza Strip", "country": "PSE", "lat": 31.4, "lon": 34.4},
        ],
    }
    strip = {"name": "Gaza Strip", "country": "PSE", "lat": 31.4, "lon": 34.4}
    predicted = {
        "events": [],
        "quotes": [],
        "places": [
            {"name": "United Kingdom", "text": "Britain", "country": "GBR", "lat": 54, "lon": -2},
            {**strip, "text": "Gaza"},
            {**strip, "text": "Gaza Strip"},
        ],
    }
    scores = Scores()
    scores.score_document(gold, predicted)
    places = scores.as_dict()["places"]
    assert (places["tp"], places["predicted"], places["gold"]) == (3, 3, 3)


def test_evaluate_sentence_type_uses_the_most_confident_asserted_event() -> None:
    scores = Scores()
    scores.score_sentence(
        {"event_type": "ACCUSE"},
        {"events": [_event("CONSULT", "A", None, 0.4), _event("ACCUSE", "A", "B", 0.9)]},
    )
    scores.score_sentence({"event_type": "AID"}, {"events": []})
    sentence = scores.as_dict()["sentence_type"]
    assert sentence["accuracy"] == 0.5
    assert sentence["no_event"] == 1


def test_evaluate_roles_overlap_needs_both_labelled_roles_covered() -> None:
    from newsevents.evaluate import _roles_overlap

    gold = {
        "text": "Iran condemned a Supreme Court decision on Tuesday.",
        "source": {"text": "Iran"},
        "target": {"text": "a Supreme Court decision"},
    }
    both = {"source_span": [0, 4], "target_span": [17, 39]}
    part = {"source_span": [0, 4], "target_span": [24, 29]}  # "Court" inside the phrase
    no_target = {"source_span": [0, 4], "target_span": None}
    assert _roles_overlap(gold, both) and _roles_overlap(gold, part)
    assert not _roles_overlap(gold, no_target)
    # An unlabelled role is right only when left empty.
    assert not _roles_overlap({**gold, "target": {"text": ""}}, both)
    assert _roles_overlap({**gold, "target": None}, no_target)


def test_evaluate_errors_list_a_sentence_whose_roles_were_missed() -> None:
    gold = {
        "id": "s1",
        "text": "Iran condemned a Supreme Court decision on Tuesday.",
        "event_type": "ACCUSE",
        "source": {"text": "Iran"},
        "target": {"text": "a Supreme Court decision"},
    }
    event = {
        "type": "ACCUSE",
        "confidence": 0.9,
        "negated": False,
        "source_span": [0, 4],
        "target_span": None,
    }
    scores = Scores()
    scores.score_sentence(gold, {"events": [event]})
    (entry,) = [e for e in scores.errors if "roles_missed" in e]
    assert entry["roles_missed"] == {
        "gold": ["Iran", "a Supreme Court decision"],
        "predicted": [["ACCUSE", "Iran", None]],
    }


def test_evaluate_counts_a_restatement_as_a_mention_not_an_event() -> None:
    gold = {"events": [_event("ASSAULT", "NGA", "NGA")], "quotes": [], "places": []}
    attack = {**_event("ASSAULT", "NGA", "NGA"), "id": "a"}
    again = {**_event("ASSAULT", None, "NGA"), "id": "b", "restates": "a"}
    scores = Scores()
    scores.score_document(gold, {"events": [attack, again], "quotes": [], "places": []})
    assert scores.as_dict()["events"]["type"]["predicted"] == 1
    assert scores.as_dict()["events"]["type"]["precision"] == 1.0


def test_evaluate_speaker_named_by_acronym_in_gold_matches_the_full_name() -> None:
    from newsevents.evaluate import _same_speaker

    party = {"name": "Movement for Democratic Change"}
    assert _same_speaker("MDC", party, "")
    assert not _same_speaker("ZANU", party, "")
    assert _same_speaker("Mwangi", {"name": "Grace Mwangi"}, "")
