"""The dictionary router and schemas: kind headers, validation errors by code, routing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsevents import dictionaries
from newsevents.errors import DictionaryError, Errors
from newsevents.lexicon import data_file

DATA = data_file("")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _code(path: Path) -> str:
    with pytest.raises(DictionaryError) as info:
        dictionaries.read(path)
    return info.value.code


@pytest.mark.parametrize("kind", list(dictionaries.KINDS))
def test_dictionaries_every_shipped_file_validates_under_its_schema(kind: str) -> None:
    file = dictionaries.shipped(kind)
    assert file.entries, kind
    assert all(e["_where"].startswith(file.path.name + ":") for e in file.entries)


def test_dictionaries_every_shipped_table_has_a_kind() -> None:
    # A data table without a schema would be read unchecked: each one belongs to a kind.
    tables = {
        p.relative_to(DATA).as_posix()
        for p in DATA.rglob("*")
        if p.suffix in (".yaml", ".csv", ".jsonl")
    }
    # The export codebooks are checked by their own loader (newsevents.export.codebooks).
    exports = {t for t in tables if t.startswith("exports/")}
    assert tables - exports == {k.shipped for k in dictionaries.KINDS.values()}
    from newsevents.export import codebooks

    column_lists = {"acled", "gdelt_events", "gdelt_mentions", "polecat"}
    for name in column_lists:
        assert codebooks.columns(name), name
    assert codebooks.goldstein() and codebooks.acled_types() and codebooks.value_codes()
    read = {f"exports/{n}.csv" for n in column_lists | {"goldstein", "plover_acled"}}
    assert exports == read | {"exports/value_codes.csv"}


def test_dictionaries_error_catalogue_codes_are_unique_templates() -> None:
    codes = [name for name in vars(Errors) if not name.startswith("_")]
    assert codes and all(re.fullmatch(r"NE01\d", c) for c in codes)
    assert len({getattr(Errors, c) for c in codes}) == len(codes)
    error = DictionaryError.of("NE014", path="x.csv", line=3, kind="agents")
    assert error.code == "NE014" and str(error) == "[NE014] x.csv:3: missing id in a agents entry"


def test_dictionaries_misspelt_field_names_file_line_and_the_close_field(tmp_path: Path) -> None:
    layer = _write(
        tmp_path / "verbs.jsonl",
        "# kind: verb_patterns\n"
        '{"id": "a.v", "lemma": ["a"], "cameo": "010"}\n'
        '{"id": "b.v", "lemma": ["b"], "cameo": "010", "light_onyl": true}\n',
    )
    with pytest.raises(DictionaryError) as info:
        dictionaries.read(layer)
    assert info.value.code == "NE011"
    assert f"{layer}:3: unknown field 'light_onyl' in a verb_patterns entry" in str(info.value)
    assert "did you mean 'light_only'?" in str(info.value)


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("a.yaml", "kind: nope\nentries: []\n", "NE012"),
        ("a.csv", "# kind: agents\nid,pattern,sector,type,colour\nx,x,GOV,title,red\n", "NE011"),
        ("a.csv", "# kind: agents\nid,pattern,sector,type\nx,x,GOV,king\n", "NE013"),
        ("a.csv", "# kind: places\nid,name,country,lat,lon\nx,X,SYR,north,36\n", "NE013"),
        ("a.yaml", "kind: event_cues\nentries:\n  - {id: x, kind: aux, words: will}\n", "NE013"),
        ("a.csv", "# kind: aliases\nid,alias,target\n,Old,New\n", "NE014"),
        ("a.csv", "# kind: aliases\nid,alias,target\nold,Old,\n", "NE015"),
        # One id twice in one file: the later entry would silently drop the earlier one.
        ("a.csv", "# kind: aliases\nid,alias,target\nold,Old,New\nold,Older,New\n", "NE010"),
        ("a.csv", "id,name,country\nx,Someone,NGA\n", "NE016"),
        ("a.jsonl", '{"id": "x", "lemma": ["x"], "cameo": "010"}\n', "NE017"),
        ("a.yaml", "- {id: x, regex: foo}\n", "NE017"),
        ("a.yaml", "kind: people\nentries: [\n", "NE018"),
        ("a.csv", "# kind: aliases\nid,alias,target\nold,Old,New,extra\n", "NE018"),
        ("a.txt", "kind: people\n", "NE019"),
    ],
)
def test_dictionaries_each_problem_has_its_own_code(
    tmp_path: Path, name: str, text: str, code: str
) -> None:
    assert _code(_write(tmp_path / name, text)) == code


def test_dictionaries_missing_file_and_unknown_header_key_are_coded(tmp_path: Path) -> None:
    assert _code(tmp_path / "absent.yaml") == "NE019"
    bad = _write(tmp_path / "h.yaml", "kind: people\nentrys: []\n")
    with pytest.raises(DictionaryError, match=r"h\.yaml:2: unknown field 'entrys'"):
        dictionaries.read(bad)


def test_dictionaries_disabled_entry_needs_only_its_id(tmp_path: Path) -> None:
    layer = _write(tmp_path / "a.csv", "# kind: agents\nid,disabled\npresident,true\n")
    kind, file = dictionaries.read(layer)
    assert kind.name == "agents" and [e["id"] for e in file.entries] == ["president"]
    assert "president" not in {e["id"] for e in dictionaries.load("agents", [layer])}


def test_dictionaries_route_hands_each_stage_only_its_kinds(tmp_path: Path) -> None:
    people = _write(tmp_path / "p.yaml", "kind: people\nentries:\n  - {id: a, name: A}\n")
    aliases = _write(tmp_path / "al.csv", "# kind: aliases\nid,alias,target\nx,X,Y\n")
    countries = _write(tmp_path / "c.csv", "# kind: countries\nid,name\nXXK,Kosovo Test\n")
    cues = _write(
        tmp_path / "b.yaml", "kind: boilerplate\nentries:\n  - {id: byline, disabled: true}\n"
    )
    routed = dictionaries.route([people, aliases, countries, cues])
    assert routed["newsevents_actors"] == [str(people), str(countries)]
    assert routed["newsevents_places"] == [str(aliases), str(countries)]
    assert routed["clean"] == [str(cues)]
    # The events stage names the country groups it implies ("Cambodian police") with them.
    assert routed["newsevents_events"] == [str(countries)]
    assert routed["newsevents_quotes"] == []


def test_dictionaries_people_and_organisations_share_one_id_space(tmp_path: Path) -> None:
    # A user person with a shipped organisation's id replaces that organisation.
    layer = _write(
        tmp_path / "p.yaml", "kind: people\nentries:\n  - {id: wfp, name: Wilma F. Parker}\n"
    )
    merged = {e["id"]: e for e in dictionaries.load(("people", "organisations"), [layer])}
    assert merged["wfp"]["name"] == "Wilma F. Parker" and merged["wfp"]["_kind"] == "people"
    assert merged["Q7747"]["_kind"] == "people" and merged["Q1065"]["_kind"] == "organisations"


def test_dictionaries_nlp_config_records_each_components_own_files(tmp_path: Path) -> None:
    from newsevents import pipeline

    people = _write(tmp_path / "p.yaml", "kind: people\nentries:\n  - {id: a, name: Ann Test}\n")
    aliases = _write(tmp_path / "al.csv", "# kind: aliases\nid,alias,target\nx,Xtown,Kyiv\n")
    try:
        nlp = pipeline.build_nlp(dictionaries=(str(people), str(aliases)))
        components = nlp.config["components"]
        assert components["newsevents_actors"]["dictionaries"] == [str(people)]
        assert components["newsevents_places"]["dictionaries"] == [str(aliases)]
        assert components["newsevents_events"]["dictionaries"] == []
    finally:
        pipeline._build_nlp.cache_clear()


def test_sector_state_column_decides_when_a_protest_is_an_official_complaint(
    tmp_path: Path,
) -> None:
    # Which sectors are institutions of a state is data (sectors.csv `state`), not code: a
    # user sector marked as one makes its actors' "protests" official complaints (ACCUSE 114).
    from newsevents.pipeline import build_nlp
    from newsevents.settings import DEFAULT

    people = tmp_path / "people.yaml"
    people.write_text(
        "kind: people\nentries:\n"
        "  - {id: Q-chair, name: Ngozi Adebayo, country: NGA, sector: COM}\n",
        encoding="utf-8",
    )
    text = "Ngozi Adebayo protested to Ghana over the arrests."
    coded = {}
    for state in ("yes", "no"):
        sectors = tmp_path / f"sectors_{state}.csv"
        sectors.write_text(
            "# kind: sectors\nid,name,description,group_name,state\n"
            f"COM,Commission,election commissions,commission,{state}\n",
            encoding="utf-8",
        )
        nlp = build_nlp(DEFAULT.model, (str(people), str(sectors)), False)
        coded[state] = [(e["type"], e["cameo"]) for e in nlp(text)._.ne_events]
    assert coded == {"yes": [("ACCUSE", "114")], "no": [("PROTEST", "141")]}


def test_people_file_each_person_once_with_a_source_and_roles_in_order() -> None:
    """The people file is large and written by several hands: one entry per name, no form
    (name or alias) that could name two people, roles in date order, ends after starts, and
    every person but the first 276 names where its facts can be checked."""
    entries = dictionaries.load("people", [])
    forms: dict[str, str] = {}
    for e in entries:
        for form in [e["name"], *(e.get("aliases") or [])]:
            key = str(form).lower()
            assert key not in forms or forms[key] == e["id"], (form, forms.get(key), e["id"])
            forms[key] = e["id"]
        starts = [str(r.get("start")) for r in e.get("roles") or []]
        assert starts == sorted(starts), e["id"]
        for r in e.get("roles") or []:
            assert not r.get("end") or str(r["end"]) >= str(r["start"]), e["id"]
    assert len(entries) >= 4000
    assert sum(1 for e in entries if not e.get("source")) <= 276


def test_people_file_no_two_people_hold_one_top_office_at_once_with_no_end() -> None:
    holders: dict[tuple[str, str], list[str]] = {}
    for e in dictionaries.load("people", []):
        for r in e.get("roles") or []:
            top = r.get("title") in ("President", "Prime Minister", "Foreign Minister")
            if top and r.get("sector") == "GOV" and not r.get("end"):
                holders.setdefault((r["country"], r["title"]), []).append(e["id"])
    assert {k: v for k, v in holders.items() if len(v) > 1} == {}


def test_organisations_file_no_form_names_two_bodies_and_each_new_one_has_a_source() -> None:
    entries = dictionaries.load("organisations", [])
    forms: dict[str, str] = {}
    for e in entries:
        for form in [e["name"], *(e.get("aliases") or [])]:
            assert str(form) not in forms or forms[str(form)] == e["id"], form
            forms[str(form)] = e["id"]
    assert len(entries) >= 1300
    assert sum(1 for e in entries if not e.get("source")) <= 175
