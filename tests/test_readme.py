"""The README's commands work as written, in a fresh copy of what a user clones: every
fenced shell block of "Install and run" and "Commands" is run (install lines left out)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SECTIONS = ("## Install and run", "## Commands")
# Setting up the environment is what the test runs in already.
INSTALL = re.compile(r"^(make\b|python3 -m venv\b|pip install\b|\S*pip install\b)")


def readme_commands() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for heading in SECTIONS:
        section = readme.split(heading, 1)[1].split("\n## ", 1)[0]
        for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S):
            for line in block.splitlines():
                words = shlex.split(line, comments=True)
                if words and not INSTALL.match(line.strip()):
                    commands.append(words)
    return commands


def _cli() -> list[str]:
    beside = Path(sys.executable).parent / "newsevents"
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-c", "from newsevents.cli import app; app()"]


def test_readme_examples_use_only_what_a_clone_has() -> None:
    commands = readme_commands()
    assert len(commands) >= 8
    for words in commands:
        assert Path(words[0]).name == "newsevents", words
        assert not any("../shared" in w for w in words), words


def test_readme_commands_run_as_written_in_a_fresh_copy(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copytree(ROOT / "examples", clone / "examples")
    for words in readme_commands():
        result = subprocess.run(
            [*_cli(), *words[1:]],
            cwd=clone,
            capture_output=True,
            text=True,
            timeout=300,
        )
        shown = " ".join(words)
        assert result.returncode == 0, f"{shown}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr, shown
        if words[1] == "extract" and "--json" in words:
            assert json.loads(result.stdout)["events"], shown
        listing = "--format" not in words or "table" in words
        if words[1] == "events" and listing:
            # Every listing example finds something in the bundled examples.
            assert not re.search(r"^\s*0 (merged events|event mentions)", result.stdout, re.M), (
                shown + "\n" + result.stdout
            )
        if words[1] == "events" and "csv" in words:
            assert len(result.stdout.splitlines()) >= 2, shown
        if words[1] == "stats":
            assert "by type" in result.stdout, shown


@pytest.mark.parametrize("words", readme_commands(), ids=" ".join)
def test_readme_command_names_an_existing_command(words: list[str]) -> None:
    from newsevents.cli import app

    names = {c.name for c in app.registered_commands}
    assert words[1] in names | {"--version"}, words
