"""Which sentences of which cases hold a list question's words, read from postings.

A list question scores, in every case, the sentences that hold one of its topic words or
a phrase of a theme it names; the rest cannot score. Walking every case's sentences to
find those took most of a new topic's time at 100k passages (388k sentences, ~300 ms a
question); postings (stem -> the sentences holding it, theme -> the sentences where its
phrase starts) find them in a few numpy operations, and keep each case's own order so
the answers are the same as the walk's.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


class _Sentence(Protocol):
    @property
    def stems(self) -> tuple[str, ...]: ...

    @property
    def themes(self) -> tuple[tuple[str, int], ...]: ...


@dataclass(frozen=True)
class _Csr:
    """Rows of integers laid end to end: row ``i`` is ``values[pointers[i]:pointers[i + 1]]``."""

    pointers: np.ndarray
    values: np.ndarray

    @classmethod
    def grouped(cls, keys: np.ndarray, values: np.ndarray, rows: int) -> _Csr:
        order = np.argsort(keys, kind="stable")
        pointers = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys, minlength=rows), out=pointers[1:])
        return cls(pointers, values[order])

    def row(self, i: int) -> np.ndarray:
        return self.values[self.pointers[i] : self.pointers[i + 1]]


def found_among(holders: np.ndarray, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each sentence (by number), is it among ``holders`` (ascending), and where (its
    first place there; read only where found): what the arrays read once per sentence
    (``NegatedPlaces``, ``PhraseWeights``) are looked up by."""
    if not len(holders):
        return np.zeros(len(numbers), dtype=bool), np.zeros(len(numbers), dtype=np.int64)
    at = np.minimum(np.searchsorted(holders, numbers), len(holders) - 1)
    return holders[at] == numbers, at


def best_of_held(
    held: Mapping[str, tuple[np.ndarray, np.ndarray]], keys: Sequence[str], numbers: np.ndarray,
    worst: float | int, better: np.ufunc,
) -> np.ndarray:
    """For each sentence (by number), the best (``better``: ``np.maximum``, ``np.minimum``)
    of the values ``held[key]`` gives it for these keys (``held[key]``: its holders,
    ascending, and their values); ``worst`` for a sentence no key holds."""
    out = np.full(len(numbers), worst)
    for key in keys:
        found_in = held.get(key)
        if found_in is None:
            continue
        holders, values = found_in
        found, at = found_among(holders, numbers)
        out[found] = better(out[found], values[at[found]])
    return out


