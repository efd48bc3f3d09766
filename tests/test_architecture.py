"""Data flows one way: a module imports only from the layers below it (STYLE: import layers)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "newsevents"

# Top to bottom; a module may import from its own layer's shared machinery and any layer below.
LAYERS: list[set[str]] = [
    {"cli", "api", "web"},
    {"scale", "evaluate", "export", "watch", "cli_options"},
    {"pipeline"},
    {"records", "dedup", "store"},
    {"ingest", "clean", "actors", "places", "dates", "events", "quotes", "classify", "claims"},
    {
        "nlp",
        "dictionaries",
        "dictionary_schemas",
        "lexicon",
        "settings",
        "codebook",
        "workers",
        "syntax",
        "groups",
    },
    {"models", "errors"},
]
# Document stages are siblings: none may import another (they talk through Doc extensions).
SIBLINGS = {
    "ingest",
    "clean",
    "actors",
    "places",
    "dates",
    "events",
    "quotes",
    "classify",
    "claims",
}


def _layer(module: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if module in layer)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("newsevents")
        ):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "newsevents" and len(parts) > 1:
                    found.add(parts[1])
    return found


def _modules() -> list[tuple[str, Path]]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        name = relative.parts[0].removesuffix(".py")
        if name != "__init__":
            modules.append((name, path))
    return modules


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda v: str(v))
def test_architecture_module_imports_only_from_lower_layers(module: str, path: Path) -> None:
    own = _layer(module)
    for imported in _imports(path) - {module}:
        assert _layer(imported) > own or (
            _layer(imported) == own and module not in SIBLINGS and imported not in SIBLINGS
        ), f"{path.relative_to(PACKAGE)} imports newsevents.{imported}"
