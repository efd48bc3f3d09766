"""Dictionary layering: shipped first, user files after; later ids win; entries cite file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.errors import DictionaryError
from newsevents.lexicon import load_layers


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_lexicon_later_file_replaces_entry_whole_and_adds_new_ids(tmp_path: Path) -> None:
    base = _write(
        tmp_path / "base.yaml", "- id: a\n  name: Alpha\n  sector: GOV\n- id: b\n  name: Beta\n"
    )
    user = _write(tmp_path / "user.yaml", "- id: a\n  name: Alpha Prime\n- id: c\n  name: Gamma\n")
    entries = {e["id"]: e for e in load_layers([base, user])}
    assert sorted(entries) == ["a", "b", "c"]
    assert entries["a"]["name"] == "Alpha Prime"
    assert "sector" not in entries["a"]  # replaced whole, never merged field by field
    assert entries["a"]["_where"] == "user.yaml:1"
    assert entries["b"]["_where"] == "base.yaml:4"


def test_lexicon_disabled_entry_removes_the_shipped_one(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.csv", "# comment line\nid,name\nx,Ex\ny,Why\n")
    user = _write(tmp_path / "user.csv", "id,name,disabled\nx,,true\n")
    entries = load_layers([base, user])
    assert [(e["id"], e["_where"]) for e in entries] == [("y", "base.csv:4")]


def test_lexicon_missing_required_key_names_file_and_line(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.yaml", "- id: ok\n  name: Fine\n- name: No id\n")
    with pytest.raises(DictionaryError, match=r"bad\.yaml:3: missing id"):
        load_layers([bad])


def test_lexicon_unknown_format_is_a_dictionary_error(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="unknown dictionary format"):
        load_layers([_write(tmp_path / "x.txt", "id\n")])
