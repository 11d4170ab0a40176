"""Case discovery measured against documents whose cases are known.

    python -m eval.case_discovery                       # the hand-written layouts in eval/case_layouts
    python -m eval.case_discovery --dev ../shared/dev-eval  # a set with cases.json + manifest.json
    [--json] [--show-misses] [--out FILE]

Each document is read by the product's own readers and its cases extracted by the same
function ingest uses (no model, no store). A found case matches a known one when its area
and pseudonym agree; the figures: share of known cases found, share of records that match
none (spurious), share of matched cases with the right age band, gender and died/harmed,
and whether every document that describes no case was classified as such.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ingest.cases.extract import extract_document
from ingest.readers import read_document
from knowledge.ages import AgeRange, age_band
from knowledge.gazetteer import canonical

HERE = Path(__file__).parent


def norm_child(name: str | None) -> str:
    text = re.sub(r"[‘’“”'\"]", "", name or "").lower()
    return " ".join(text.replace("&", "and").split())


def norm_area(area: str | None) -> str:
    return (canonical(area or "") or area or "").lower()


def _known_from_dev(root: Path) -> tuple[dict[str, dict], Path]:
    cases = {c["id"]: c for c in json.loads((root / "cases.json").read_text())}
    docs = {}
    for entry in json.loads((root / "manifest.json").read_text()):
        known = []
        for cid in entry["cases"]:
            c = cases[cid]
            days = c.get("age_days")
            band = age_band(AgeRange(days, days + 1)) if days is not None else None
            sex = {"female": "F", "male": "M"}.get(c.get("sex") or "")
            known.append({"area": c["area"], "child": c["pseudonym"], "gender": sex, "age_band": band, "died": c.get("died")})
        docs[entry["file"]] = {"class": {"single": "single", "briefing": "several"}.get(entry["kind"], "none"), "cases": known}
    return docs, root / "corpus"


def _known_from_layouts(root: Path) -> tuple[dict[str, dict], Path]:
    return json.loads((root / "expected.json").read_text()), root


def evaluate(docs: dict[str, dict], folder: Path) -> dict:
    totals = {"known": 0, "found": 0, "records": 0, "spurious": 0, "age_ok": 0, "age_n": 0, "gender_ok": 0,
              "gender_n": 0, "died_ok": 0, "died_n": 0, "none_docs": 0, "none_ok": 0, "class_ok": 0}
    misses, spurious, wrong_fields, wrong_class = [], [], [], []
    for name, want in sorted(docs.items()):
        path = folder / name
        document = read_document(path)
        got = extract_document(document.text, document.title, "0" * 64, str(path))
        totals["class_ok"] += got.kind == want["class"]
        if got.kind != want["class"]:
            wrong_class.append(f"{name}: {got.kind} ({got.reason}), expected {want['class']}")
        if want["class"] == "none":
            totals["none_docs"] += 1
            totals["none_ok"] += got.kind == "none" and not got.cases
        records = list(got.cases)
        totals["records"] += len(records)
        used: set[int] = set()
        for known in want["cases"]:
            totals["known"] += 1
            match = next(
                (i for i, r in enumerate(records) if i not in used and norm_child(r.child) == norm_child(known["child"])
                 and norm_area(r.local_authority) == norm_area(known["area"])),
                None,
            )
            if match is None:
                misses.append(f"{name}: {known['area']} / {known['child']} (got {[r.label for r in records]})")
                continue
            used.add(match)
            totals["found"] += 1
            record = records[match]
            for field, value in (("age", record.age_band), ("gender", record.gender), ("died", record.died)):
                wanted = known.get({"age": "age_band"}.get(field, field))
                if wanted is None:
                    continue
                totals[f"{field}_n"] += 1
                ok = value == wanted
                totals[f"{field}_ok"] += ok
                if not ok:
                    wrong_fields.append(f"{name}: {record.label} {field}={value!r}, expected {wanted!r}")
        for i, record in enumerate(records):
            if i not in used:
                totals["spurious"] += 1
                spurious.append(f"{name}: {record.label}")
    share = lambda a, b: round(a / b, 3) if b else None  # noqa: E731
    summary = {
        "documents": len(docs),
        "cases_known": totals["known"],
        "found": share(totals["found"], totals["known"]),
        "spurious": share(totals["spurious"], totals["records"]),
        "age_band": share(totals["age_ok"], totals["age_n"]),
        "gender": share(totals["gender_ok"], totals["gender_n"]),
        "died_or_harmed": share(totals["died_ok"], totals["died_n"]),
        "no_case_documents_classified_none": share(totals["none_ok"], totals["none_docs"]),
        "documents_classified_right": share(totals["class_ok"], len(docs)),
    }
    return {"summary": summary, "misses": misses, "spurious": spurious, "wrong_fields": wrong_fields, "wrong_class": wrong_class}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.case_discovery", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, help="a set with cases.json, manifest.json and corpus/")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--out", type=Path, help="write the summary here as JSON")
    args = parser.parse_args(argv)
    docs, folder = _known_from_dev(args.dev) if args.dev else _known_from_layouts(HERE / "case_layouts")
    result = evaluate(docs, folder)
    if args.out:
        args.out.write_text(json.dumps(result["summary"], indent=1) + "\n")
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    if args.show_misses:
        for kind in ("misses", "spurious", "wrong_fields", "wrong_class"):
            for line in result[kind]:
                print(f"{kind}: {line}")
    print(json.dumps(result["summary"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
