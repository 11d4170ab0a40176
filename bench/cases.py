"""Synthetic cases and the documents that describe them, as format-neutral elements.

A document is a list of elements — ("title", text), ("heading", text), ("para", text),
("bullet", text), ("table", header, rows) — that bench/render.py writes as .txt, .docx or
.pdf. Everything is drawn from one ``random.Random`` so a seed gives the same corpus.
"""

from __future__ import annotations

import random
import string
from dataclasses import asdict, dataclass, field

from bench import vocab

Element = tuple


@dataclass
class Case:
    id: str
    area: str
    pseudonym: str  # bare, as in a label: "Child D", "Baby T", "Carrie"
    age: str  # as written in the documents: "4 months", "Under 13", "primary aged"
    gender: str  # "F" | "M" | "Not stated", as in briefing tables
    incident: str  # the briefing-table wording
    incident_text: str  # the review wording
    died: bool
    registered_sex_offender: bool
    co_sleeping: bool
    themes: list[str]
    year: int
    finding: str  # the one-line "particular finding" of a briefing table
    documents: list[str] = field(default_factory=list)  # relative paths that describe it

    @property
    def label(self) -> str:
        return f"{self.area} — {self.pseudonym}"

    def to_dict(self) -> dict:
        return {**asdict(self), "label": self.label}


def _quoted(pseudonym: str) -> str:
    """How SCR tables print a pseudonym that is a name: in single quotes."""
    return f"‘{pseudonym}’" if " " not in pseudonym else pseudonym


