"""Rules and model together: which order wins? Scores each way of combining them.

    .venv/bin/python eval/compare_orders.py ../shared/dev/plv_train.jsonl \
        ../shared/dev/articles.jsonl

- ``rules only``: the learned stage off (``--rules-only``);
- ``rules first``: the model scores confidence, drops actorless events it does not read as
  events and recovers sentences the rules find nothing in, but never changes a rule's type;
- ``default``: as shipped (in short texts the model retypes the main event when it is sure and
  the rule type is unlikely; articles keep the rules' types, see ``article_sentences``);
- ``no recovery``: as shipped, but sentences the rules find nothing in stay empty;
- ``model first``: the model's type wins whenever it is confident.
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsevents.evaluate import evaluate
from newsevents.pipeline import build_nlp
from newsevents.settings import Settings

VARIANTS = {
    "rules first": {"retype_threshold": 1.01},
    "default": {},
    "no recovery": {"recover_threshold": 1.01},
    "model first": {"retype_threshold": 0.5, "keep_threshold": 1.0},
}


def figures(path: Path, settings: Settings) -> str:
    scores = evaluate([path], settings).as_dict()
    if scores["sentences"]:
        s = scores["sentence_type"]
        return (
            f"accuracy {s['accuracy']:.3f} macro-F1 {s['macro_f1']:.3f} "
            f"ECE {s['calibration_error']}"
        )
    e = scores["events"]
    return (
        f"type F1 {e['type']['f1']:.3f} type+source {e['type+source']['f1']:.3f} "
        f"type+source+target {e['type+source+target']['f1']:.3f}"
    )


def main(paths: list[Path]) -> None:
    for path in paths:
        print(f"{path.name} rules only: {figures(path, Settings(event_model=False))}")
    stage = build_nlp(event_model=True).get_pipe("newsevents_event_types")
    shipped = {name: getattr(stage, name) for v in VARIANTS.values() for name in v}
    for label, change in VARIANTS.items():
        for name, value in {**shipped, **change}.items():
            setattr(stage, name, value)
        for path in paths:
            print(f"{path.name} {label}: {figures(path, Settings(event_model=True))}")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]])
