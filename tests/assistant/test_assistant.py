"""The assistant over the real sample corpus: verbatim citations, the JSON contract,
abstention, list answers from the case index, and the case index kept in step."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.service import Assistant, QuestionError
from ingest.pipeline import ingest
from settings import Settings
from tests.conftest import ROOT
from tests.written_stores import ingested_sample
from vectorstore.case_index import CaseIndex
from vectorstore.store import CorpusStore

pytestmark = pytest.mark.integration

QUESTIONS = [
    "How many children died?",
    "What did reviews say about the voice of the child?",
    "What did the Portsmouth briefing find about risk assessments?",
    "Which cases involved registered sex offenders?",
    "Which cases concerned babies under six months old?",
    "What proportion of reviews were judged inadequate?",
]


@pytest.fixture(scope="module")
def corpus_settings(tmp_path_factory, embeddings) -> Settings:
    return ingested_sample(tmp_path_factory.mktemp("corpus"), embeddings)


@pytest.fixture(scope="module")
def assistant(corpus_settings, embeddings) -> Assistant:
    return Assistant(corpus_settings, embeddings)


def test_every_citation_is_an_exact_slice_of_its_document(assistant):
    for question in QUESTIONS:
        answer = assistant.ask(question)
        assert answer.citations, question
        for c in answer.citations:
            assert assistant.document_text(c.doc_hash)[c.start : c.end] == c.text
            assert f"[{c.n}]" in answer.answer


def test_fact_question_cites_the_figure(assistant):
    answer = assistant.ask("How many of the children in the 2009-10 reviews died?")
    assert not answer.abstained
    cited = [(Path(c.source).name, c.text) for c in answer.citations[:3]]
    assert ("ofsted-learning-lessons-scr-2009-10-summary.txt", "Of the 194 children, 90 died.") in cited


def test_list_question_is_answered_from_every_case(assistant):
    answer = assistant.ask("Which cases involved registered sex offenders?")
    assert answer.mode == "case-list" and not answer.abstained
    assert answer.answer.startswith("2 of 8 indexed cases involved registered sex offenders:")
    assert {c.label for c in answer.cases} == {"West Sussex — Carrie", "Bedfordshire — Child J"}
    cited = {c.n: c.text for c in answer.citations}
    assert {cited[n] for case in answer.cases for n in case.citations} == {
        "Sexual assault by RSO who was Mother’s partner",
        "Indecent assault by RSO who was Mother’s partner",
    }
    babies = assistant.ask("Which cases concerned babies under six months old?")
    assert len(babies.cases) == 5 and all(c.label != "West Sussex — Carrie" for c in babies.cases)


def test_unanswerable_questions_abstain(assistant):
    for question in ("What did the Daniel Pelka review say about the school?", "Which cases involved female genital mutilation?"):
        answer = assistant.ask(question)
        assert answer.abstained, question
        assert all(c.weak for c in answer.citations)


def test_empty_question_is_refused_clearly(assistant):
    with pytest.raises(QuestionError, match="empty"):
        assistant.ask("   \n\t ")


@pytest.mark.slow  # a subprocess ingest or CLI run, or many hypothesis examples
def test_cli_json_matches_the_contract(corpus_settings):
    env = {**os.environ, "SCR_STORE_DIR": str(corpus_settings.store_dir)}
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "How many children died?",
         "Which cases involved registered sex offenders?", "What did the Baby P review recommend about Haringey?", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()
    assert len(out) == 3
    citation_keys = {"n": int, "source": str, "title": str, "start": int, "end": int, "text": str, "score": float}
    for line in out:
        answer = json.loads(line)
        assert isinstance(answer["question"], str) and isinstance(answer["answer"], str)
        assert isinstance(answer["abstained"], bool) and isinstance(answer["cases"], list)
        for c in answer["citations"]:
            for key, kind in citation_keys.items():
                assert isinstance(c[key], kind), key
            assert c["section"] is None or isinstance(c["section"], str)
            assert c["page"] is None or isinstance(c["page"], int)
    listed = json.loads(out[1])
    assert {"case_id", "label", "local_authority", "child", "age", "gender", "summary", "citations"} <= set(listed["cases"][0])
    assert json.loads(out[2])["abstained"] is True


@pytest.mark.slow  # a subprocess ingest or CLI run, or many hypothesis examples
def test_cli_lists_cases_by_theme(corpus_settings):
    env = {**os.environ, "SCR_STORE_DIR": str(corpus_settings.store_dir)}
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "cases", "--theme", "unsafe_sleep", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()
    rows = [json.loads(line) for line in out]
    assert sorted(row["label"] for row in rows[:-1]) == ["Blackpool — Child F", "Rotherham — Child T"]
    assert rows[-1]["coverage"]["with_cases"] == 1  # the last line: the index's coverage


def test_case_index_follows_document_edits_and_deletions(tmp_path, settings, embeddings):
    source = tmp_path / "docs"
    source.mkdir()
    review = source / "review.txt"
    review.write_text("Serious Case Review: Child D, Anyshire LSCB\n\nChild D was a four month old boy who died.\n")
    (source / "other.txt").write_text("Serious Case Review: Child K, Northshire LSCB\n\nChild K was a two year old girl.\n")
    ingest([source], settings, progress=False, embed=embeddings.encode)
    store = CorpusStore(settings)
    assert sorted(c.label for c in CaseIndex.for_store(store).cases) == ["Anyshire — Child D", "Northshire — Child K"]
    review.write_text("Serious Case Review: Child E, Anyshire LSCB\n\nChild E was a six week old girl.\n")
    ingest([source], settings, progress=False, embed=embeddings.encode)
    assert sorted(c.label for c in CaseIndex.for_store(store).cases) == ["Anyshire — Child E", "Northshire — Child K"]
    review.unlink()
    ingest([source], settings, progress=False, embed=embeddings.encode)
    reloaded = CaseIndex.load(settings.store_dir / "cases.json")
    assert [c.label for c in CaseIndex.for_store(store).cases] == ["Northshire — Child K"]
    assert reloaded is not None


def test_follow_ups_resolve_against_the_previous_list(assistant):
    from assistant.session import Conversation

    chat = Conversation(assistant)
    first = chat.ask("Which cases concerned babies under six months old?")
    assert len(first.cases) == 5
    with pytest.raises(QuestionError):
        chat.ask("   ")  # refused: the conversation still points at the list above
    died = chat.ask("which of those died?")
    assert died.answer.startswith("3 of 5 cases in the previous answer")
    assert {c.label for c in died.cases} == {"Blackpool — Child F", "Rotherham — Child T", "Sefton — Child 1"}
    girls = chat.ask("and which of them were girls?")  # of the three who died
    assert {c.label for c in girls.cases} == {"Rotherham — Child T", "Sefton — Child 1"}
    detail = chat.ask("Tell me more about the Bedfordshire case")
    assert detail.mode == "case-detail" and detail.cases[0].label == "Bedfordshire — Child J"
    assert any("Registered Sex Offender (her partner)" in c.text for c in detail.citations)


def test_a_sentence_introducing_a_list_brings_its_items(assistant):
    answer = assistant.ask("What are the six main messages that recur throughout the 2009-10 reviews?")
    texts = [c.text for c in answer.citations]
    for item in ("focusing on good practice", "using all sources of information", "valuing challenge, supervision and scrutiny."):
        assert item in texts


def test_theme_matrix_and_theme_extracts_come_from_evidence(assistant):
    matrix = assistant.theme_matrix()
    by_label = {c.label: c.case_id for c in assistant.cases()}
    assert len(by_label) == 8
    assert "unsafe_sleep" in matrix[by_label["Blackpool — Child F"]]
    assert "unsafe_sleep" not in matrix[by_label["West Sussex — Carrie"]]
    extracts = assistant.theme_evidence("unsafe_sleep")
    assert {e.case_label for e in extracts if e.case_id} == {"Blackpool — Child F", "Rotherham — Child T"}
    # Sentences outside any case count too: the briefing's "two cases involved death by co-sleeping".
    assert any(e.case_id is None and "co-sleeping" in e.text for e in extracts)
    for e in extracts:
        assert assistant.document_text(e.doc_hash)[e.start : e.end] == e.text


def test_langchain_retriever_returns_exact_passages(assistant):
    from assistant.langchain_retriever import HybridPassageRetriever

    documents = HybridPassageRetriever(assistant=assistant, k=3).invoke("insufficient challenge by professionals")
    assert len(documents) == 3
    for d in documents:
        text = assistant.document_text(d.metadata["doc_hash"])
        assert text[d.metadata["start"] : d.metadata["end"]] == d.page_content
    assert any("insufficient challenge" in d.page_content for d in documents)


def test_cases_found_during_ingest_equal_those_extracted_from_the_stored_text(corpus_settings, tmp_path):
    """Ingest extracts cases from each document as it reads it; the index must be the one
    extraction from the stored text gives (the way an index missing from disk is rebuilt)."""
    saved = CaseIndex.load(corpus_settings.store_dir / "cases.json")
    assert saved is not None and len(saved.cases) >= 8
    copy = tmp_path / "store"
    import shutil

    shutil.copytree(corpus_settings.store_dir, copy)
    (copy / "cases.json").unlink()
    rebuilt = CaseIndex.for_store(CorpusStore(corpus_settings.model_copy(update={"store_dir": copy})))

    def as_dicts(index):
        return {h: [c.to_dict() for c in cs] for h, cs in index.by_document.items()}

    assert as_dicts(rebuilt) == as_dicts(saved)
    assert rebuilt.glossaries == saved.glossaries


@pytest.mark.integration
def test_prepared_case_answers_leave_a_list_question_only_its_topic_to_embed(corpus_settings, embeddings):
    """What the app does on a thread at load: afterwards a list question on a new topic
    embeds its topic and nothing else (no table row of the briefing again)."""
    fresh = Assistant(corpus_settings, embeddings)
    embedded = fresh.prepare_case_answers(batch=16)
    assert embedded > 0  # the briefing's rows and statements
    assert fresh.prepare_case_answers() == 0  # kept: a second call embeds nothing
    before = embeddings.calls
    answer = fresh.ask("Which cases involved a parent who misused alcohol?")
    assert answer.cases
    assert embeddings.calls - before <= 2  # the question's vectors, not the rows'


def test_a_review_sentence_far_from_the_topic_is_judged_by_its_passage_not_embedded(assistant, embeddings):
    """A sentence a stored passage holds takes that passage's cosine, negative ones too (most
    passages of a long list sit below zero against a topic about something else): only a
    sentence that no passage holds is embedded. Reading a negative cosine as "no passage"
    made a new topic embed hundreds of sentences (seconds at 100k passages)."""
    from assistant.case_evidence import Sentence

    snapshot = assistant.refresh()
    lexical = snapshot.lexical
    record = lexical.records[3]
    sentence = Sentence(record.doc_hash, record.start, record.start + 20, "A sentence of the passage.", ())
    unheld = Sentence("ff" * 32, 0, 10, "An unheld one.", ())
    passage = lexical.vectors[3]
    before = embeddings.calls
    opposite = assistant.sentence_cosines(snapshot, [sentence], -passage, [1])
    assert opposite[0] == pytest.approx(-1.0, abs=1e-3)  # the passage's own cosine, far below zero
    assert embeddings.calls == before  # nothing embedded
    both = assistant.sentence_cosines(snapshot, [sentence, unheld], -passage, [1, 1])
    assert embeddings.calls == before + 1  # the unheld sentence alone, in one call
    assert both[0] == pytest.approx(-1.0, abs=1e-3) and -1.0 <= both[1] <= 1.0


def test_case_sentences_given_by_number_are_judged_as_the_sentences_themselves(assistant, embeddings):
    """A long list names its judged sentences by their numbers in the postings, whose
    passages are found once per snapshot: the cosines are those of the sentences given
    themselves, in runs; a run with a sentence no passage holds is judged whole by the
    sentences' own vectors."""
    import numpy as np

    snapshot = assistant.refresh()
    pool = assistant.case_sentences(snapshot).postings.sentences
    rows = snapshot.lexical.passage_rows([s.doc_hash for s in pool], [s.start for s in pool])
    assert (rows >= 0).any()
    numbers = np.arange(0, len(pool), 3)
    runs = [len(numbers) // 2, len(numbers) - len(numbers) // 2]
    topic = embeddings.encode(["a parent who misused drugs"])[0]
    by_number = assistant.sentence_cosines(snapshot, numbers, topic, runs)
    given = assistant.sentence_cosines(snapshot, [pool[n] for n in numbers.tolist()], topic, runs)
    assert not np.isnan(by_number).any()
    assert by_number.tolist() == given.tolist()
    # Every sentence of the sample is in a passage: say the first one is not.
    unheld = rows.copy()
    unheld[numbers[0]] = -1
    assistant._rows = (snapshot, unheld)
    try:
        mixed = assistant.sentence_cosines(snapshot, numbers, topic, runs)
    finally:
        assistant._rows = None
    own = assistant.sentence_vectors([pool[n] for n in numbers[: runs[0]].tolist()]) @ topic
    assert mixed[: runs[0]] == pytest.approx(own, abs=1e-6)
    assert mixed[runs[0] :].tolist() == by_number[runs[0] :].tolist()
    assert not np.allclose(mixed[: runs[0]], by_number[: runs[0]])
