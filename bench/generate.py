"""`python -m bench.generate --passages 10k [--seed 1] [--out bench/work/corpus-10k]`

Writes a synthetic SCR corpus of about the requested number of passages (as the
product's chunker cuts them) to OUT/docs — single reviews as .txt/.docx/.pdf and
multi-case briefings as .txt/.docx with a case table — and OUT/ground_truth.json: every
case (area, pseudonym, age as written, gender, incident, themes, documents) plus list
and fact questions with their expected cases. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from collections import defaultdict
from pathlib import Path

from bench import vocab
from bench.cases import Case, CaseFactory, briefing, review
from bench.render import RENDERERS

HERE = Path(__file__).resolve().parent
REVIEW_FORMATS = [(".txt", 0.55), (".docx", 0.25), (".pdf", 0.20)]
BRIEFING_FORMATS = [(".txt", 0.6), (".docx", 0.4)]
BRIEFING_SHARE = 0.08  # of documents
PER_FOLDER = 500


def parse_size(text: str) -> int:
    """'1k' -> 1000, '100k' -> 100000, '2500' -> 2500."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", text)
    if not match:
        raise ValueError(f"not a size: {text!r} (use e.g. 1k, 10k, 100k)")
    return int(float(match.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()])


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([w for w, _ in weighted], [p for _, p in weighted])[0]


class PassageCounter:
    """Passages the product's chunker cuts from a document's plain-text rendering."""

    def __init__(self) -> None:
        from ingest.chunking import chunk
        from ingest.readers.text import read
        from ingest.tokens import word_piece_counter
        from settings import Settings

        self.settings = Settings(_env_file=None)
        self._chunk, self._read = chunk, read
        self._count = word_piece_counter(self.settings.resolved_model_path())

    def __call__(self, txt: bytes) -> int:
        document = self._read("generated.txt", txt, self.settings)
        return len(self._chunk(document, self._count, self.settings.chunk_max_tokens))


def questions(cases: list[Case], rng: random.Random) -> list[dict]:
    """List questions (expected: every matching case) and fact questions (expected: its documents)."""
    out: list[dict] = []

    def add_list(question: str, matching: list[Case], criterion: str) -> None:
        out.append({"kind": "list", "question": question, "criterion": criterion,
                    "expected": sorted(c.id for c in matching)})

    add_list("Which cases involved registered sex offenders?",
             [c for c in cases if c.registered_sex_offender], "registered_sex_offender")
    add_list("Which cases involved co-sleeping?", [c for c in cases if c.co_sleeping], "co_sleeping")
    add_list("Which cases involved domestic abuse?", [c for c in cases if "Domestic abuse" in c.themes],
             "theme:Domestic abuse")
    by_area: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        by_area[c.area].append(c)
    busy = sorted(a for a, cs in by_area.items() if len(cs) >= 3)
    for area in rng.sample(busy, min(4, len(busy))):
        theme = rng.choice(["Alcohol abuse", "Poor sharing of info.", "Workforce failings"])
        add_list(f"Which cases in {area} involved {theme.lower().rstrip('.')}?",
                 [c for c in by_area[area] if theme in c.themes], f"area:{area}+theme:{theme}")
        add_list(f"Which children died in {area}?", [c for c in by_area[area] if c.died], f"area:{area}+died")
    for c in rng.sample(cases, min(20, len(cases))):
        template = rng.choice(["How old was {p} in the {a} review?", "What happened to {p} in {a}?",
                               "What were the key findings in the case of {p}, {a}?"])
        out.append({"kind": "fact", "question": template.format(p=c.pseudonym, a=c.area),
                    "case": c.id, "expected_documents": c.documents})
    return out


def generate(target_passages: int, out: Path, seed: int = 1) -> dict:
    rng = random.Random(seed)
    factory = CaseFactory(rng)
    count = PassageCounter()
    docs_dir = out / "docs"
    shutil.rmtree(docs_dir, ignore_errors=True)
    cases: list[Case] = []
    documents: list[dict] = []
    passages = 0
    while passages < target_passages:
        n = len(documents)
        folder = docs_dir / f"{n // PER_FOLDER:03d}"
        if rng.random() < BRIEFING_SHARE:
            board, year = rng.choice(vocab.AREAS), rng.randint(2009, 2016)
            # Some cases of a briefing were also published as reviews of their own.
            reused = rng.sample(cases, min(len(cases), rng.randint(0, 3)))
            fresh = [factory.make() for _ in range(rng.randint(5, 10) - len(reused))]
            members = reused + fresh
            title, elements = briefing(members, board, year, rng)
            ext = _pick(rng, BRIEFING_FORMATS)
            name = f"{slug(board)}-scb-briefing-{len(members)}-scr-summaries-{year}-{n:06d}{ext}"
            kind = "briefing"
        else:
            case = factory.make()
            members = fresh = [case]
            title, elements = review(case, rng)
            ext = _pick(rng, REVIEW_FORMATS)
            name = f"{slug(case.area)}-scr-{slug(case.pseudonym)}-{case.year}-{n:06d}{ext}"
            kind = "review"
        cases += fresh
        relative = str((folder / name).relative_to(out))
        for c in members:
            c.documents.append(relative)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(RENDERERS[ext](elements))
        estimated = count(RENDERERS[".txt"](elements))
        passages += estimated
        documents.append({"path": relative, "kind": kind, "format": ext, "title": title,
                          "cases": [c.id for c in members], "estimated_passages": estimated})
    truth = {
        "seed": seed,
        "target_passages": target_passages,
        "estimated_passages": passages,
        "documents": documents,
        "cases": [c.to_dict() for c in cases],
        "questions": questions(cases, rng),
    }
    (out / "ground_truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False))
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", default="1k", help="about how many passages (1k, 10k, 100k, …)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="default: bench/work/corpus-<passages>")
    args = parser.parse_args()
    target = parse_size(args.passages)
    out = args.out or HERE / "work" / f"corpus-{args.passages}"
    truth = generate(target, out, args.seed)
    formats = defaultdict(int)
    for d in truth["documents"]:
        formats[d["format"]] += 1
    print(f"{out}: {len(truth['documents'])} documents ({dict(formats)}), {len(truth['cases'])} cases, "
          f"~{truth['estimated_passages']} passages, {len(truth['questions'])} questions")


if __name__ == "__main__":
    main()
