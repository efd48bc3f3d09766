"""User dictionaries through the whole pipeline: `newsevents extract --dictionary FILE --json`.

For every kind a user is told they can extend, one small team-written text is coded without
and with one user file that adds an entry (new id), replaces a shipped entry (same id) and
disables another (``disabled: true``); the test checks all three effects in the JSON output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsevents import pipeline
from newsevents.cli import app

PUBLISHED = "2026-01-30"  # a Friday


@pytest.fixture(autouse=True)
def _fresh_pipelines() -> Iterator[None]:
    # Each dictionary set builds its own pipeline; drop them so the suite's memory stays flat.
    yield
    pipeline._build_nlp.cache_clear()


def extract(tmp_path: Path, text: str, *files: tuple[str, str]) -> tuple[int, str, str]:
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    args = ["extract", str(doc), "--published", PUBLISHED, "--json"]
    for name, content in files:
        (tmp_path / name).write_text(content, encoding="utf-8")
        args += ["--dictionary", str(tmp_path / name)]
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def coded(tmp_path: Path, text: str, *files: tuple[str, str]) -> dict[str, Any]:
    code, out, err = extract(tmp_path, text, *files)
    assert code == 0, err
    return json.loads(out)


def actors(result: dict[str, Any]) -> list[tuple]:
    # The code an analyst reads: a country's, or else an IGO's (its own field).
    return [(a["id"], a["name"], a["country"] or a["igo"], a["sector"]) for a in result["actors"]]


def _country(ref: dict | None) -> str | None:
    return ref["country"] if ref else None


def event_codes(result: dict[str, Any]) -> list[tuple]:
    return [
        (e["type"], e["cameo"], _country(e["source"]), _country(e["target"]), e["pattern"])
        for e in result["events"]
    ]


def event_realis(result: dict[str, Any]) -> list[tuple]:
    return [
        (e["type"], _country(e["source"]), _country(e["target"]), e["negated"], e["modality"])
        for e in result["events"]
    ]


def event_dates(result: dict[str, Any]) -> list[tuple]:
    return [(_country(e["source"]), e["date"]) for e in result["events"]]


def places(result: dict[str, Any]) -> list[tuple]:
    return [(p["name"], p["country"], p["lat"], p["lon"]) for p in result["places"]]


def speakers(result: dict[str, Any]) -> list[tuple]:
    return [(q["text"], (q["speaker"] or {}).get("name")) for q in result["quotes"]]


def removed(result: dict[str, Any]) -> list[str]:
    return [r["reason"] for r in result["document"]["removed"]]


@dataclass(frozen=True)
class Case:
    text: str
    files: tuple[tuple[str, str], ...]
    view: Callable[[dict[str, Any]], list]
    before: list
    after: list


CASES = {
    "people": Case(
        "Vladimir Putin met Amara Okafor in Moscow. Sergei Lavrov praised the talks.",
        (
            (
                "my_people.yaml",
                "kind: people\n"
                "entries:\n"
                "  - {id: Q-amara, name: Amara Okafor, aliases: [Okafor], country: NGA,"
                " sector: GOV}\n"
                "  - {id: Q7747, name: Vladimir Putin, aliases: [Putin], country: RUS,"
                " sector: MIL}\n"
                "  - {id: sergey-lavrov, disabled: true}\n",
            ),
        ),
        actors,
        [
            ("Q7747", "Vladimir Putin", "RUS", "GOV"),
            ("sergey-lavrov", "Sergei Lavrov", "RUS", "GOV"),
        ],
        [
            ("Q7747", "Vladimir Putin", "RUS", "MIL"),
            ("Q-amara", "Amara Okafor", "NGA", "GOV"),
            ("person:sergei-lavrov", "Sergei Lavrov", None, None),
        ],
    ),
    "organisations": Case(
        "The Zambezi Liberation Front attacked a police station. UNHCR and the World Food "
        "Programme sent aid to Chad.",
        (
            (
                "my_orgs.yaml",
                "kind: organisations\n"
                "entries:\n"
                "  - {id: zlf, name: Zambezi Liberation Front, country: ZMB, sector: REB}\n"
                "  - {id: wfp, name: World Food Programme, aliases: [WFP], country: UNO,"
                " sector: NGO}\n"
                "  - {id: unhcr, disabled: true}\n",
            ),
        ),
        actors,
        [
            ("unhcr", "UNHCR", "UNO", "IGO"),
            ("wfp", "World Food Programme", "UNO", "IGO"),
            ("country:TCD", "Chad", "TCD", "GOV"),
        ],
        [
            ("zlf", "Zambezi Liberation Front", "ZMB", "REB"),
            # Disabled, UNHCR is no longer coded from the dictionary; acting, it is still an
            # organisation, one the text names by an acronym only (rule:acronym-org).
            ("org:unhcr", "UNHCR", "ZMB", None),
            ("wfp", "World Food Programme", "UNO", "NGO"),
            ("country:TCD", "Chad", "TCD", "GOV"),
        ],
    ),
    "agents": Case(
        "The Nigerian harbour master met the Kenyan president. Syrian rebels attacked Aleppo.",
        (
            (
                "my_agents.csv",
                "# kind: agents\n"
                "id,pattern,sector,type,bare,head,disabled\n"
                "harbour-master,harbour master|harbour masters,GOV,title,no,no,\n"
                "rebels,rebels|rebel,OPP,group,yes,no,\n"
                "president,,,,,,true\n",
            ),
        ),
        actors,
        [
            ("william-ruto", "William Ruto", "KEN", "GOV"),  # "the Kenyan president" in office
            ("group:SYR-REB", "Syrian rebels", "SYR", "REB"),
        ],
        [
            ("group:NGA-GOV", "Nigerian government", "NGA", "GOV"),
            ("group:SYR-OPP", "Syrian opposition", "SYR", "OPP"),
        ],
    ),
    "sectors": Case(
        "Ngozi Adebayo met Syrian rebels in Aleppo.",
        (
            (
                "my_sectors.csv",
                "# kind: sectors\n"
                "id,name,description,group_name\n"
                "PRS,Press,journalists and newspapers,press\n"
                "REB,Rebels,non-state armed groups,armed opposition\n",
            ),
            (
                "my_press_people.yaml",
                "kind: people\nentries:\n"
                "  - {id: Q-editor, name: Ngozi Adebayo, country: NGA, sector: PRS}\n",
            ),
        ),
        actors,
        [
            ("person:ngozi-adebayo", "Ngozi Adebayo", None, None),
            ("group:SYR-REB", "Syrian rebels", "SYR", "REB"),
        ],
        [
            ("Q-editor", "Ngozi Adebayo", "NGA", "PRS"),
            ("group:SYR-REB", "Syrian armed opposition", "SYR", "REB"),
        ],
    ),
    "verb_patterns": Case(
        "Brazil imposed sanctions on Peru. Brazil toasted Japan. Chile sanctioned Cuba.",
        (
            (
                "my_verbs.jsonl",
                "# kind: verb_patterns\n"
                '{"id": "test.toast.v", "lemma": ["toast"], "pos": "VERB", "cameo": "051"}\n'
                '{"id": "sanction.impose.v", "lemma": ["impose"], "pos": "VERB", "cameo": "172",'
                ' "children": [{"DEP": "dobj", "LEMMA": "sanction"}]}\n'
                '{"id": "sanction.sanction.v", "disabled": true}\n',
            ),
        ),
        event_codes,
        [
            ("SANCTION", "163", "BRA", "PER", "sanction.impose.v"),
            ("SANCTION", "163", "CHL", "CUB", "sanction.sanction.v"),
        ],
        [
            ("COERCE", "172", "BRA", "PER", "sanction.impose.v"),
            # with the verb recoded, the noun pattern of "sanctions" is no longer outranked
            ("SANCTION", "163", "BRA", "PER", "sanction.sanctions.n"),
            ("SUPPORT", "051", "BRA", "JPN", "test.toast.v"),
        ],
    ),
    "event_cues": Case(
        "Chile will criticise Bolivia. Chile failed to criticise Argentina. "
        "Peru declined to criticise Cuba.",
        (
            (
                "my_cues.yaml",
                "kind: event_cues\n"
                "entries:\n"
                "  - {id: negating_decline, kind: negating_governor, words: [decline]}\n"
                "  - {id: aux_intent, kind: aux, value: hypothetical, words: [will]}\n"
                "  - {id: negating_governor, disabled: true}\n",
            ),
        ),
        event_realis,
        [
            ("ACCUSE", "CHL", "BOL", False, "intent"),
            ("ACCUSE", "CHL", "ARG", True, "asserted"),
            ("REJECT", "PER", "CUB", False, "asserted"),
        ],
        [
            ("ACCUSE", "CHL", "BOL", False, "hypothetical"),
            ("ACCUSE", "CHL", "ARG", False, "asserted"),
            ("ACCUSE", "PER", "CUB", True, "asserted"),
        ],
    ),
    "places": Case(
        "Russian jets landed at Hmeimim Air Base and ships docked at the Tartus naval base. "
        "Troops gathered at Camp Zulu.",
        (
            (
                "my_places.csv",
                "# kind: places\n"
                "id,name,aliases,type,country,lat,lon,geonameid,disabled\n"
                "camp_zulu,Camp Zulu,,army,SYR,35.1,36.7,,\n"
                "hmeimim_air_base,Hmeimim Air Base,Hmeimim,air,SYR,35.5,36.0,,\n"
                "tartus_naval_base,,,,,,,,true\n",
            ),
        ),
        places,
        [
            ("Hmeimim Air Base", "SYR", 35.401, 35.949),
            ("Tartus naval base", "SYR", 34.905, 35.868),
        ],
        [
            ("Hmeimim Air Base", "SYR", 35.5, 36.0),
            ("Ţarţūs", "SYR", 34.88902, 35.88659),  # the town, the base being disabled
            ("Camp Zulu", "SYR", 35.1, 36.7),
        ],
    ),
    "aliases": Case(
        "Crowds rallied in Kiev, in Bombay and in Bytown.",
        (
            (
                "my_aliases.csv",
                "# kind: aliases\n"
                "id,alias,target,country,disabled\n"
                "bytown,Bytown,Ottawa,CAN,\n"
                "kiev,Kiev,Lviv,UKR,\n"
                "bombay,,,,true\n",
            ),
        ),
        lambda r: [(p["name"], p["country"]) for p in r["places"]],
        [("Kyiv", "UKR"), ("Mumbai", "IND")],
        # GeoNames itself still knows "Bombay", under that name.
        [("Lviv", "UKR"), ("Bombay", "IND"), ("Ottawa", "CAN")],
    ),
    "boilerplate": Case(
        "By Jane Doe\nGENEVA — Brazil criticised Peru on Monday.\n"
        "Subscribe to our newsletter for more news.\nListen to our podcast for more.\n",
        (
            (
                "my_boilerplate.yaml",
                "kind: boilerplate\n"
                "entries:\n"
                "  - {id: podcast, reason: promo, regex: '^Listen to our podcast[^\\n]*$'}\n"
                "  - id: call_to_action\n"
                "    reason: subscription\n"
                "    regex: '^[ \\t]*subscribe[ \\t]+to[^\\n]{0,200}$'\n"
                "  - {id: byline, disabled: true}\n",
            ),
        ),
        removed,
        ["byline", "read_more"],
        ["subscription", "promo"],
    ),
    "speech_verbs": Case(
        '"The queue at the border is endless," Sergei Lavrov grumbled. "We will wait," '
        'Garcia said. "Nothing has changed," Vladimir Putin told reporters.',
        (
            (
                "my_speech_verbs.csv",
                "# kind: speech_verbs\n"
                "id,lemma,kind,disabled\n"
                "grumble,grumble,speech,\n"
                "say,say,naming,\n"
                "tell,,,true\n",
            ),
        ),
        speakers,
        [
            ("The queue at the border is endless", None),
            ("We will wait", "Garcia"),
            ("Nothing has changed", "Vladimir Putin"),
        ],
        [
            ("The queue at the border is endless", "Sergei Lavrov"),
            ("We will wait", None),
            ("Nothing has changed", None),
        ],
    ),
    "date_words": Case(
        "Brazil criticised Peru on Wednesday. Chile criticised Bolivia on Tues and left. "
        "Cuba criticised Peru on Thursday.",
        (
            (
                "my_date_words.csv",
                "# kind: date_words\n"
                "id,word,kind,value,disabled\n"
                "weekday_tues,tues,weekday,1,\n"
                # Friday, the publication weekday: "on Wednesday" now names the day itself
                "weekday_wednesday,wednesday,weekday,4,\n"
                "weekday_thursday,,,,true\n",
            ),
        ),
        event_dates,
        [("BRA", "2026-01-28"), ("CHL", PUBLISHED), ("CUB", "2026-01-29")],
        [("BRA", PUBLISHED), ("CHL", "2026-01-27"), ("CUB", PUBLISHED)],
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_dictionary_cli_extends_replaces_and_disables(kind: str, tmp_path: Path) -> None:
    case = CASES[kind]
    assert case.view(coded(tmp_path, case.text)) == case.before
    assert case.view(coded(tmp_path, case.text, *case.files)) == case.after


def test_dictionary_cli_disabled_sector_leaves_its_users_unknown(tmp_path: Path) -> None:
    # A sector is referenced by other tables: disabling one that shipped agents still use is
    # refused, naming the first entry that needs it.
    code, out, err = extract(
        tmp_path,
        "Teachers marched in Lusaka.",
        ("no_edu.csv", "# kind: sectors\nid,disabled\nEDU,true\n"),
    )
    assert code == 2 and out == ""
    assert "[NE010] agents.csv:" in err and "unknown sector 'EDU'" in err
    assert "Traceback" not in err


def test_dictionary_cli_readme_plain_people_list_asks_for_a_kind_header(tmp_path: Path) -> None:
    # The README once documented a plain list; it ended in "[NE010] cannot tell which places
    # table this file extends" and a traceback.
    plain = "- {id: Q-amara, name: Amara Okafor, country: NGA, sector: GOV}\n"
    code, out, err = extract(tmp_path, "Amara Okafor spoke.", ("my_people.yaml", plain))
    assert code == 2 and out == ""
    assert "[NE016]" in err and "my_people.yaml" in err and "kind: people" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "code", "detail"),
    [
        ("kind: peeple\nentries: []\n", "NE012", "did you mean 'people'?"),
        (
            "kind: people\nentries:\n  - {id: a, name: A, sektor: GOV}\n",
            "NE011",
            "my.yaml:3: unknown field 'sektor'",
        ),
        (
            "kind: people\nentries:\n  - {id: a, name: A, roles: [{country: NGA, start: soon}]}\n",
            "NE013",
            "field 'start' of a people roles entry must be a date",
        ),
        ("kind: people\nentries:\n  - {name: A}\n", "NE014", "my.yaml:3: missing id"),
        ("kind: people\nentries:\n  - {id: a, country: NGA}\n", "NE015", "missing name"),
    ],
)
def test_dictionary_cli_bad_file_is_one_coded_line(
    tmp_path: Path, content: str, code: str, detail: str
) -> None:
    status, out, err = extract(tmp_path, "Brazil criticised Peru.", ("my.yaml", content))
    assert status == 2 and out == ""
    assert f"[{code}]" in err and detail in err
    assert "Traceback" not in err
