"""Shared fixtures: real model (loaded once per session), real Chroma in a tmp dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# pyproject.toml's pytest `pythonpath` puts the checkout on sys.path.
from settings import Settings

ROOT = Path(__file__).resolve().parents[1]
os.environ["HF_HUB_OFFLINE"] = "1"

def _sample_corpus() -> Path:
    """SCR_CORPUS, else ../shared/corpus beside the checkout, else the workplace's copy
    (CI clones the repository elsewhere)."""
    if os.environ.get("SCR_CORPUS"):
        return Path(os.environ["SCR_CORPUS"])
    for candidate in (ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")):
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "corpus"


CORPUS = _sample_corpus()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with all state under this test's tmp dir (nothing from the user's env)."""
    return Settings(_env_file=None, store_dir=tmp_path / "store")


@pytest.fixture(scope="session")
def embeddings():
    from vectorstore.embeddings import load_embeddings

    return load_embeddings(Settings(_env_file=None))


@pytest.fixture(scope="session")
def token_counter():
    from ingest.tokens import word_piece_counter

    return word_piece_counter(Settings(_env_file=None).resolved_model_path())


@pytest.fixture
def sample_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"sample corpus not found at {CORPUS} (set SCR_CORPUS)")
    return CORPUS


KINDS = ("unit", "integration", "browser")


def pytest_collection_modifyitems(config, items):
    """Every test says what it needs (pyproject.toml lists the markers): `bin/test --quick`
    selects by them, so an unmarked test would silently land in the wrong suite."""
    unmarked = [item.nodeid for item in items if not any(item.get_closest_marker(k) for k in KINDS)]
    if unmarked:
        raise pytest.UsageError(f"tests without a unit/integration/browser marker: {', '.join(unmarked[:5])}")