class CaseFactory:
    """Draws cases with pseudonyms unique within each area, so labels are unique."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.count = 0
        self._pools: dict[str, list[str]] = {}

    def _pseudonym(self, area: str) -> str:
        pool = self._pools.get(area)
        if pool is None:
            pool = (
                [f"Child {c}" for c in string.ascii_uppercase]
                + [f"Child {n}" for n in range(1, 31)]
                + [f"Baby {c}" for c in string.ascii_uppercase]
                + list(vocab.FIRST_NAMES)
            )
            self.rng.shuffle(pool)
            self._pools[area] = pool
        if not pool:
            raise RuntimeError(f"no pseudonyms left for {area}: corpus too large for the word banks")
        return pool.pop()

    def make(self, area: str | None = None) -> Case:
        rng = self.rng
        area = area or rng.choice(vocab.AREAS)
        incident, incident_text, died, rso, co_sleeping = rng.choice(vocab.INCIDENTS)
        themes = sorted(rng.sample(vocab.THEMES, rng.randint(2, 5)), key=vocab.THEMES.index)
        if incident in vocab.TEENAGE_INCIDENTS:
            age = rng.choice(vocab.AGES[-5:])
        elif co_sleeping or rng.random() < 0.5:
            age = rng.choice(vocab.AGES[:12])  # babies dominate real SCRs
        else:
            age = rng.choice(vocab.AGES[:-5])
        self.count += 1
        return Case(
            id=f"case-{self.count:06d}",
            area=area,
            pseudonym=self._pseudonym(area),
            age=age,
            gender=rng.choice(["F", "F", "M", "M", "Not stated"]),
            incident=incident,
            incident_text=incident_text,
            died=died,
            registered_sex_offender=rso,
            co_sleeping=co_sleeping,
            themes=themes,
            year=rng.randint(2008, 2016),
            finding=rng.choice(vocab.THEME_FINDINGS[rng.choice(themes)]).format(child="the child"),
        )


def _gender_word(case: Case) -> str:
    return {"F": "girl", "M": "boy"}.get(case.gender, "child")


def _age_phrase(age: str) -> str:
    if age[0].isdigit() or age.startswith("few"):
        return f"aged {age}"
    return f"described as {age.lower()}"


def review(case: Case, rng: random.Random) -> tuple[str, list[Element]]:
    """One review per document: title line, numbered sections, findings, recommendations."""
    child = case.pseudonym
    def fill(template: str) -> str:
        text = template.format(child=child, agency=rng.choice(vocab.AGENCIES), n=rng.randint(2, 9))
        return text[0].upper() + text[1:]

    title = f"Serious Case Review: {child}, {case.area} LSCB"
    month = rng.choice(vocab.MONTHS)
    elements: list[Element] = [
        ("title", title),
        ("para", "Executive Summary"),
        ("heading", "1. Introduction"),
        (
            "para",
            f"This serious case review was commissioned by {case.area} Local Safeguarding Children Board "
            f"after {child}, a {_gender_word(case)} {_age_phrase(case.age)}, {case.incident_text} in "
            f"{month} {case.year}. The review covers the period from the pregnancy to the incident and "
            f"considers the involvement of {rng.randint(5, 12)} agencies.",
        ),
        ("heading", "2. Family background"),
        ("para", " ".join(fill(s) for s in rng.sample(vocab.BACKGROUND_PHRASES, 3))),
        ("heading", "3. The incident"),
        (
            "para",
            f"In {month} {case.year} {child} {case.incident_text}. "
            + ("The child died in hospital shortly afterwards. " if case.died else "The child survived and is now in the care of the local authority. ")
            + ("The mother's partner was a registered sex offender who had been assessed as posing a risk to children. " if case.registered_sex_offender else "")
            + ("Safe sleeping advice had been given by the health visitor but was not followed. " if case.co_sleeping else ""),
        ),
        ("heading", "4. Agency involvement"),
    ]
    for _ in range(rng.randint(2, 4)):
        elements.append(("para", " ".join(fill(s) for s in rng.sample(vocab.CONTACT_PHRASES, 3))))
    elements.append(("heading", "5. Key findings"))
    for theme in case.themes:
        elements.append(("bullet", f"{theme}: " + fill(rng.choice(vocab.THEME_FINDINGS[theme]))))
    elements.append(("heading", "6. Recommendations"))
    for n, text in enumerate(rng.sample(vocab.RECOMMENDATIONS, rng.randint(3, 5)), start=1):
        elements.append(("bullet", f"Recommendation {n}: {text}"))
    elements.append(("heading", "7. Conclusion"))
    elements.append(
        (
            "para",
            f"The review found that the {case.incident_text.split(',')[0]} could not have been predicted "
            f"with certainty, but earlier and better coordinated action could have reduced the risk to "
            f"{child}. The LSCB has accepted all the recommendations.",
        )
    )
    return title, elements


def briefing(cases: list[Case], area: str, year: int, rng: random.Random) -> tuple[str, list[Element]]:
    """A board's briefing on several reviews, with the case table of the Portsmouth sample."""
    n = len(cases)
    female = sum(c.gender == "F" for c in cases)
    died = sum(c.died for c in cases)
    rso = sum(c.registered_sex_offender for c in cases)
    title = f"Briefing Paper: Analysis of {n} Serious Case Review Executive Summaries, {area} {year}"
    elements: list[Element] = [
        ("title", title),
        ("heading", "1. Purpose"),
        (
            "para",
            f"This paper is provided to help {area} Safeguarding Children Board partners access the key "
            f"learning from {n} Executive Summaries of Serious Case Reviews forwarded by Ofsted in "
            f"{rng.choice(vocab.MONTHS)} {year}.",
        ),
        ("heading", "2. The Cases"),
        (
            "para",
            f"Of the {n} cases, {female} were female and {died} of the children died. "
            f"{rso} concerned abuse by a registered sex offender. Domestic abuse and alcohol misuse "
            f"feature commonly in the families concerned.",
        ),
        ("heading", "3. Analysis of common themes"),
    ]
    for theme in rng.sample(vocab.THEMES, 3):
        with_theme = [c for c in cases if theme in c.themes]
        if not with_theme:
            continue
        elements.append(("para", f"{theme} featured in {len(with_theme)} of the {n} executive summaries, e.g."))
        for c in with_theme[:3]:
            quote = rng.choice(vocab.THEME_FINDINGS[theme]).format(child="the child").rstrip(".").lower()
            elements.append(("para", f"{c.area} ({c.pseudonym}): “{quote}”"))
    elements.append(("heading", "4. Conclusion"))
    elements.append(
        ("para", "Partners should review their arrangements for quality assurance of risk assessment, "
                 "supervision and challenge to parents in the light of these findings.")
    )
    header = ["Area", "Case", "Gender", "Age", "Context", *vocab.THEMES, "Particular findings for this SCR"]
    rows = [
        [c.area, _quoted(c.pseudonym), c.gender, f"‘{c.age}’", c.incident,
         *["✓" if t in c.themes else "" for t in vocab.THEMES], c.finding]
        for c in cases
    ]
    elements.append(("heading", "Appendix 1: Analysis of common themes"))
    elements.append(("table", header, rows))
    elements.append(("para", "Key: RSO – Registered Sex Offender; SID – Sudden infant death; M – Male; F – Female"))
    return title, elements
