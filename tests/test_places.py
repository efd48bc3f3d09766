"""The places stage on sentences written for these tests, with the real spaCy model."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import newsevents.places.component  # noqa: F401  (registers the newsevents_places factory)
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
        "# kind: aliases\nid,alias,target,country\nsham,Al-Sham,geonames:170654,\n",
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


def test_places_reads_province_word_as_first_level_division(nlp: Language) -> None:
    found = places(nlp, "Heavy rain flooded parts of Manabi province and the city of Esmeraldas.")
    assert found == [
        ("Manabi province", "admin1:EC.14", "ECU", "admin"),
        ("Esmeraldas", "geonames:3657990", "ECU", "city"),
    ]
    assert nlp("Heavy rain flooded Manabi province.")._.ne_places[0]["name"] == "Manabi Province"


def test_places_reads_division_of_phrase_and_bare_division_name(nlp: Language) -> None:
    assert places(nlp, "Government forces shelled villages in the province of Hama.") == [
        ("province of Hama", "admin1:SY.10", "SYR", "admin")
    ]
    found = places(nlp, "Officials said the floods in Manabi had displaced families in Ecuador.")
    assert found[0] == ("Manabi", "admin1:EC.14", "ECU", "admin")


def test_places_bare_name_of_division_and_its_town_is_the_town(nlp: Language) -> None:
    found = places(nlp, "Police in Kaduna said the raid took place in a village of Kaduna State.")
    assert found == [
        ("Kaduna", "geonames:2335727", "NGA", "city"),
        ("Kaduna State", "admin1:NG.23", "NGA", "admin"),
    ]


def test_places_bare_name_of_a_division_its_chief_city_goes_by_is_the_city(
    nlp: Language,
) -> None:
    # GeoNames calls the city Santa Cruz de la Sierra ("Santa Cruz" is an alternate name); it
    # holds most of Santa Cruz department's people, so the bare name is the city. Oklahoma City
    # is a small part of Oklahoma: "Oklahoma" stays the state.
    found = places(nlp, "Truckers in Bolivia blocked roads into Santa Cruz on Monday.")
    assert ("Santa Cruz", "BOL", "city") in [(t, c, k) for t, _, c, k in found]
    found = places(nlp, "Tornadoes tore through Oklahoma overnight, officials said.")
    assert [(t, c, k) for t, _, c, k in found] == [("Oklahoma", "USA", "admin")]


def test_places_division_word_accepts_another_spelling_of_the_division(nlp: Language) -> None:
    # GeoNames spells the governorate "Al-Hasakah"; the article-less form still finds it.
    found = places(nlp, "Militants attacked a checkpoint in Hasakah province overnight.")
    assert found == [("Hasakah province", "admin1:SY.01", "SYR", "admin")]


def test_places_division_context_beats_a_bigger_namesake_abroad(nlp: Language) -> None:
    found = places(nlp, "Floods in Bolivia cut off Trinidad, the capital of the Beni department.")
    assert found == [
        ("Bolivia", "country:BOL", "BOL", "country"),
        ("Trinidad", "geonames:3902377", "BOL", "city"),
        ("Beni department", "admin1:BO.03", "BOL", "admin"),
    ]
    found = places(nlp, "The minister flew to Trinidad for talks on Caribbean security.")
    assert found == [("Trinidad", "country:TTO", "TTO", "country")]


def test_places_congo_is_read_by_the_capitals_the_document_names(nlp: Language) -> None:
    found = places(nlp, "Officials in Brazzaville said Congo would not send troops.")
    assert found[1] == ("Congo", "country:COG", "COG", "country")
    found = places(nlp, "Officials in Kinshasa said Congo would not negotiate.")
    assert found[1] == ("Congo", "country:COD", "COD", "country")


def test_places_geocodes_towns_the_model_tagged_person(nlp: Language) -> None:
    found = places(nlp, "Aid convoys finally reached families in Goma after the fighting.")
    assert found == [("Goma", "geonames:216281", "COD", "city")]
    # A surname of someone the text names in full is still a person.
    found = places(
        nlp, "Ibrahim Musa, a farmer, fled to Kaduna. Musa said the gunmen came at night."
    )
    assert found == [("Kaduna", "geonames:2335727", "NGA", "city")]


def test_places_country_used_as_adjective_is_still_the_country(nlp: Language) -> None:
    assert places(nlp, "The Myanmar army said it had retaken the town.") == [
        ("Myanmar", "country:MMR", "MMR", "country")
    ]


def test_places_names_a_town_as_the_document_spells_it(nlp: Language) -> None:
    doc = nlp("Shipping through Hodeidah resumed after Yemen's port authority reopened it.")
    assert [(p["name"], p["place_id"]) for p in doc._.ne_places] == [
        ("Hodeidah", "geonames:79415"),
        ("Yemen", "country:YEM"),
    ]
    doc = nlp("BOGOTA — Talks resumed on Monday.")
    assert doc._.ne_places[0]["name"] == "Bogota"


def test_places_reads_datelines_with_a_date_and_with_two_cities(nlp: Language) -> None:
    assert places(nlp, "TRIPOLI, 3 March 2024 — Rival militias clashed.") == [
        ("TRIPOLI", "geonames:2210247", "LBY", "city")
    ]
    assert places(nlp, "KINSHASA/BRAZZAVILLE — The two capitals traded accusations.") == [
        ("KINSHASA", "geonames:2314302", "COD", "city"),
        ("BRAZZAVILLE", "geonames:2260535", "COG", "city"),
    ]


def test_places_dateline_names_the_town_not_the_territory(nlp: Language) -> None:
    found = places(nlp, "GAZA — Residents of the Gaza Strip queued for water.")
    assert found == [
        ("GAZA", "geonames:281133", "PSE", "city"),
        ("Gaza Strip", "region:ps_gaza_strip", "PSE", "region"),
    ]


def test_places_disputed_islands_and_seas_have_no_country(nlp: Language) -> None:
    found = places(nlp, "Chinese and Philippine vessels collided near the Spratly Islands.")
    assert found == [("Spratly Islands", "region:spratly_islands", None, "region")]
    assert places(nlp, "Ferries to Sicily were cancelled.") == [
        ("Sicily", "region:it_sicily", "ITA", "region")
    ]


def test_places_division_word_before_a_country_name_is_the_country(nlp: Language) -> None:
    found = places(nlp, "The State Department said the Central Region of Ghana was calm.")
    assert found == [
        ("Central Region", "admin1:GH.04", "GHA", "admin"),
        ("Ghana", "country:GHA", "GHA", "country"),
    ]
    assert places(nlp, "Envoys of the State of Israel arrived.") == [
        ("State of Israel", "country:ISR", "ISR", "country")
    ]


def test_places_a_qualifier_that_is_only_an_alias_narrows_the_place_without_crashing(nlp):
    # "Bombay" is an alias of Mumbai, not a region or country name: reading it as a
    # qualifier once unpacked the alias table wrongly and raised ValueError.
    got = places(nlp, "THANE, Bombay — Police detained 12 protesters in Thane, Bombay.")
    assert {(name, country) for name, _, country, _ in got} >= {("Thane", "IND")}


# ---- feature words: a name beside a word that says what kind of place it is ----------------


def test_places_keeps_a_village_no_gazetteer_knows_with_its_country_and_no_coordinates(
    nlp: Language,
) -> None:
    text = (
        "Nigerian police said gunmen burned homes in Dumbawa village and in the fishing "
        "village of Kwatarigi overnight."
    )
    found = {p[0]: p for p in places(nlp, text)}
    assert found["Dumbawa"][1:] == ("unresolved:nga:dumbawa", "NGA", "city")
    assert found["Kwatarigi"][1:] == ("unresolved:nga:kwatarigi", "NGA", "city")
    assert all(p["lat"] is None and p["lon"] is None for p in nlp(text)._.ne_places)


def test_places_a_feature_word_geocodes_a_known_town_the_model_tagged_a_person(
    nlp: Language,
) -> None:
    text = "Philippine troops said remote Maluso town was quiet on Monday."
    assert places(nlp, text) == [("Maluso", "geonames:1702425", "PHL", "city")]


def test_places_names_a_division_or_site_with_its_word(nlp: Language) -> None:
    text = (
        "Afghan officials said fighting in Wardakhel district lasted all night, and "
        "protesters marched along Via Rondanella and camped on Halvani Square in Kabul."
    )
    found = {p[0]: p for p in places(nlp, text)}
    assert found["Wardakhel district"][2:] == ("AFG", "admin")
    assert found["Via Rondanella"][3] == "facility"
    assert found["Halvani Square"][3] == "facility"


def test_places_lists_every_name_after_a_plural_feature_word(nlp: Language) -> None:
    text = "Mali said violence in the municipalities of Kossoghin and Yalgotenga displaced 9,000."
    found = {p[0]: p[2] for p in places(nlp, text)}
    assert found["Kossoghin"] == found["Yalgotenga"] == "MLI"


def test_places_an_unknown_places_country_is_the_nearest_before_it_in_its_sentence(
    nlp: Language,
) -> None:
    text = (
        "Indian troops shelled villages across the line. Pakistan said the dead were in the "
        "Kotli and Khandarpur districts."
    )
    found = {p[0]: p for p in places(nlp, text)}
    assert found["Khandarpur districts"][2] == "PAK"


def test_places_feature_words_that_modify_or_name_no_place_find_none(nlp: Language) -> None:
    text = (
        "The Obama camp said the Boston district attorney and the city council of Kampala "
        "would meet. Quakes hit remote provinces of Afghanistan."
    )
    names = [p[0] for p in places(nlp, text)]
    assert "Obama camp" not in names and not any("district" in n for n in names)
    assert not any("provinces" in n for n in names)
    assert {"Boston", "Kampala", "Afghanistan"} <= set(names)


def test_places_a_region_before_a_feature_word_stays_the_region(nlp: Language) -> None:
    text = "Israeli forces raided the occupied West Bank city of Hebron on Tuesday."
    found = places(nlp, text)
    assert [p[0] for p in found] == ["West Bank", "Hebron"]
    assert found[1][1].startswith("geonames:") and found[1][2] == "PSE"


def test_places_a_country_name_closing_a_group_tag_is_the_country(nlp: Language) -> None:
    text = "Abortion remains banned in Roman Catholic Malta."
    assert places(nlp, text) == [("Malta", "country:MLT", "MLT", "country")]


def test_places_maps_a_site_no_gazetteer_knows_at_the_town_the_text_puts_it_in(
    nlp: Language,
) -> None:
    doc = nlp(
        "Police in Accra said hundreds of people marched along Liberation Road on Monday. "
        "Ghana's police chief later spoke to reporters."
    )
    by_text = {doc.text[p["start"] : p["end"]]: p for p in doc._.ne_places}
    accra, road = by_text["Accra"], by_text["Liberation Road"]
    assert road["located_by"] == accra["place_id"]
    assert (road["lat"], road["lon"]) == (accra["lat"], accra["lon"])
    # No town of its country named before it: found, honestly not mapped.
    doc = nlp("Thousands of people marched along Liberation Road in Ghana on Monday.")
    (road,) = [p for p in doc._.ne_places if p["kind"] == "facility"]
    assert (road["lat"], road["located_by"]) == (None, None)
