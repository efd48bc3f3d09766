"""The web explorer: the built page (``static/``, made from ``frontend/`` at the repository
root by ``npm run build`` and committed, so ``pip install`` alone serves it), shipped as
package data and served by ``newsevents.api``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def static_dir() -> Path:
    """The folder of the built page: ``index.html`` and ``assets/``."""
    return Path(str(resources.files("newsevents.web").joinpath("static")))
