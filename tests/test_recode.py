"""`newsevents recode`: stored documents coded again after a dictionary change or with a new
--published, ids and merges consistent, a second recode changing nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app

EXAMPLES = Path(__file__).parent.parent / "examples"

# Nauseda as a Latvian official: a coding no shipped table gives, so it can only come from
# the user file; Tusk's shipped entry is disabled, which a recode must honour too.
DICTIONARY = """\
kind: people
entries:
  - {id: donald-tusk, disabled: true}
  - {id: test-nauseda, name: Gitanas Nauseda, aliases: [Nauseda], country: LVA, sector: GOV}
"""
UNDATED = "Kenyan police arrested 40 protesters in Nairobi on Monday.\n"


def _invoke(*args: str):
    result = CliRunner().invoke(app, [*args, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return result


def _state(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:

        def one(query: str):
            return con.execute(query).fetchall()

        return {
            "documents": one("SELECT doc_id, published FROM documents ORDER BY doc_id"),
            "events": one("SELECT id, merged_id, type, target_country FROM events ORDER BY id"),
            "dangling": one(
                "SELECT count(*) FROM events WHERE merged_id IS NULL "
                "OR merged_id NOT IN (SELECT id FROM events)"
            )[0][0],
            "mentions_in_merged": one("SELECT sum(num_mentions) FROM merged_events")[0][0],
            "duplicate_ids": one("SELECT count(*) - count(DISTINCT id) FROM events")[0][0],
            "actors": one("SELECT count(*) FROM actors")[0][0],
        }


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("recode")
    inputs = folder / "in"
    inputs.mkdir()
    for article in EXAMPLES.glob("*.txt"):
        shutil.copy(article, inputs / article.name)
    (inputs / "undated.txt").write_text(UNDATED, encoding="utf-8")
    db = folder / "store.duckdb"
    _invoke("run", str(inputs), "--db", str(db))
    return db, folder


def test_recode_stores_the_new_coding_of_a_changed_dictionary_with_merges_consistent(
    stored: tuple[Path, Path], tmp_path: Path
) -> None:
    original, folder = stored
    db = tmp_path / "copy.duckdb"
    shutil.copy(original, db)
    before = _state(db)
    assert ("CONSULT", "LTU") in {(e[2], e[3]) for e in before["events"]}
    dictionary = tmp_path / "people.yaml"
    dictionary.write_text(DICTIONARY, encoding="utf-8")

    result = _invoke("recode", "--db", str(db), "--dictionary", str(dictionary))

    after = _state(db)
    assert "recoded" in result.stdout
    consult = [e for e in after["events"] if e[2] == "CONSULT"]
    assert ("CONSULT", "LVA") in {(e[2], e[3]) for e in consult}
    assert ("CONSULT", "LTU") not in {(e[2], e[3]) for e in after["events"]}
    # Same documents, no event twice, every merged id a stored event's, counts adding up.
    assert after["documents"] == before["documents"]
    assert after["duplicate_ids"] == 0 and after["dangling"] == 0
    assert after["mentions_in_merged"] == len(after["events"])
    # The other events keep their ids.
    unchanged = {e[0] for e in before["events"] if e[2] != "CONSULT"}
    assert unchanged <= {e[0] for e in after["events"]}

    _invoke("recode", "--db", str(db), "--dictionary", str(dictionary))
    assert _state(db) == after


def test_recode_with_published_dates_the_undated_document_and_its_relative_date(
    stored: tuple[Path, Path], tmp_path: Path
) -> None:
    original, _ = stored
    db = tmp_path / "copy.duckdb"
    shutil.copy(original, db)
    with duckdb.connect(str(db), read_only=True) as con:
        dated_before = con.execute(
            "SELECT doc_id, published FROM documents WHERE published_from = 'metadata'"
        ).fetchall()
    _invoke("recode", "--db", str(db), "--published", "2025-06-26")
    with duckdb.connect(str(db), read_only=True) as con:
        (published,) = con.execute(
            "SELECT published FROM documents WHERE source LIKE '%undated.txt'"
        ).fetchone()
        dates = con.execute(
            "SELECT e.date FROM events AS e JOIN documents AS d USING (doc_id) "
            "WHERE d.source LIKE '%undated.txt' AND e.type = 'COERCE'"
        ).fetchall()
        dated_after = con.execute(
            "SELECT doc_id, published FROM documents WHERE published_from = 'metadata'"
        ).fetchall()
    assert str(published) == "2025-06-26"
    # "on Monday" is the Monday before Thursday 26 June 2025.
    assert [str(d[0]) for d in dates] == ["2025-06-23"]
    # A date from the document's own metadata is not overridden.
    assert dated_after == dated_before
    assert _state(db)["dangling"] == 0


def test_run_says_once_that_documents_had_no_publication_date_and_how_to_give_one(
    tmp_path: Path,
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, count in (("a.txt", "12"), ("b.txt", "30")):
        (inputs / name).write_text(UNDATED.replace("40", count), encoding="utf-8")
    result = _invoke("run", str(inputs), "--db", str(tmp_path / "s.duckdb"))
    assert result.stderr.count("no publication date") == 1
    assert "2 documents had no publication date" in result.stderr
    assert "--published" in result.stderr
    dated = _invoke(
        "run", str(EXAMPLES), "--db", str(tmp_path / "t.duckdb"), "--published", "2025-01-01"
    )
    assert "no publication date" not in dated.stderr
