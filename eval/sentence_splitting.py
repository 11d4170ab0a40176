"""`python -m eval.sentence_splitting [--failures] [--time]`: sentence splitters on hand-written
paragraphs in the style of serious case reviews: the product's (nupunkt's Punkt model plus a
numbered-paragraph rule), the regular expressions it used before, and maintained segmenters.

Each case is one paragraph and the sentences a reader would cite from it. A splitter scores
a case when it returns exactly those sentences; boundary precision and recall count the
sentence ends it found against the expected ones. The libraries are given one paragraph at a
time, as the product gives its splitter one line or block at a time.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

Spans = list[tuple[int, int]]

# (paragraph, expected sentences): abbreviations, initials, numbered paragraphs, quotes,
# and plain sentences that must still be split.
CASES: list[tuple[str, list[str]]] = [
    # abbreviations
    ("Dr. Patel saw the child on 3 May. She noted bruising.",
     ["Dr. Patel saw the child on 3 May.", "She noted bruising."]),
    ("The referral was made by Mr. Jones. The school was not told.",
     ["The referral was made by Mr. Jones.", "The school was not told."]),
    ("Mrs. Khan and Ms. Lee attended the strategy meeting. No minutes were kept.",
     ["Mrs. Khan and Ms. Lee attended the strategy meeting.", "No minutes were kept."]),
    ("Agencies missed signs of neglect, e.g. poor hygiene and missed appointments. The GP raised none.",
     ["Agencies missed signs of neglect, e.g. poor hygiene and missed appointments.", "The GP raised none."]),
    ("Several agencies, i.e. health, police and education, held information. None shared it.",
     ["Several agencies, i.e. health, police and education, held information.", "None shared it."]),
    ("This is discussed in para. 4 of the overview report. The panel agreed.",
     ["This is discussed in para. 4 of the overview report.", "The panel agreed."]),
    ("See paras. 12 to 14 for the chronology. It is summarised below.",
     ["See paras. 12 to 14 for the chronology.", "It is summarised below."]),
    ("The baby was seen by Dr. A. Smith at St. Mary's Hospital. He was discharged home.",
     ["The baby was seen by Dr. A. Smith at St. Mary's Hospital.", "He was discharged home."]),
    ("The visit took place approx. 3 weeks later. Nothing was recorded.",
     ["The visit took place approx. 3 weeks later.", "Nothing was recorded."]),
    ("Prof. Munro's review (2011) is cited. Its findings apply here.",
     ["Prof. Munro's review (2011) is cited.", "Its findings apply here."]),
    ("The case conference was held in Jan. 2015. The plan was not reviewed.",
     ["The case conference was held in Jan. 2015.", "The plan was not reviewed."]),
    ("Recommendation No. 3 concerns escalation. It was accepted.",
     ["Recommendation No. 3 concerns escalation.", "It was accepted."]),
    # initials
    ("J. Smith, the social worker, visited twice. The door was not answered.",
     ["J. Smith, the social worker, visited twice.", "The door was not answered."]),
    ("The report was written by A. B. Jones. It was published in 2016.",
     ["The report was written by A. B. Jones.", "It was published in 2016."]),
    ("Mother (M.) and father (F.) separated in 2012. Child A lived with M.",
     ["Mother (M.) and father (F.) separated in 2012.", "Child A lived with M."]),
    # numbered paragraphs and sections
    ("3.2 The mother was seen by the health visitor. 3.3 The GP was not informed.",
     ["3.2 The mother was seen by the health visitor.", "3.3 The GP was not informed."]),
    ("The police attended at 10 p.m. on the same day. 4.1 No crime was recorded.",
     ["The police attended at 10 p.m. on the same day.", "4.1 No crime was recorded."]),
    ("As set out in section 5.4, the threshold was met. The plan followed.",
     ["As set out in section 5.4, the threshold was met.", "The plan followed."]),
    ("Child D was 4 years old. 2 agencies knew the family.",
     ["Child D was 4 years old.", "2 agencies knew the family."]),
    ("The review covers 2010-2013. 12 recommendations were made.",
     ["The review covers 2010-2013.", "12 recommendations were made."]),
    # quotes and brackets
    ('The mother said "I cannot cope." She was referred to early help.',
     ['The mother said "I cannot cope."', "She was referred to early help."]),
    ("The child told the teacher ‘he hits me’. The teacher told no one.",
     ["The child told the teacher ‘he hits me’.", "The teacher told no one."]),
    ("The assessment was “not robust”. It missed the father.",
     ["The assessment was “not robust”.", "It missed the father."]),
    ('He said "No." and left the room. Staff did not follow up.',
     ['He said "No." and left the room.', "Staff did not follow up."]),
    ("The plan was out of date, see ![x](http://example.org/x.png) in the file. It was not reviewed.",
     ["The plan was out of date, see ![x](http://example.org/x.png) in the file.", "It was not reviewed."]),
    ("Contact stopped (see below). The case was closed.",
     ["Contact stopped (see below).", "The case was closed."]),
    ("The school asked: \"Who is the lead professional?\" Nobody knew.",
     ['The school asked: "Who is the lead professional?"', "Nobody knew."]),
    # plain sentences, questions and exclamations
    ("Child T died in March 2014. He was 19 months old. His mother was convicted.",
     ["Child T died in March 2014.", "He was 19 months old.", "His mother was convicted."]),
    ("Why was the referral not followed up? The review could not establish this.",
     ["Why was the referral not followed up?", "The review could not establish this."]),
    ("Learning point: listen to the child! Professionals must ask directly.",
     ["Learning point: listen to the child!", "Professionals must ask directly."]),
    ("The LSCB published the review in 2015. The NSPCC summary is shorter.",
     ["The LSCB published the review in 2015.", "The NSPCC summary is shorter."]),
    ("There were 11 referrals to children's social care. Only 2 led to an assessment.",
     ["There were 11 referrals to children's social care.", "Only 2 led to an assessment."]),
    ("The family moved to the U.K. in 2009. They were not registered with a GP.",
     ["The family moved to the U.K. in 2009.", "They were not registered with a GP."]),
]


def _trimmed(text: str, spans: Spans) -> Spans:
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


# The splitters the product used before nupunkt, kept here as the baseline: a punctuation rule
# (sentence_spans, for citations and passages) and the same with a list of abbreviations
# (prose_sentences, for case facts).
_SENTENCE_END = re.compile(r"[.!?][’”'\")\]]*\s+(?=[“‘\"'(\[]?[A-Z0-9·•])")
_ABBREVIATION = re.compile(
    r"\b(?:Dr|Mr|Mrs|Ms|Prof|St|No|para|paras|e\.g|i\.e|etc|cf|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$",
    re.I,
)
_PROSE_END = re.compile(r"[.!?][’”'\")\]]*\s+(?=[“‘\"'(\[]?[A-Z0-9])")


def regex_splitter(text: str, abbreviations: bool = False) -> Spans:
    spans, cursor = [], 0
    for match in (_PROSE_END if abbreviations else _SENTENCE_END).finditer(text):
        if abbreviations and _ABBREVIATION.search(text[max(cursor, match.start() - 6) : match.start() + 1]):
            continue
        spans.append((cursor, match.start() + len(match.group().rstrip())))
        cursor = match.end()
    return _trimmed(text, [*spans, (cursor, len(text))])


def product_line_splitter(text: str) -> Spans:
    from ingest.structure import sentence_spans

    return sentence_spans(text, 0, len(text))


def product_prose_splitter(text: str) -> Spans:
    from ingest.structure import prose_sentences

    return prose_sentences(text)


def nupunkt_splitter(text: str) -> Spans:
    import nupunkt

    return _trimmed(text, list(nupunkt.sent_spans(text)))


def pysbd_splitter(text: str) -> Spans:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return _trimmed(text, [(span.start, span.end) for span in segmenter.segment(text)])


def sentencex_splitter(text: str) -> Spans:
    import sentencex

    spans, cursor = [], 0
    for sentence in sentencex.segment("en", text):
        start = text.index(sentence, cursor)
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return _trimmed(text, spans)


SPLITTERS: dict[str, Callable[[str], Spans]] = {
    "before: punctuation rule (citations, passages)": regex_splitter,
    "before: rule + abbreviation list (case facts)": lambda text: regex_splitter(text, abbreviations=True),
    "product now: sentence_spans": product_line_splitter,
    "product now: prose_sentences": product_prose_splitter,
    "nupunkt": nupunkt_splitter,
    "pysbd": pysbd_splitter,
    "sentencex": sentencex_splitter,
}


def score(split: Callable[[str], Spans]) -> tuple[int, int, int, int, list[str]]:
    """(cases exactly right, boundaries found and expected, found, expected, failures)."""
    exact = hit = found = expected = 0
    failures = []
    for text, want in CASES:
        got = [text[s:e] for s, e in split(text)]
        exact += got == want
        want_ends = {len(" ".join(want[: i + 1])) for i in range(len(want) - 1)}
        got_ends = {e for _, e in split(text)[:-1]}
        hit += len(want_ends & got_ends)
        found += len(got_ends)
        expected += len(want_ends)
        if got != want:
            failures.append(" | ".join(got))
    return exact, hit, found, expected, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.sentence_splitting", description=__doc__.split("\n")[0])
    parser.add_argument("--failures", action="store_true", help="print each splitter's wrong splits")
    parser.add_argument("--time", action="store_true", help="also time each splitter on real text")
    args = parser.parse_args(argv)
    print(f"{len(CASES)} hand-written paragraphs")
    for name, split in SPLITTERS.items():
        try:
            exact, hit, found, expected, failures = score(split)
        except ImportError as missing:
            print(f"{name:47s} not installed ({missing.name})")
            continue
        precision, recall = hit / max(found, 1), hit / max(expected, 1)
        print(f"{name:47s} exact {exact}/{len(CASES)} ({exact / len(CASES):.0%})  "
              f"boundary precision {precision:.2f} recall {recall:.2f}")
        if args.failures:
            for failure in failures:
                print(f"    {failure}")
    if args.time:
        _time_on_corpus()
    return 0


def _time_on_corpus() -> None:
    """Blocks of the sample corpus and the hand-written layouts (as the product extracts them)."""
    from pathlib import Path

    from ingest.readers import read_document
    from ingest.structure import blocks
    from settings import Settings

    here = Path(__file__).resolve().parent
    folders = [here.parents[1] / "shared" / "corpus", here / "case_layouts"]
    paragraphs = []
    for path in sorted(p for folder in folders for p in folder.rglob("*") if p.is_file() and p.suffix != ".json"):
        try:
            text = read_document(path, Settings(_env_file=None)).text
        except Exception:  # unreadable samples are not the point here
            continue
        paragraphs += [text[b.start : b.end] for b in blocks(text) if b.kind != "heading"]
    chars = sum(map(len, paragraphs))
    print(f"timing on the {len(paragraphs)} blocks ({chars / 1e3:.0f} k characters) of the sample corpus, 5 times")
    for name, split in SPLITTERS.items():
        t = time.perf_counter()
        for round_ in range(5):
            for paragraph in paragraphs:
                split(paragraph + " " * round_)  # a new string each round: no cache hit
        print(f"{name:47s} {time.perf_counter() - t:6.2f} s")


if __name__ == "__main__":
    raise SystemExit(main())
