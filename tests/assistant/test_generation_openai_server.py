"""The HTTP providers against real servers on loopback: llama-cpp-python's OpenAI-compatible
server serving the SmolLM2-135M GGUF end to end, and closed ports for the "cannot be
reached" path of both the OpenAI-compatible and the Ollama clients."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.generation import generate
from assistant.generation.providers import default_gguf
from settings import Settings
from tests.assistant.test_generation_tiny_model import GENERATED_KEYS, assert_only_supported_sentences_kept
from tests.generation_docs import build_store
from tests.procs import OutputTail, child_env, free_port, stop, wait_until_answering

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SERVER_START_S = 180  # model load on a busy shared CPU


@pytest.fixture(scope="module")
def store(tmp_path_factory, embeddings):
    root = tmp_path_factory.mktemp("served")
    settings = Settings(_env_file=None, store_dir=root / "store")
    return build_store(settings, embeddings, root / "corpus")


@pytest.fixture(scope="module")
def llama_server():
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError as exc:  # a missing server is a failure here, never a skip
        pytest.fail(f"llama-cpp-python[server] is not installed ({exc}): run bin/setup")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(default_gguf()), "--model_alias", "smollm2",
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--n_threads", "2"],
        env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    tail = OutputTail(process.stderr)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_until_answering(f"{url}/models", process, "llama_cpp.server", tail.text, timeout=SERVER_START_S)
        yield url
    finally:
        stop(process)


def served(store, **update) -> Settings:
    return store.settings.model_copy(update=update)


def test_openai_compatible_server_end_to_end(store, llama_server):
    from assistant.service import Assistant

    settings = served(
        store, generation_provider="openai", generation_base_url=llama_server, generation_model="smollm2",
        generation_max_tokens=60, generation_timeout_s=300,
    )
    assistant = Assistant(settings, store.embeddings)
    # One passage: a 135M model picks the right [n] among several no better than chance, and
    # this test is about the served path, not the model's judgement (validation has its own).
    answer = assistant.ask("How many children died?", k=1)  # provider configured: generation runs by default
    generated = answer.generated
    assert GENERATED_KEYS <= set(generated)
    assert (generated["provider"], generated["model"]) == ("openai", "smollm2")
    assert generated["error"] is None, generated["error"]
    assert generated["raw"].strip()
    assert_only_supported_sentences_kept(answer, settings)
    assert generated["mode"] == "generated-validated", generated
    assert "90" in generated["text"]


@pytest.mark.parametrize("provider", ["openai", "ollama"])
def test_unreachable_server_gives_a_clear_message_and_the_extractive_answer(store, provider):
    from assistant.service import Assistant

    url = f"http://127.0.0.1:{free_port()}" + ("/v1" if provider == "openai" else "")  # nothing listens there
    settings = served(store, generation_provider=provider, generation_base_url=url, generation_model="any",
                      generation_timeout_s=20)
    answer = Assistant(settings, store.embeddings).ask("How many children died?")
    generated = answer.generated
    assert generated["mode"] == "extractive-fallback"
    assert f"the {provider} server at {url} could not be reached" in generated["error"]
    assert generated["text"] == answer.answer and answer.citations and not answer.abstained


def test_openai_provider_without_a_url_refuses_to_guess(store):
    answer = store.ask("How many children died?", generate=False)
    result = generate(answer, served(store, generation_provider="openai"), store.embeddings.encode)
    assert result.mode == "extractive-fallback" and "SCR_GENERATION_BASE_URL" in result.error


def test_token_limit_reaches_the_server_and_a_cut_sentence_is_dropped(store, llama_server):
    # langchain-openai sends max_completion_tokens, which llama.cpp's server ignores.
    settings = served(store, generation_provider="openai", generation_base_url=llama_server,
                      generation_model="smollm2", generation_max_tokens=4)
    answer = store.ask("How many children died?", k=1, generate=False)
    result = generate(answer, settings, store.embeddings.encode)
    assert len(result.raw.split()) <= 4, result.raw
    assert result.mode == "extractive-fallback"
    assert "cut off before the sentence ended" in result.dropped_sentences[-1]["reasons"]
