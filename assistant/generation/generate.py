"""Orchestration: prompt the provider with the extractive answer's evidence, stream its
text, validate every sentence, and decide what is shown.

The result says which answer a person sees: ``"generated-validated"`` (only sentences that
passed validation, each with its [n]) or ``"extractive-fallback"`` (the extractive answer,
because too little survived, the provider failed, or there was nothing to write from).
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.answer import Answer, CaseHit
from assistant.extractive import display
from assistant.generation.prompt import build_messages, is_case_list
from assistant.generation.providers import Provider, ProviderError, Truncated, make_provider
from assistant.generation.validation import Encode, check_sentences, split_sentences, words_of
from settings import Settings

GENERATED = "generated-validated"
FALLBACK = "extractive-fallback"


@dataclass
class Generated:
    provider: str
    model: str
    mode: str  # GENERATED or FALLBACK: which answer ``text`` is
    text: str  # what to show: validated sentences, or the extractive answer on fallback
    raw: str = ""  # the model's output as written
    kept_sentences: list[dict] = field(default_factory=list)
    dropped_sentences: list[dict] = field(default_factory=list)  # each with its reasons
    appended_cases: list[str] = field(default_factory=list)  # list questions: cases the model left out
    error: str | None = None
    note: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def case_names(cases: list[CaseHit]) -> set[str]:
    """Words a list answer may use as names: those of the cases the index returned."""
    words: set[str] = set()
    for case in cases:
        for value in (case.label, case.local_authority, case.child, case.age, case.gender, case.summary, *case.themes):
            words |= words_of(value or "")
    return words


def _mentions(sentence: str, case: CaseHit) -> bool:
    """All words of the case's label appear ("Rotherham Child T", not just "Rotherham":
    one area can have several cases)."""
    wanted = words_of(case.label)
    return bool(wanted) and wanted <= words_of(sentence)


def index_line(case: CaseHit) -> str:
    """A case written from its index record, not by the model."""
    where = f" ({case.local_authority})" if case.local_authority and case.local_authority not in case.label else ""
    cited = " ".join(f"[{n}]" for n in case.citations)
    return f"{case.label}{where}: {display(case.summary)} {cited}".strip()


class Generation:
    """One generated answer. ``stream()`` yields the model's text as it arrives (for
    ``st.write_stream``); ``result`` holds the validated outcome once it is exhausted."""

    def __init__(self, answer: Answer, settings: Settings, encode: Encode, provider: Provider | None = None):
        self.answer, self.settings, self.encode = answer, settings, encode
        self._provider = provider
        self.result: Generated | None = None

    def _fallback(self, name: str, model: str, **details) -> Generated:
        return Generated(name, model, FALLBACK, self.answer.answer, **details)

    def stream(self) -> Iterator[str]:
        t0 = time.perf_counter()
        name = self._provider.name if self._provider else self.settings.generation_provider
        if self.answer.abstained or not self.answer.citations:
            self.result = self._fallback(name, "", note="not run: the documents do not answer this question")
            return
        try:
            provider = self._provider or make_provider(self.settings)
        except ProviderError as exc:
            self.result = self._fallback(name, self.settings.generation_model, error=str(exc))
            return
        pieces: list[str] = []
        error, cut = None, False
        try:
            first = None  # the clock for writing starts at the first piece: loading a local model is not writing
            for piece in provider.stream(build_messages(self.answer)):
                if isinstance(piece, Truncated):
                    cut = True
                    continue
                first = first or time.perf_counter()
                pieces.append(piece)
                yield piece
                if time.perf_counter() - first > self.settings.generation_timeout_s:
                    error = f"stopped after {self.settings.generation_timeout_s:g} s (SCR_GENERATION_TIMEOUT_S)"
                    cut = True
                    break
        except ProviderError as exc:
            error = str(exc)
        timings = {"generate_ms": round((time.perf_counter() - t0) * 1e3, 1)}
        raw = "".join(pieces)
        if error and not raw.strip():
            self.result = self._fallback(provider.name, provider.model, error=error, timings_ms=timings)
            return
        self.result = self._validate(provider, raw, error, timings, cut)

    def _validate(self, provider: Provider, raw: str, error: str | None, timings: dict, cut: bool) -> Generated:
        t1 = time.perf_counter()
        evidence = {c.n: c.text for c in self.answer.citations}
        listing = is_case_list(self.answer)
        checks = check_sentences(
            split_sentences(raw),
            evidence,
            self.encode,
            self.settings.generation_min_similarity,
            allowed_names=case_names(self.answer.cases) if listing else None,
        )
        if cut and checks and not raw.rstrip().endswith((".", "!", "?", "]", '"', "”", "’", ")")):
            # Stopped by the token limit or the clock mid-sentence: "include 11" may be half of 113.
            checks[-1].reasons.append("cut off before the sentence ended")
        kept = [c for c in checks if c.kept]
        timings["validate_ms"] = round((time.perf_counter() - t1) * 1e3, 1)
        details: dict[str, Any] = dict(
            raw=raw,
            kept_sentences=[c.to_dict() for c in kept],
            dropped_sentences=[c.to_dict() for c in checks if not c.kept],
            error=error,
            timings_ms=timings,
        )
        if not kept or len(kept) < self.settings.generation_min_kept_share * len(checks):
            share = f"{len(kept)} of {len(checks)}" if checks else "none"
            return self._fallback(
                provider.name, provider.model, note=f"{share} generated sentences passed validation", **details
            )
        best = self.answer.citations[0].n
        if not listing and not any(best in c.cited for c in kept):
            # True but beside the point: the best-matching evidence is what answers the question.
            return self._fallback(
                provider.name, provider.model, note=f"the kept sentences leave out the best evidence [{best}]", **details
            )
        lines = [html.unescape(" ".join(c.text.split())) for c in kept]  # the model may copy escaped evidence
        appended = []
        if listing:  # the case index, not the model, decides which cases are listed
            for case in self.answer.cases:
                if not any(_mentions(line, case) for line in lines):
                    appended.append(case.case_id)
                    lines.append(index_line(case))
        note = "cases the model left out were added from the case index" if appended else None
        return Generated(
            provider.name, provider.model, GENERATED, " ".join(lines), appended_cases=appended, note=note, **details
        )

    def run(self) -> Generated:
        for _ in self.stream():
            pass
        assert self.result is not None
        return self.result


def generate(answer: Answer, settings: Settings, encode: Encode, provider: Provider | None = None) -> Generated:
    return Generation(answer, settings, encode, provider).run()


def attach_generation(answer: Answer, settings: Settings, encode: Encode, wanted: bool | None) -> Answer:
    """Set ``answer.generated`` when generation is wanted (None: whenever a provider is
    configured). The extractive answer itself is never changed."""
    configured = settings.generation_provider != "none"
    if wanted is False or (wanted is None and not configured):
        return answer
    if not configured:
        answer.generated = Generated(
            "none", "", FALLBACK, answer.answer,
            error="no generation provider is configured (set SCR_GENERATION_PROVIDER to ollama, openai or transformers)",
        ).to_dict()
        return answer
    answer.generated = generate(answer, settings, encode).to_dict()
    return answer
