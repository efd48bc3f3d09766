"""clean: boilerplate masked with spaces (same length as the text), attributions compared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.clean import clean, load_patterns, publisher_key
from newsevents.errors import DictionaryError
from newsevents.ingest import read
from newsevents.models import Document, Removed

ARTICLE = (
    "© 2025 Northern Ledger\n"
    "By Maria Costa and Tomas Berg, Northern Ledger\n"
    "OSLO — Fishing unions and the coastal authority agreed on Monday to share data on cod stocks, "
    "ending a dispute that had kept boats in port for a week.\n"
    "(Photo by Anna Lind/Harbour Images)\n"
    "By Wednesday the first boats had left the harbour, officials said.\n"
    "Read more: How the cod quota is set\n"
    "(Reporting by Maria Costa; Editing by Tomas Berg)\n"
    "[Copyright (c) Baltic Wire Service. All Rights Reserved.]\n"
)


def document(text: str, **fields) -> Document:
    return Document(doc_id="t1", text=text, source="test", **fields)


@pytest.fixture(scope="module")
def patterns():
    return load_patterns()


def removed_text(text: str, removed: tuple[Removed, ...]) -> list[tuple[str, str]]:
    return [(r.reason, text[r.start : r.end]) for r in removed]


def test_clean_finds_both_copyright_publishers_and_flags_the_conflict(patterns):
    cleaned = clean(document(ARTICLE), patterns)
    assert cleaned.attributions == ("Northern Ledger", "Baltic Wire Service")
    assert cleaned.flags == ("attribution_conflict",)


def test_clean_masks_boilerplate_and_keeps_body_the_same_length(patterns):
    cleaned = clean(document(ARTICLE), patterns)
    assert len(cleaned.body) == len(ARTICLE)
    assert removed_text(ARTICLE, cleaned.removed) == [
        ("copyright", "© 2025 Northern Ledger"),
        ("byline", "By Maria Costa and Tomas Berg, Northern Ledger"),
        ("photo_credit", "(Photo by Anna Lind/Harbour Images)"),
        ("read_more", "Read more: How the cod quota is set"),
        ("wire_credit", "(Reporting by Maria Costa; Editing by Tomas Berg)"),
        ("copyright", "[Copyright (c) Baltic Wire Service. All Rights Reserved.]"),
    ]
    for item in cleaned.removed:
        assert cleaned.body[item.start : item.end].strip() == ""
    # Line breaks survive masking, so sentence starts and line numbers stay where they were.
    assert cleaned.body.count("\n") == ARTICLE.count("\n")


def test_clean_keeps_the_dateline_and_a_sentence_that_starts_with_by(patterns):
    cleaned = clean(document(ARTICLE), patterns)
    assert "OSLO — Fishing unions and the coastal authority agreed" in cleaned.body
    assert "By Wednesday the first boats had left the harbour, officials said." in cleaned.body


def test_clean_masks_the_ingest_header(patterns):
    (doc,) = read([Path(__file__).parent / "data" / "ingest" / "harbour_talks.txt"])
    cleaned = clean(doc, patterns)
    assert cleaned.removed[0] == Removed(0, 133, "header")
    assert cleaned.body[:133].strip() == ""
    assert cleaned.body[133:].startswith("LISBON — Port workers")
    assert cleaned.document is doc


def test_clean_flags_attribution_that_differs_from_publisher_metadata(patterns):
    text = "Officials met on Monday.\nCopyright 2024 River Post. All rights reserved.\n"
    cleaned = clean(document(text, publisher="Valley Gazette"), patterns)
    assert cleaned.attributions == ("River Post", "Valley Gazette")
    assert cleaned.flags == ("attribution_conflict",)


def test_clean_treats_spellings_of_one_publisher_as_the_same(patterns):
    text = "Officials met on Monday.\n(C) The River Post\n"
    cleaned = clean(document(text, publisher="riverpost.com"), patterns)
    assert cleaned.attributions == ("The River Post",)
    assert cleaned.flags == ()
    assert publisher_key("The River Post") == publisher_key("www.riverpost.com") == "riverpost"


def test_clean_masks_a_copyright_notice_closing_a_paragraph(patterns):
    text = "The talks will resume in May, the envoy said. © Harbour Times 2025\n"
    cleaned = clean(document(text), patterns)
    assert removed_text(text, cleaned.removed) == [("copyright", "© Harbour Times 2025")]
    assert cleaned.attributions == ("Harbour Times",)


def test_clean_leaves_a_plain_article_untouched(patterns):
    text = "MOSCOW — The two delegations met on Wednesday.\nThey agreed to meet again in March.\n"
    cleaned = clean(document(text), patterns)
    assert (cleaned.body, cleaned.removed, cleaned.attributions, cleaned.flags) == (
        text,
        (),
        (),
        (),
    )


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "BY JANE DOE | Staff Writer",
        "Reporting by Jane Doe in Nairobi; Editing by John Roe",
        "Photo: Jane Doe/Reuters",
        "Click here to get our morning briefing",
        "Sign up for our newsletter",
        "Follow us on social media",
    ],
)
def test_clean_masks_common_boilerplate_lines(patterns, line):
    text = f"The talks ended on Friday.\n{line}\n"
    cleaned = clean(document(text), patterns)
    assert cleaned.body == "The talks ended on Friday.\n" + " " * len(line) + "\n"


def test_clean_user_layer_can_disable_a_shipped_pattern(tmp_path):
    layer = tmp_path / "boilerplate_mine.yaml"
    layer.write_text(
        "kind: boilerplate\nentries:\n- id: byline\n  disabled: true\n", encoding="utf-8"
    )
    cleaned = clean(document("By Jane Doe\nTalks ended.\n"), load_patterns([layer]))
    assert cleaned.removed == ()


def test_clean_refuses_a_pattern_that_matches_empty_lines_naming_file_and_line(tmp_path):
    layer = tmp_path / "boilerplate_bad.yaml"
    layer.write_text(
        "kind: boilerplate  # my patterns\n"
        "entries:\n"
        "- id: footer\n  reason: footer\n  regex: 'Footer text'\n"
        "- id: anything\n  reason: footer\n  regex: '^\\s*$'\n",
        encoding="utf-8",
    )
    with pytest.raises(DictionaryError, match=r"boilerplate_bad\.yaml:6: pattern 'anything'"):
        load_patterns([layer])


def test_clean_refuses_an_attribution_pattern_without_a_publisher_group(tmp_path):
    layer = tmp_path / "boilerplate_bad.yaml"
    layer.write_text(
        "kind: boilerplate\nentries:\n"
        "- id: credit\n  reason: attribution\n  attribution: true\n  regex: 'Source: \\w+'\n",
        encoding="utf-8",
    )
    with pytest.raises(DictionaryError, match=r"\[NE010\] boilerplate_bad\.yaml:3: .*publisher"):
        load_patterns([layer])


def test_clean_ignores_other_stages_dictionary_files(tmp_path):
    actors = tmp_path / "actors.yaml"
    actors.write_text("kind: people\nentries:\n- id: someone\n  name: Someone\n", "utf-8")
    assert load_patterns([actors]) == load_patterns()


def test_clean_kremlin_example_has_two_attributions_and_the_conflict_flag(patterns):
    example = Path("/work/shared/examples/kremlin-summit.txt")
    if not example.exists():
        pytest.skip("shared example not available")
    (doc,) = read([example], published=dt.date(2026, 1, 28))
    cleaned = clean(doc, patterns)
    assert cleaned.attributions == ("The Times of Israel", "Global Economic Times")
    assert cleaned.flags == ("attribution_conflict",)
    assert cleaned.body.lstrip().startswith("MOSCOW — ")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(ARTICLE.splitlines(keepends=True))
        | st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
        max_size=12,
    )
)
def test_clean_body_always_has_the_length_of_the_text(pieces):
    text = "".join(pieces)
    cleaned = clean(document(text))
    assert len(cleaned.body) == len(text)
    assert all(b == t or (b == " " and t != "\n") for b, t in zip(cleaned.body, text, strict=True))


def test_clean_refuses_a_pattern_without_a_regex(tmp_path):
    layer = tmp_path / "boilerplate_bad.yaml"
    layer.write_text("kind: boilerplate\nentries:\n- id: footer\n  reason: footer\n", "utf-8")
    with pytest.raises(DictionaryError, match=r"boilerplate_bad\.yaml:3: pattern 'footer' has no"):
        load_patterns([layer])
