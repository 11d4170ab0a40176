"""The embedding model as an ONNX graph run by onnxruntime: the same vectors, faster.

The graph is exported here, from the bundled model, with ``torch.onnx.export`` (nothing is
downloaded) and cached under ``settings.onnx_cache_dir``, keyed by a hash of the model's
weights and config so a changed model is re-exported. The int8 variant is the fp32 graph
with dynamic quantisation of its weights. Tokenisation (``tokenizers``), mean pooling and
L2 normalisation follow the sentence-transformers modules of all-MiniLM-L6-v2, so the
output matches the torch backend up to rounding (int8: up to quantisation error).
Only the first export needs torch; afterwards torch is never imported.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from settings import Settings

_INPUTS = ["input_ids", "attention_mask", "token_type_ids"]
_EXPORT_LOCK = threading.Lock()


def model_key(model_path: Path) -> str:
    """Hash of what defines the graph: weights, config, and this module's export recipe."""
    digest = hashlib.sha256(b"export-v1")
    for name in ("config.json", "model.safetensors", "1_Pooling/config.json"):
        file = model_path / name
        if file.exists():
            with file.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()[:16]


def _check_pooling(model_path: Path) -> None:
    # Only mean pooling is implemented here; refuse a model that pools otherwise.
    config = json.loads((model_path / "1_Pooling" / "config.json").read_text())
    if not config.get("pooling_mode_mean_tokens") or any(
        config.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens")
    ):
        raise ValueError(f"{model_path}: the ONNX backend supports mean-pooling models only ({config})")


def _export_fp32(model_path: Path, target: Path) -> None:
    import warnings

    import torch  # only for the one-off export
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()

    class Encoder(torch.nn.Module):  # positional inputs, one tensor out: what tracing wants
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    model = Encoder().eval()
    sample = (
        torch.ones((2, 16), dtype=torch.long),
        torch.ones((2, 16), dtype=torch.long),
        torch.zeros((2, 16), dtype=torch.long),
    )
    dynamic = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    dynamic["last_hidden_state"] = {0: "batch", 1: "tokens"}
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about BERT's shape arithmetic: harmless here
        torch.onnx.export(
            model,
            sample,
            str(tmp),
            input_names=_INPUTS,
            output_names=["last_hidden_state"],
            dynamic_axes=dynamic,
            opset_version=17,
            dynamo=False,  # the TorchScript exporter needs no onnxscript; fine for a BERT encoder
        )
    tmp.replace(target)  # atomic: a reader never sees half a graph


def _quantise(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    quantize_dynamic(str(source), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
    tmp.replace(target)


def exported_graph(model_path: Path, cache_dir: Path, quantized: bool) -> Path:
    """Path of the cached ONNX graph for this model, exporting (and quantising) it once."""
    folder = Path(cache_dir).expanduser() / model_key(model_path)
    fp32, int8 = folder / "model.onnx", folder / "model-int8.onnx"
    with _EXPORT_LOCK:
        if not fp32.exists() and not (quantized and int8.exists()):
            folder.mkdir(parents=True, exist_ok=True)
            _export_fp32(model_path, fp32)
        if quantized and not int8.exists():
            _quantise(fp32, int8)
    return int8 if quantized else fp32


class OnnxEncoder:
    """Drop-in for the ``SentenceTransformer.encode`` call ``LocalEmbeddings`` makes."""

    def __init__(self, model_path: Path, max_tokens: int, cache_dir: Path, quantized: bool):
        _check_pooling(model_path)
        self.graph = exported_graph(model_path, cache_dir, quantized)
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # quantised graphs log harmless shape warnings
        # Every batch has its own padded shape; the default memory arena keeps the largest
        # buffers of all of them (+420 MB after 3,000 passages, against +220 MB without, for
        # ~10% slower batches): at 100k passages the ingest's peak memory is what binds.
        options.enable_cpu_mem_arena = False
        # Idle intra-op threads otherwise spin after each call, on the cores numpy's products
        # need next (see OPENBLAS_THREAD_TIMEOUT in settings.py for the converse).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(self.graph), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        # The file ships padding to a fixed 128 and truncation at 128: pad per batch
        # instead, and truncate where the model stops reading.
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._dimension = int(self.session.get_outputs()[0].shape[-1])

    @classmethod
    def for_settings(cls, settings: Settings) -> OnnxEncoder:
        return cls(
            settings.resolved_model_path(),
            settings.model_max_tokens,
            settings.onnx_cache_dir,
            quantized=settings.embed_backend == "onnx-int8",
        )

    def get_embedding_dimension(self) -> int:
        return self._dimension

    def encode(self, texts: list[str], batch_size: int = 32, **_: object) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text, in input order."""
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        # Similar lengths share a batch, so little compute goes to padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), batch_size):
            picked = order[lo : lo + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in picked])
            feed = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
            }
            if len(texts) > batch_size:
                out[picked] = self._run(feed)
                continue
            # One call's few texts (a question's candidate sentences): their lengths differ
            # far more than a full batch's, and every row is padded to the longest one's.
            lengths = feed["attention_mask"].sum(axis=1)
            rank = np.argsort(lengths, kind="stable")
            for a, b in padding_batches(lengths[rank].tolist(), _CALL_COST_TOKENS):
                rows = rank[a:b]
                width = int(lengths[rows].max())
                out[[picked[i] for i in rows.tolist()]] = self._run({k: v[rows, :width] for k, v in feed.items()})
        return out

    def _run(self, feed: dict[str, np.ndarray]) -> np.ndarray:
        hidden = self.session.run(None, feed)[0]
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)


# What one more call to the model costs, in padded tokens' worth of its time (~1.5 ms at
# ~14 tokens a millisecond on two cores).
_CALL_COST_TOKENS = 24


def padding_batches(lengths: list[int], call_cost: int) -> list[tuple[int, int]]:
    """Cut texts, sorted by token length, into consecutive batches that cost least: a batch
    costs its size times its longest length, plus ``call_cost``. Sixteen candidate
    sentences of 8 to 40 tokens padded to 40 spent half the model's time on padding."""
    n = len(lengths)
    best = [0] + [0] * n  # best[j]: least cost of the first j texts
    cut = [0] * (n + 1)
    for j in range(1, n + 1):
        best[j], cut[j] = min((best[i] + (j - i) * lengths[j - 1] + call_cost, i) for i in range(j))
    out = []
    j = n
    while j > 0:
        out.append((cut[j], j))
        j = cut[j]
    return out[::-1]
