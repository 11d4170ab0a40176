"""Passages: exact spans, structure-following, never longer than the model reads."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from ingest.chunking import chunk
from ingest.extracted import ExtractedDocument
from tests.ingest.test_structure import TABLE

pytestmark = pytest.mark.integration


def _doc(text: str, title: str = "Stub review") -> ExtractedDocument:
    return ExtractedDocument(source="/tmp/stub.txt", title=title, text=text)


def test_every_word_lands_in_a_passage(token_counter, sample_corpus):
    for path in sorted(sample_corpus.iterdir()):
        text = path.read_text(encoding="utf-8")
        passages = chunk(_doc(text, path.stem), token_counter, 200)
        covered = set()
        for p in passages:
            covered.update(range(p.start, p.end))
        lost = [ch for i, ch in enumerate(text) if i not in covered and not ch.isspace()]
        assert lost == [], f"{path.name}: text outside every passage"
        assert all(token_counter(p.embed_text) <= 200 for p in passages)


def test_sections_carry_their_heading_path(token_counter):
    text = (
        "5.  Workforce Issues\n\nThis area of concern features in 6 of the 8 summaries.\n\n"
        "5.1    Workforce Capacity:\n\nWest Sussex: “excessive workload in the Social Work team”\n\n"
        "6.  Over optimism\n\nThis featured in 5 of the 8 executive summaries.\n"
    )
    passages = chunk(_doc(text), token_counter, 200)
    by_text = {text[p.start : p.end].splitlines()[-1]: p.section for p in passages}
    assert by_text["West Sussex: “excessive workload in the Social Work team”"] == (
        "5. Workforce Issues",
        "5.1 Workforce Capacity:",
    )
    assert by_text["This featured in 5 of the 8 executive summaries."] == ("6. Over optimism",)


def test_table_passages_never_cut_a_row(token_counter):
    passages = chunk(_doc(TABLE), token_counter, 60)  # small budget: one row per passage
    rows = [TABLE[p.start : p.end] for p in passages if p.kind == "table_row"]
    assert any("West Sussex" in r and "Failure to proactively" in r for r in rows)
    assert any("Leicestershire" in r and "Over empathising" in r for r in rows)
    assert not any("West Sussex" in r and "Leicestershire" in r for r in rows)


def test_long_paragraph_is_cut_at_sentences_within_budget(token_counter):
    sentence = "The review found that agencies did not share what they knew about the family. "
    text = "Findings\n\n" + sentence * 40
    passages = chunk(_doc(text), token_counter, 120)
    assert len(passages) > 1
    for p in passages:
        assert token_counter(p.embed_text) <= 120
        assert text[p.start : p.end].endswith("family.")


@hyp_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=1500))
def test_arbitrary_text_gives_valid_offsets_within_budget(token_counter, text):
    passages = chunk(_doc(text), token_counter, 64)
    for p in passages:
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start : p.end].strip() == text[p.start : p.end]
        assert token_counter(p.embed_text) <= 64
