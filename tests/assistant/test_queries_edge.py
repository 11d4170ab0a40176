"""Odd questions get a clear message (QuestionError) or a normal answer, never a traceback:
through the API and through `python -m assistant ask`."""

from __future__ import annotations

import json

import pytest

from assistant.service import MAX_QUESTION_CHARS, Assistant, QuestionError
from settings import Settings
from tests.procs import child_env, run
from tests.written_stores import ingested_sample

pytestmark = pytest.mark.integration

EMPTY_MESSAGE = "The question is empty: type a question about the indexed reviews."

EMPTY = {
    "empty": "",
    "spaces": "   ",
    "white space of all kinds": "\n\t \r\n\u00a0\u3000",
    "control characters only": "\x00\x01\x07\x1b\x7f",
    "invisible format characters": "\u200b\u200e\u202e\ufeff",
}

ANSWERED = {
    "10,000 characters": ("How many children died? " * 420)[:10_000],
    "one 10,000-character word": "a" * 10_000,
    "control characters inside": "How many\x00 children\x07 died?\x1b[31m",
    "bidi override": "\u202eHow many children died?\u202c",
    "lone surrogate": "\ud800 How many children died?",
    "Arabic": "كم عدد الأطفال الذين ماتوا؟",
    "Chinese": "有多少儿童死亡？",
    "emoji": "👶💔❓",
    "mixed scripts": "How many children died? 子供 أطفال 👶",
    "SQL": "'; DROP TABLE passages; -- \" OR 1=1",
    "Chroma filter": '{"$ne": null, "source": {"$in": ["x"]}}',
    "markdown": "**bold** [link](http://evil.example/x) ![img](http://evil.example/y.png) `code` # heading",
    "HTML": "<script>alert('x')</script><img src=x onerror=alert(1)> children",
    "regex and format characters": r".*+?[](){}|\^$ %s %d {0} {question}",
    "stop words only": "the of and to in",
    "punctuation only": "?!?...",
}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, embeddings):
    return ingested_sample(tmp_path_factory.mktemp("edge"), embeddings).store_dir


@pytest.fixture(scope="module")
def assistant(store_dir, embeddings) -> Assistant:
    return Assistant(Settings(_env_file=None, store_dir=store_dir), embeddings)


@pytest.mark.parametrize("question", EMPTY.values(), ids=EMPTY.keys())
def test_empty_questions_get_a_clear_message(assistant, question):
    with pytest.raises(QuestionError) as caught:
        assistant.ask(question)
    assert str(caught.value) == EMPTY_MESSAGE


@pytest.mark.slow  # a dozen full answers; the empty and long-question tests stay quick
@pytest.mark.parametrize("question", ANSWERED.values(), ids=ANSWERED.keys())
def test_odd_questions_get_a_normal_answer(assistant, question):
    answer = assistant.ask(question)
    assert isinstance(answer.answer, str) and answer.answer
    assert len(answer.question) <= MAX_QUESTION_CHARS and answer.question.isprintable()
    for c in answer.citations:
        assert c.text == assistant.document_text(c.doc_hash)[c.start : c.end]
    # What the CLI prints with --json must encode (no lone surrogates survive).
    json.dumps(answer.to_dict(), ensure_ascii=False).encode("utf-8")


def test_a_long_question_still_finds_its_answer(assistant):
    answer = assistant.ask(ANSWERED["10,000 characters"])
    assert not answer.abstained and answer.citations


@pytest.mark.slow  # a subprocess ingest or CLI run, or many hypothesis examples
def test_cli_reports_bad_questions_and_answers_the_rest(store_dir):
    # Raw bytes that are not UTF-8 (a terminal in another encoding) reach Python as lone surrogates.
    not_utf8 = b"\xff\xfe How many children died?".decode("utf-8", "surrogateescape")
    questions = ["", "   ", ANSWERED["10,000 characters"], ANSWERED["Arabic"], ANSWERED["SQL"], ANSWERED["markdown"], not_utf8]
    result = run(["-m", "assistant", "ask", *questions, "--json", "--store", str(store_dir)], env=child_env())
    assert result.returncode == 2  # some questions could not be asked
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("error: ")] == [f"error: {EMPTY_MESSAGE}"] * 2
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 5 and all(isinstance(a["answer"], str) and a["answer"] for a in answers)
    assert answers[-1]["question"] == "How many children died?"


@pytest.mark.slow  # a subprocess ingest or CLI run, or many hypothesis examples
def test_cli_empty_question_alone(store_dir):
    result = run(["-m", "assistant", "ask", "", "--store", str(store_dir)], env=child_env())
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"error: {EMPTY_MESSAGE}" and "Traceback" not in result.stderr
