"""The shortcuts that made case extraction cheap enough to run beside the model give the
same answers as the plain scans they skip (oracle tests, as bm25s checks itself against a
reference): themes already found are not searched for again, a substring test comes
before each acronym's regex, and heading levels are looked up once per Word style."""

from __future__ import annotations

import io
import re

import docx
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from ingest.readers import docx as docx_reader
from knowledge.glossary import BUILTIN, expand
from knowledge.themes import THEMES, themes_in
from settings import Settings

pytestmark = pytest.mark.unit

# Words that trigger themes (and near misses), acronyms, and filler, in any case.
TRIGGERS = [
    "assault", "sexual assault", "shaken", "neglect", "risk assessment", "shared information",
    "multi-agency", "supervision", "optimistic", "challenge", "voice of the child", "fathers",
    "stepfather", "culture", "record keeping", "threshold", "domestic abuse", "RSO", "RSOs",
    "registered sex offender", "CAF", "GP", "NAI", "LSCB", "DV", "SCRs", "A&E",
]
FILLER = ["the", "child", "was", "seen", "by", "a", "worker", "and", "not", ".", ",", "(", ")", "'s"]
WORDS = st.sampled_from(TRIGGERS + FILLER)
SENTENCE = st.lists(st.one_of(WORDS, WORDS.map(str.upper), WORDS.map(str.title)), max_size=14).map(" ".join)


def plain_themes(text: str, skip=()) -> list:
    found = []
    for theme in THEMES:
        if theme.key not in skip and (match := re.compile(theme.pattern, re.IGNORECASE).search(text)):
            found.append((theme, match.start(), match.end()))
    return found


def plain_expand(text: str, glossary: dict[str, str]) -> str:
    extra, lowered = [], text.lower()
    for acronym, meaning in glossary.items():
        if re.search(rf"(?<![\w]){re.escape(acronym)}s?(?![\w])", text):
            extra.append(meaning)
        elif meaning in lowered or meaning.rstrip("s") + "s" in lowered:
            extra.append(acronym)
    return text if not extra else f"{text} ({'; '.join(extra)})"


@hyp_settings(max_examples=400, deadline=None)
@given(SENTENCE, st.sets(st.sampled_from([t.key for t in THEMES])))
def test_themes_in_finds_what_every_theme_regex_finds(text, skip):
    assert themes_in(text) == plain_themes(text)
    assert themes_in(text, skip=skip) == plain_themes(text, skip)


def test_skipped_themes_are_the_only_ones_left_out():
    text = "Her stepfather was not challenged; neglect."
    assert [t.key for t, _, _ in themes_in(text)] == ["neglect", "over_optimism", "fathers_men"]
    assert [t.key for t, _, _ in themes_in(text, skip={"neglect"})] == ["over_optimism", "fathers_men"]


@hyp_settings(max_examples=400, deadline=None)
@given(SENTENCE, st.dictionaries(st.sampled_from(["RSO", "DV", "CAF", "A&E", "GP", "X"]),
                                  st.sampled_from(["registered sex offender", "domestic abuse", "general practitioner"]),
                                  max_size=4))
def test_expand_equals_the_regex_for_every_acronym(text, own):
    glossary = {**BUILTIN, **own}
    assert expand(text, glossary) == plain_expand(text, glossary)


def test_docx_heading_levels_per_style_equal_python_docx_per_paragraph(tmp_path):
    document = docx.Document()
    document.add_heading("Serious Case Review: Child A", level=0)  # style 'Title'
    for level in (1, 2, 3, 1):
        document.add_heading(f"Section at level {level}", level=level)
        document.add_paragraph("A body paragraph in the default style.")
        document.add_paragraph("A quoted paragraph.", style="Quote")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()

    read = docx_reader.read("review.docx", data, Settings(_env_file=None))
    reopened = docx.Document(io.BytesIO(data))
    expected = [docx_reader.heading_level(p) for p in reopened.paragraphs if p.text]
    heading_lines = {read.text[h.start : h.end]: h.level for h in read.headings}
    got = [heading_lines.get(p.text, 0) for p in reopened.paragraphs if p.text]
    assert got == expected == [1, 1, 0, 0, 2, 0, 0, 3, 0, 0, 1, 0, 0]


MORE_TRIGGERS = [
    "took her own life", "self-harm", "sofa surfing", "B&B", "hostel", "poor attendance", "excluded from school",
    "fell asleep on the sofa", "SUDI", "non-accidental", "İstanbul", "Straße", "KELVIN \u212a",
]
MARKED = st.lists(
    st.one_of(WORDS, st.sampled_from(MORE_TRIGGERS), WORDS.map(str.upper), WORDS.map(str.title)), max_size=20
).map(" ".join)


@hyp_settings(max_examples=400, deadline=None)
@given(MARKED)
def test_theme_marks_are_where_every_case_insensitive_theme_regex_matches(text):
    """The marks are found on lower-cased text without IGNORECASE (three times faster);
    they must be where the case-insensitive patterns match, characters that lower-case
    to two included."""
    from knowledge.themes import theme_marks

    oracle = {t.key: [m.start() for m in t.regex.finditer(text)] for t in THEMES}
    assert theme_marks(text) == {key: starts for key, starts in oracle.items() if starts}
