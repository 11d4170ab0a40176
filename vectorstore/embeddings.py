"""The embedding model, loaded once per process from the copy shipped on disk.

Exposed through LangChain's ``Embeddings`` interface so the rest of the product (and any
LangChain component) can use it; vectors are L2-normalised, so cosine = dot product.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from settings import Settings, get_settings


class LocalEmbeddings(Embeddings):
    def __init__(self, settings: Settings):
        self.settings = settings
        if settings.embed_backend == "torch":
            from sentence_transformers import SentenceTransformer  # heavy import: only when needed
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # "Loading weights" bars on every start
            self.model: Any = SentenceTransformer(str(settings.resolved_model_path()), device="cpu")
            self.model.max_seq_length = settings.model_max_tokens
        else:  # same call shape as SentenceTransformer.encode; no torch once exported
            from vectorstore.onnx_embedder import OnnxEncoder

            self.model = OnnxEncoder.for_settings(settings)
        self._lock = threading.Lock()  # Streamlit serves sessions on threads; torch calls are not re-entrant
        self.calls = 0  # texts embedded so far: tests use it to prove nothing was re-embedded

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # A text repeated is embedded once: boilerplate pasted into many reviews comes back
        # as many of a question's candidate sentences (16 copies of one, on a generated corpus).
        distinct = list(dict.fromkeys(texts))
        with self._lock:
            self.calls += len(distinct)
            vectors = self.model.encode(
                distinct,
                batch_size=batch_size or self.settings.embed_batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            ).astype(np.float32)
        if len(distinct) == len(texts):
            return vectors
        row = {text: i for i, text in enumerate(distinct)}
        return vectors[[row[text] for text in texts]]

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


_EMBEDDERS: dict[tuple, LocalEmbeddings] = {}
_LOAD_LOCK = threading.Lock()


def load_embeddings(settings: Settings | None = None) -> LocalEmbeddings:
    """The process-wide model for ``settings`` (loading takes seconds: do it once)."""
    settings = settings or get_settings()
    key = (str(settings.resolved_model_path()), settings.embed_backend, settings.model_max_tokens, str(settings.onnx_cache_dir))
    with _LOAD_LOCK:
        if key not in _EMBEDDERS:
            _EMBEDDERS[key] = LocalEmbeddings(settings)
        return _EMBEDDERS[key]
