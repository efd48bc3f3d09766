"""The package ships its data as plain files: no symlinks, and a built wheel carries them all."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DATA = ROOT / "src" / "newsevents" / "data"


def test_packaging_tree_has_no_symlinks() -> None:
    # A committed symlink to an absolute path works on one machine only and can pull a whole
    # other checkout into a wheel.
    links = [p for p in (ROOT / "src").rglob("*") if p.is_symlink()]
    assert links == []


@pytest.mark.skipif(
    importlib.util.find_spec("setuptools") is None, reason="building a wheel needs setuptools"
)
def test_packaging_wheel_contains_every_data_file(tmp_path: Path) -> None:
    # Build from a copy: setuptools writes build/ and *.egg-info next to the sources.
    source = tmp_path / "source"
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "wheel"),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "wheel").glob("newsevents-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "newsevents/data/" + p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()
    }
    assert len(expected) > 20
    assert expected <= names
    assert not any(n.startswith("newsevents/data/data/") for n in names)
    # The explorer's built page ships too, so `pip install` alone serves it.
    web = ROOT / "src" / "newsevents" / "web"
    built = (p for p in (web / "static").rglob("*") if p.is_file())
    page = {"newsevents/web/" + p.relative_to(web).as_posix() for p in built}
    assert "newsevents/web/static/index.html" in page
    assert page <= names


def _skipped_without() -> set[str]:
    """The modules some test skips without (``pytest.importorskip("name")``)."""
    import ast

    found = set()
    for path in (ROOT / "tests").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "importorskip"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(str(node.args[0].value))
    return found


def test_packaging_every_module_a_test_skips_without_is_in_an_extra() -> None:
    # CI installs the extras (make test: '.[dev,ray,train]'): a test module skipped for want
    # of a package no extra names is a test that never runs.
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("-", "_")
        for requirements in project["optional-dependencies"].values()
        for requirement in requirements
    }
    skipped = _skipped_without()
    assert {"pandas", "torch"} <= skipped
    assert skipped - declared == set()