class HeldSentences(Mapping):
    """``SentencePostings.holding``'s answer: per case (by id) that has any, its sentences
    that can score, in the case's own order; ``case_numbers``, those cases' numbers in the
    keys' order; and, when keys were asked to be read, ``readings``: per such sentence (by
    ``id``: each is alive in the postings), which of them it holds, as bits (the stems
    first, then the themes). A long list's word scores are then looked up by one integer
    per sentence, not by testing each key in Python.

    The same, laid flat for reading every case at once (``assistant.held_matches``): one
    entry per held sentence of a case, in the order above: ``entry_cases`` (its case's
    number), ``entry_sentences`` (its number in ``sentences``, the postings' list) and
    ``entry_readings`` (None when none were asked for). A case's sentences are fetched when
    asked for: a list read in bulk asks for few of its thousands of cases'."""

    def __init__(
        self,
        case_ids: Sequence[str] = (),
        case_number: Mapping[str, int] | None = None,
        entry_cases: np.ndarray | None = None,
        entry_sentences: np.ndarray | None = None,
        sentences: Sequence = (),
    ):
        self.entry_cases = np.zeros(0, dtype=np.int32) if entry_cases is None else entry_cases
        self.entry_sentences = np.zeros(0, dtype=np.int32) if entry_sentences is None else entry_sentences
        self.sentences = sentences
        self.entry_readings: np.ndarray | None = None
        self._case_ids, self._case_number = case_ids, case_number or {}
        starts = np.flatnonzero(np.diff(self.entry_cases, prepend=-1))  # where each case's run begins
        self.case_numbers = self.entry_cases[starts]
        self._bounds = np.append(starts, len(self.entry_cases))
        self._run = np.full(len(case_ids), -1, dtype=np.int64)  # per case number, its run (-1: none held)
        self._run[self.case_numbers] = np.arange(len(starts))
        self._readings: dict[int, int] | None = None

    def _run_of(self, case_id: object) -> int:
        number = self._case_number.get(case_id, -1) if isinstance(case_id, str) else -1
        return -1 if number < 0 else int(self._run[number])

    def __contains__(self, case_id: object) -> bool:
        return self._run_of(case_id) >= 0

    def __getitem__(self, case_id: str) -> list:
        run = self._run_of(case_id)
        if run < 0:
            raise KeyError(case_id)
        sentences = self.sentences
        lo, hi = int(self._bounds[run]), int(self._bounds[run + 1])
        return [sentences[n] for n in self.entry_sentences[lo:hi].tolist()]

    def __iter__(self) -> Iterator[str]:
        case_ids = self._case_ids
        return (case_ids[n] for n in self.case_numbers.tolist())

    def __len__(self) -> int:
        return len(self.case_numbers)

    @property
    def readings(self) -> dict[int, int] | None:
        # Built on first use: a list read in bulk reads ``entry_readings`` instead.
        if self._readings is None and self.entry_readings is not None:
            self._readings = self.readings_among(np.ones(len(self.entry_sentences), dtype=bool))
        return self._readings

    def readings_among(self, entries: np.ndarray) -> dict[int, int] | None:
        """``readings`` of only these entries (a mask over them)."""
        if self.entry_readings is None:
            return None
        sentences = self.sentences
        return {id(sentences[n]): r for n, r in zip(self.entry_sentences[entries].tolist(), self.entry_readings[entries].tolist())}


