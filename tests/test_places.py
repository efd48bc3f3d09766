"""The places stage on sentences written for these tests, with the real spaCy model."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import newsevents.places  # noqa: F401  (registers the newsevents_places factory)
from newsevents.nlp import base_model


@pytest.fixture(scope="module")
def nlp() -> Language:
    model = base_model()
    model.add_pipe("newsevents_places")
    return model


def places(nlp: Language, text: str) -> list[tuple[str, str, str | None, str]]:
    doc = nlp(text)
    return [
        (text[p["start"] : p["end"]], p["place_id"], p["country"], p["kind"])
        for p in doc._.ne_places
    ]


def test_places_resolves_tartus_to_syria_by_document_context(nlp: Language) -> None:
    text = (
        "Syria and Russia are negotiating over the ports. "
        "Fishermen in Tartus said the harbour was quiet on Sunday."
    )
    found = places(nlp, text)
    assert ("Tartus", "geonames:163345", "SYR", "city") in found


def test_places_resolves_airport_phrase_to_the_airport_of_the_named_town(nlp: Language) -> None:
    doc = nlp("Troops left Qamishli Airport in northeast Syria last week.")
    airport = doc._.ne_places[0]
    assert doc.text[airport["start"] : airport["end"]] == "Qamishli Airport"
    assert airport["place_id"] == "airport:KAC"
    assert airport["kind"] == "airport"
    assert airport["country"] == "SYR"
    assert airport["geonameid"] == 173377
    assert airport["name"] == "Qamishli Airport"
    assert (airport["lat"], airport["lon"]) == (37.0206, 41.1914)


def test_places_resolves_airbase_and_naval_base_phrases_to_supplement(nlp: Language) -> None:
    text = "Talks covered the naval base at Tartus and the Hmeimim airbase near Latakia in Syria."
    found = places(nlp, text)
    assert found[0] == ("naval base at Tartus", "supplement:tartus_naval_base", "SYR", "facility")
    assert found[1] == ("Hmeimim airbase", "supplement:hmeimim_air_base", "SYR", "facility")


def test_places_resolves_ramstein_air_base_as_one_facility(nlp: Language) -> None:
    found = places(nlp, "The jets landed at Ramstein Air Base in Germany.")
    assert found == [
        ("Ramstein Air Base", "supplement:ramstein_air_base", "DEU", "facility"),
        ("Germany", "country:DEU", "DEU", "country"),
    ]


def test_places_reads_uppercase_dateline_with_region(nlp: Language) -> None:
    found = places(nlp, "KYIV, Ukraine (AP) — Drones struck a power station overnight.")
    assert found[0] == ("KYIV", "geonames:703448", "UKR", "city")
    assert found[1] == ("Ukraine", "country:UKR", "UKR", "country")


def test_places_reads_dateline_without_region(nlp: Language) -> None:
    found = places(nlp, "BEIRUT (Reuters) - Negotiators met again on Friday.")
    assert found == [("BEIRUT", "geonames:276781", "LBN", "city")]


def test_places_paris_alone_is_france_and_paris_texas_is_usa(nlp: Language) -> None:
    assert places(nlp, "The minister flew to Paris on Tuesday.") == [
        ("Paris", "geonames:2988507", "FRA", "city")
    ]
    found = places(nlp, "A tornado hit Paris, Texas, on Tuesday.")
    assert found[0] == ("Paris", "geonames:4717560", "USA", "city")
    assert found[1] == ("Texas", "region:us_tx", "USA", "admin")


def test_places_codes_countries_with_geonameid_and_centroid(nlp: Language) -> None:
    doc = nlp("Officials from the U.S. and Ukraine met delegates from Russia.")
    got = {doc.text[p["start"] : p["end"]]: p for p in doc._.ne_places}
    assert set(got) == {"U.S.", "Ukraine", "Russia"}
    assert got["U.S."]["place_id"] == "country:USA"
    assert got["U.S."]["geonameid"] == 6252001
    assert got["Ukraine"]["geonameid"] == 690791
    assert got["Russia"]["kind"] == "country"
    assert (got["Russia"]["lat"], got["Russia"]["lon"]) == (61.52, 105.32)


def test_places_finds_nothing_in_demonyms_or_ministry_names(nlp: Language) -> None:
    assert places(nlp, "Syrian officials said the talks would continue.") == []
    assert places(nlp, "A spokesman for the Syrian Foreign Ministry declined to comment.") == []


def test_places_washington_is_the_us_capital(nlp: Language) -> None:
    found = places(nlp, "Protesters marched in Washington on Saturday.")
    assert found == [("Washington", "geonames:4140963", "USA", "city")]


def test_places_never_geocodes_person_names(nlp: Language) -> None:
    found = places(nlp, "Ahmed al-Sharaa met Vladimir Putin in Moscow.")
    assert found == [("Moscow", "geonames:524901", "RUS", "city")]


def test_places_maps_old_spellings_through_shipped_aliases(nlp: Language) -> None:
    found = places(nlp, "Crowds rallied in Kiev and in Bombay.")
    assert found == [
        ("Kiev", "geonames:703448", "UKR", "city"),
        ("Bombay", "geonames:1275339", "IND", "city"),
    ]


def test_places_layers_a_user_aliases_file(tmp_path: Path) -> None:
    user = tmp_path / "my_aliases.csv"
    user.write_text(
        "id,alias,target,country\nsham,Al-Sham,geonames:170654,\n",
        encoding="utf-8",
    )
    model = base_model()
    model.add_pipe("newsevents_places", config={"dictionaries": [str(user)]})
    found = places(model, "Delegates arrived in Al-Sham on Monday.")
    assert found == [("Al-Sham", "geonames:170654", "SYR", "city")]


def test_places_tolerates_empty_and_odd_text(nlp: Language) -> None:
    assert places(nlp, "") == []
    assert places(nlp, "   \n\n ") == []
    assert places(nlp, "—— ((( ,,, ))) ——\n- - -") == []
