"""Running the shipped event-type model: onnxruntime and tokenizers only, no torch.

The model folder holds ``model.onnx`` (int8, per-channel dynamic quantisation of the fine-tuned
encoder + linear head), ``tokenizer.json`` (all-MiniLM-L6-v2's WordPiece tokenizer) and
``meta.json`` (labels, temperature, maximum length, how it was trained). Probabilities are the
softmax of logits divided by the temperature fitted on held-out training sentences, so they are
calibrated, not raw scores.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsevents.errors import DictionaryError

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "event_types"
BATCH_SIZE = 32


class EventTypeModel:
    """Scores sentences for the 16 PLOVER types and ``NONE``."""

    def __init__(self, folder: Path = MODEL_DIR, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            self.meta: dict[str, Any] = json.loads((folder / "meta.json").read_text("utf-8"))
        except (OSError, ValueError) as error:
            message = f"no readable event-type model: {error}"
            raise DictionaryError(message, source=str(folder)) from None
        self.labels: tuple[str, ...] = tuple(self.meta["labels"])
        self.temperature = float(self.meta["temperature"])
        self.max_length = int(self.meta["max_length"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        options = ort.SessionOptions()
        # One thread by default: spaCy's n_process workers each run their own session.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Raw logits, one row per text, computed in batches of similar length."""
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        # Sorting by length keeps padding (wasted compute) small in each batch.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for begin in range(0, len(order), BATCH_SIZE):
            rows = order[begin : begin + BATCH_SIZE]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            (batch,) = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
            out[rows] = batch
        return out

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, one row per text, columns in ``self.labels`` order."""
        return softmax(self.logits(texts) / self.temperature)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


@functools.cache
def shipped_model(folder: str = str(MODEL_DIR)) -> EventTypeModel:
    """The model, loaded once per process (each spaCy worker process loads its own)."""
    return EventTypeModel(Path(folder))