class SentencePostings:
    """Built once per case index from every case's sentences (``of(case)``, in order)."""

    def __init__(self, case_ids: Sequence[str], sentences_of: Callable[[int], Sequence[_Sentence]]):
        self.case_ids = list(case_ids)
        self.case_number = {c: n for n, c in enumerate(self.case_ids)}
        ids: dict[int, int] = {}  # id(sentence) -> its number: a sentence shared by cases is indexed once
        self.sentences: list = []
        entries: list[np.ndarray] = []
        for n in range(len(self.case_ids)):
            own = sentences_of(n)
            numbers = np.empty(len(own), dtype=np.int32)
            for i, sentence in enumerate(own):
                number = ids.get(id(sentence))
                if number is None:
                    number = ids[id(sentence)] = len(self.sentences)
                    self.sentences.append(sentence)
                numbers[i] = number
            entries.append(numbers)
        lengths = np.fromiter((len(e) for e in entries), dtype=np.int64, count=len(entries))
        self._entry_sentence = np.concatenate(entries) if entries else np.zeros(0, np.int32)
        self._entry_case = np.repeat(np.arange(len(entries), dtype=np.int32), lengths)
        self._stems, self._by_stem = self._postings([s.stems for s in self.sentences])
        self._themes, self._by_theme = self._postings([tuple(k for k, _ in s.themes) for s in self.sentences])

    def _postings(self, keys_per_sentence: list[tuple[str, ...]]) -> tuple[dict[str, int], _Csr]:
        vocabulary: dict[str, int] = {}
        total = sum(map(len, keys_per_sentence))
        keys = np.fromiter(
            (vocabulary.setdefault(k, len(vocabulary)) for ks in keys_per_sentence for k in ks), dtype=np.int32, count=total
        )
        lengths = np.fromiter(map(len, keys_per_sentence), dtype=np.int64, count=len(keys_per_sentence))
        holders = np.repeat(np.arange(len(keys_per_sentence), dtype=np.int32), lengths)
        return vocabulary, _Csr.grouped(keys, holders, len(vocabulary))

    def holding(
        self,
        groups: Sequence[tuple[Collection[str], int]],
        themes: Collection[str],
        among: Collection[str] | np.ndarray | None = None,
        read: tuple[Sequence[str], Sequence[str]] = ((), ()),
    ) -> HeldSentences:
        """Per case (by id) that has any, its sentences that hold at least ``k`` of the stems
        of some ``(stems, k)`` group, or a phrase of one of ``themes``, in the case's own
        order; ``among``: only these cases (those that meet the question's other constraints), by
        id or, as an array, by number. ``read``: stems and themes whose presence in each of
        those sentences is given as its reading (``HeldSentences``)."""
        wanted = self._holding_stems(groups)
        for key in themes:
            if key in self._themes:
                wanted[self._by_theme.row(self._themes[key])] = True
        held = wanted[self._entry_sentence]
        if among is not None:
            cases = np.zeros(len(self.case_ids), dtype=bool)
            if isinstance(among, np.ndarray):  # the cases' numbers
                cases[among] = True
            else:
                cases[[self.case_number[c] for c in among if c in self.case_number]] = True
            held &= cases[self._entry_case]
        hit = np.flatnonzero(held)
        out = HeldSentences(self.case_ids, self.case_number, self._entry_case[hit], self._entry_sentence[hit], self.sentences)
        if len(hit) and (read[0] or read[1]) and len(read[0]) + len(read[1]) <= 62:  # (bits of an int64)
            out.entry_readings = self._readings(*read)[out.entry_sentences]
        return out

    def own(self, cases: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every sentence of these cases (by number, ascending), as entries laid end to end
        in each case's own order: each entry's case number and sentence number."""
        take = np.zeros(len(self.case_ids), dtype=bool)
        take[cases] = True
        at = np.flatnonzero(take[self._entry_case])
        return self._entry_case[at], self._entry_sentence[at]

    def holding_names(self, names: Sequence[Collection[str]]) -> np.ndarray:
        """Per sentence (by number), does it hold every stem of one of these names?"""
        if any(not name for name in names):
            return np.ones(len(self.sentences), dtype=bool)  # a name of no stems: any sentence holds it
        return self._holding_stems([(name, len(name)) for name in names])

    def _holding_stems(self, groups: Sequence[tuple[Collection[str], int]]) -> np.ndarray:
        """Per sentence (by number), does it hold at least ``k`` of the stems of some
        ``(stems, k)`` group (k >= 1)?"""
        wanted = np.zeros(len(self.sentences), dtype=bool)
        for stems, k in groups:
            # A stem named twice counts twice, as ``_lexical`` counts it.
            rows = [self._by_stem.row(self._stems[w]) for w in stems if w in self._stems]
            if len(rows) < k:  # k >= 1: no group is held by nothing
                continue
            if k <= 1:
                for row in rows:
                    wanted[row] = True
                continue
            counts = np.zeros(len(self.sentences), dtype=np.int16)
            for row in rows:
                counts[row] += 1  # a sentence's stems are distinct: no row names a sentence twice
            wanted |= counts >= k
        return wanted

    def theme_keys(self) -> list[str]:
        """Every theme whose phrase some sentence holds."""
        return list(self._themes)

    def theme_holders(self, key: str) -> np.ndarray:
        """The numbers of the sentences that hold a phrase of the theme, ascending."""
        return self._by_theme.row(self._themes[key]) if key in self._themes else np.zeros(0, dtype=np.int32)

    def _readings(self, stems: Sequence[str], themes: Sequence[str]) -> np.ndarray:
        """Per sentence (by number), which of these stems and themes it holds, as bits."""
        code = np.zeros(len(self.sentences), dtype=np.int64)
        for bit, stem in enumerate(stems):
            if stem in self._stems:
                code[self._by_stem.row(self._stems[stem])] |= 1 << bit
        for bit, key in enumerate(themes, start=len(stems)):
            if key in self._themes:
                code[self._by_theme.row(self._themes[key])] |= 1 << bit
        return code
