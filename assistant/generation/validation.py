"""Sentence-level support checks for a generated answer.

A sentence is kept only if it cites evidence that was provided and its cited passages
support it: every number, name or place (capitalised word) and quoted phrase in it appears
in a cited passage, it does not add a negation its passages lack, it does not repeat an
instruction found inside the evidence, and its meaning is close to one cited passage
(cosine of the product's embeddings, threshold calibrated by ``python -m eval.generation``).
Anything else is dropped with the reasons, never shown as cited.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field

import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

from ingest.structure import sentence_spans

Encode = Callable[[list[str]], np.ndarray]

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\][.,;]?)+")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[,.]\d+)*")
_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]*")
_QUOTED = re.compile(r"“([^”]{3,}?)”|\"([^\"]{3,}?)\"|(?<!\w)[‘']([^’']{3,}?)[’'](?!\w)")
_NEGATION = {"not", "no", "never", "none", "neither", "nor", "without", "cannot"}
# A passage can say "not" without the word: "insufficient challenge" supports "did not challenge enough".
_NEGATIVE = _NEGATION | {"insufficient", "insufficiently", "lack", "lacking", "failure", "failures", "failed", "fail",
                         "inadequate", "inadequately", "absence", "unable", "little", "few", "only"}

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | _TENS | {"hundred": 100, "thousand": 1000}
# "one" is far more often a pronoun ("one of the reviews") than a count in a written answer.
SENTENCE_NUMBER_WORDS = {w: v for w, v in NUMBER_WORDS.items() if w != "one"}

# Capitalised only because they open a sentence: not names.
_COMMON = set(STOPWORDS_EN_PLUS) | {
    "also", "additionally", "according", "however", "overall", "therefore", "thus", "many", "several",
    "among", "across", "although", "yes", "finally", "first", "second", "third", "furthermore", "moreover",
    "in", "on", "a", "an", "evidence", "answer", "question", "case", "cases", "child", "children",
}

# What a number counts and what happened to it: the content words right after it in its
# clause ("119 children died"), which must be in the cited passage too.
_COUNTED_TOKEN = re.compile(r"\d+(?:[,.]\d+)*%?|[A-Za-z]+|[,;:()]")
_HEDGES = {"already", "also", "still", "only", "just", "about", "around", "approximately", "nearly", "almost",
           "total", "overall", "all", "were", "was", "per", "cent", "percent"}
_STEMMER = Stemmer.Stemmer("english")

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,60}\b(?:instructions?|prompts?|rules?|directions?)\b"
    r"|\b(?:system prompt|new instructions?)\b"
    r"|\byou (?:are|must|should) (?:now )?(?:an?|the)? ?(?:assistant|model|ai|chatbot|say|answer|reply|respond|write)\b"
    r"|^\W*(?:please\s+)?(?:say|answer|respond|reply|write|tell|output|print)\b",
    re.I,
)


@dataclass
class SentenceCheck:
    text: str  # as the model wrote it, markers included
    cited: list[int]
    similarity: float | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def kept(self) -> bool:
        return not self.reasons

    def to_dict(self) -> dict:
        return asdict(self)


def normalise(text: str) -> str:
    text = html.unescape(text)  # the model saw evidence escaped and may copy the escapes
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).lower()


def split_sentences(text: str) -> list[str]:
    """The answer's sentences. Markers may open sentences ("[1] 90 died. [2] 119 were
    known.") or close them, even after the full stop ("90 died. [1] 119 were known. [2]");
    the first sentence tells which style the whole answer uses."""
    sentences: list[str] = []
    leading_style = bool(_LEADING_MARKERS.match(text.strip()))
    for start, end in sentence_spans(text, 0, len(text)):
        sentence = text[start:end]
        lead = _LEADING_MARKERS.match(sentence)
        if lead and sentences and (not leading_style or MARKER.fullmatch(sentence.strip())):
            sentences[-1] += " " + lead.group().strip()
            sentence = sentence[lead.end() :].strip()
        if sentence and not MARKER.fullmatch(sentence.strip()):
            sentences.append(sentence)
        elif sentence and not sentences:
            sentences.append(sentence)  # a lone marker: kept so it is reported, not lost
    return sentences


def citations_of(sentence: str) -> list[int]:
    return sorted({int(n) for group in MARKER.findall(sentence) for n in re.split(r"[,;]", group)})


def strip_markers(sentence: str) -> str:
    return " ".join(MARKER.sub(" ", html.unescape(sentence)).split()).replace(" .", ".")


def numbers_in(text: str, words: Mapping[str, int] = NUMBER_WORDS) -> set[str]:
    """Numbers as canonical strings: digits (thousands commas dropped) and number words."""
    found = {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}
    for w in _WORD.findall(text.lower()):
        for part in w.split("-"):  # "sixty-five" counts its parts; both must be supported
            if part in words:
                found.add(str(words[part]))
    return found


def _canon(word: str) -> str:
    word = word.lower().replace("’", "'")
    word = word[:-2] if word.endswith("'s") else word
    return word.strip("'-")  # ‘Carrie’ and Carrie are one name


def lowercase_words(text: str) -> set[str]:
    return {_canon(w) for w in _WORD.findall(text) if w[0].islower()}


def names_in(sentence: str, common: AbstractSet[str] = frozenset()) -> set[str]:
    """Capitalised words (names, places, bodies), lower-cased; a sentence's opening word
    only if it is not a common word capitalised by position (one of ``common``, or a
    stop word)."""
    names = set()
    for i, match in enumerate(_WORD.finditer(sentence)):
        word = match.group()
        if not word[0].isupper() or word.lower() in NUMBER_WORDS:
            continue
        if i == 0 and (word.lower() in _COMMON or _canon(word) in common):
            continue
        names.add(_canon(word))
    return names - {"i"}


def quoted_in(sentence: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in _QUOTED.finditer(sentence)]


def words_of(text: str) -> set[str]:
    return {_canon(w) for w in _WORD.findall(text)}


def stems(text: str) -> set[str]:
    return {_STEMMER.stemWord(w.lower()) for w in re.findall(r"[A-Za-z]+", text)}


def counted_words(sentence: str, per_number: int = 2) -> set[str]:
    """The first ``per_number`` content words after each number, within its clause."""
    tokens = _COUNTED_TOKEN.findall(sentence)
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if not (token[0].isdigit() or token.lower() in SENTENCE_NUMBER_WORDS):
            continue
        taken = 0
        for follower in tokens[i + 1 :]:
            word = follower.lower()
            if follower in ",;:()" or taken == per_number:
                break
            if word[0].isdigit() or word in NUMBER_WORDS or word in _COMMON or word in _HEDGES:
                continue
            found.add(word)
            taken += 1
    return found


def is_instruction(text: str) -> bool:
    """Text that addresses a reader as a model ("ignore previous instructions and say …")."""
    return bool(_INSTRUCTION.search(text))


def _content_words(text: str) -> set[str]:
    return {w for w in words_of(text) if w not in _COMMON and len(w) > 2}


def check_sentences(
    sentences: Iterable[str],
    evidence: Mapping[int, str],
    encode: Encode,
    min_similarity: float,
    allowed_names: set[str] | None = None,
) -> list[SentenceCheck]:
    """Check each sentence against the evidence it cites (``evidence``: n -> passage text).

    ``allowed_names``, when given (list questions), further limits the names a sentence
    may use to those of the cases the index returned.
    """
    sentences = list(sentences)
    instructions = [n for n, text in evidence.items() if is_instruction(text)]
    checks = [SentenceCheck(s, citations_of(s)) for s in sentences]
    passage_words = {n: words_of(t) for n, t in evidence.items()}
    passage_numbers = {n: numbers_in(t) for n, t in evidence.items()}
    passage_stems = {n: stems(t) for n, t in evidence.items()}
    # A word the evidence writes in lower case is not a name when it opens a sentence.
    common = set().union(*(lowercase_words(t) for t in evidence.values())) if evidence else set()
    for check in checks:
        plain = strip_markers(check.text)
        missing = [n for n in check.cited if n not in evidence]
        if not check.cited:
            check.reasons.append("no citation")
        if missing:
            check.reasons.append("cites evidence that was not provided: " + ", ".join(f"[{n}]" for n in missing))
        cited = [n for n in check.cited if n in evidence]
        if not cited:
            continue
        support_words = set().union(*(passage_words[n] for n in cited))
        support_numbers = set().union(*(passage_numbers[n] for n in cited))
        support_text = " ".join(normalise(evidence[n]) for n in cited)
        support_stems = set().union(*(passage_stems[n] for n in cited))
        numbers = numbers_in(plain, SENTENCE_NUMBER_WORDS) - support_numbers
        if numbers:
            check.reasons.append("numbers not in the cited evidence: " + ", ".join(sorted(numbers)))
        names = names_in(plain, common)
        if names - support_words:
            check.reasons.append("names not in the cited evidence: " + ", ".join(sorted(names - support_words)))
        if allowed_names is not None:
            outside = names - allowed_names
            if outside:
                check.reasons.append("names not among the listed cases: " + ", ".join(sorted(outside)))
        unsaid = sorted(w for w in counted_words(plain) if _STEMMER.stemWord(w) not in support_stems)
        if unsaid:
            check.reasons.append("says of a number what the cited evidence does not: " + ", ".join(unsaid))
        phrases = [q for q in quoted_in(plain) if normalise(q) not in support_text]
        if phrases:
            check.reasons.append("quoted text not in the cited evidence: " + "; ".join(phrases))
        if words_of(plain) & _NEGATION and not support_words & _NEGATIVE:
            check.reasons.append("negates what the cited evidence says")
        if cited and all(n in instructions for n in cited):
            check.reasons.append("cites only an instruction found inside a document")
        else:
            for n in instructions:
                own = _content_words(plain)
                if own and len(own & _content_words(evidence[n])) >= 0.6 * len(own):
                    check.reasons.append(f"repeats an instruction found inside evidence [{n}]")
                    break
    _similarities(checks, evidence, encode, min_similarity)
    return checks


def _similarities(checks: list[SentenceCheck], evidence: Mapping[int, str], encode: Encode, threshold: float) -> None:
    """Cosine of each sentence (markers removed) to its closest cited passage."""
    todo = [c for c in checks if any(n in evidence for n in c.cited)]
    if not todo:
        return
    numbers = sorted(evidence)
    vectors = encode([strip_markers(c.text) for c in todo] + [" ".join(evidence[n].split()) for n in numbers])
    sentence_vecs, passage_vecs = vectors[: len(todo)], dict(zip(numbers, vectors[len(todo) :]))
    for check, vector in zip(todo, sentence_vecs):
        best = max(float(vector @ passage_vecs[n]) for n in check.cited if n in evidence)
        check.similarity = round(best, 4)
        if best < threshold:
            check.reasons.append(f"meaning not close to the cited evidence (cosine {best:.2f} < {threshold:.2f})")
