"""Stores ingested from documents the tests write themselves (real files, the real model,
real Chroma), for tests that ask questions of text no rule was fitted to."""

from __future__ import annotations

from pathlib import Path

from assistant.service import Assistant
from ingest.pipeline import ingest


def assistant_over(root: Path, documents: dict[str, str], embeddings, cases: int) -> Assistant:
    """Write ``documents`` (file name → text) under ``root``, ingest them into a store there,
    check the case index found ``cases`` cases, and return an assistant over that store."""
    from settings import Settings

    docs = root / "docs"
    docs.mkdir()
    for name, text in documents.items():
        (docs / name).write_text(text)
    settings = Settings(store_dir=root / "store")
    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert report.cases == cases
    return Assistant(settings, embeddings)


def ingested_sample(directory: Path, embeddings):
    """A store under ``directory`` ingested from the sample corpus, every file read; its settings."""
    import pytest

    from settings import Settings
    from tests.conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.fail(f"sample corpus not found at {CORPUS} (set SCR_CORPUS)")
    settings = Settings(_env_file=None, store_dir=directory / "store")
    assert not ingest([CORPUS], settings, progress=False, embed=embeddings.encode).failed
    return settings
