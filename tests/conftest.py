"""Shared fixtures: the real spaCy model is loaded once per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsevents.nlp import base_model


@pytest.fixture(scope="session")
def base_nlp() -> Language:
    """The bare spaCy model with newsevents' line-break sentence starts, no newsevents stages.

    Tests that need stages build their own copy (``base_model()`` then ``add_pipe``) so that
    adding a component never leaks into another test module.
    """
    return base_model()
