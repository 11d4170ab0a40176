"""``fact``: passages retrieved and quoted, verbatim and cited, or an honest abstention.

A question that names a review (an area, a child, a period) is answered from that review,
and its sentences are chosen by the question without those names: within the review they
are in every sentence and say nothing about which one answers.
"""

from __future__ import annotations

import time

import numpy as np

from assistant import answer_type
from assistant.answer import Answer, Citation
from assistant.extractive import display, evidence_units, list_items_after, score_units, select
from assistant.grounding import unknown_named_terms, unknown_topic_words
from assistant.list_topic import question_frame_stems
from assistant.router import Route
from assistant.scope import without_names
from assistant.standalone import with_context
from knowledge.glossary import expand
from vectorstore.lexical import tokenize

ABSTAIN_TEXT = "The indexed documents do not answer this question."
# An extract giving the figure asked for must score at least this share of the best extract.
FIGURE_CUTOFF = 0.6

# Verbs of asking: "what is said about X" holds X, not "said".
_ASKING = frozenset({"said", "say", "says", "conclud", "tell", "told", "describ", "found", "find", "learn", "lesson"})


def answer_fact(route: Route, assistant, snapshot, k: int, timings: dict[str, float]) -> Answer:
    t0 = time.perf_counter()
    settings = assistant.settings
    question, scope = route.question, route.scope
    glossary = snapshot.case_index.glossary
    retriever = snapshot.retriever
    query_vector = assistant.embeddings.encode([question])[0]
    timings["embed_ms"] = (time.perf_counter() - t0) * 1e3
    lexical_query = expand(question, glossary)  # "RSO" finds "registered sex offender"
    parsed = route.parsed()
    sources = list(route.sources) if route.sources else None
    candidates = []
    inner, inner_vector = question, query_vector
    if not sources and scope.documents and len(scope.documents) <= settings.scope_max_documents:
        # A question that names a review is answered from it (or them, when a name fits several).
        scoped = [snapshot.documents[h].source for h in scope.documents if h in snapshot.documents]
        candidates = retriever.retrieve(lexical_query, query_vector, scoped, timings)
        if candidates:
            parsed["scoped_to"] = scoped
            # Passages are ranked again by the question without its names (in every passage
            # of the named review), keeping the full question's best similarity for abstention.
            inner = without_names(question, scope)
            inner_vector = assistant.embeddings.encode([inner])[0]
            best = max((c.dense for c in candidates if c.dense is not None), default=0.0)
            candidates = retriever.retrieve(expand(inner, glossary), inner_vector, scoped, timings)
            for c in candidates[:1]:
                c.dense = max(c.dense or 0.0, best)
    if not candidates:
        candidates = retriever.retrieve(lexical_query, query_vector, sources, timings)
    if not candidates:
        text = ABSTAIN_TEXT if not sources else "The chosen documents do not answer this question."
        return Answer(question, text, True, timings_ms=timings, parsed=parsed)

    best_dense = max((c.dense for c in candidates if c.dense is not None), default=0.0)
    vocabulary = snapshot.lexical.vocabulary
    unknown = unknown_named_terms(question, vocabulary, tokenize) or unknown_topic_words(
        question, vocabulary, tokenize, question_frame_stems()
    )
    abstained = bool(unknown) or (
        best_dense < settings.abstain_threshold and not words_all_found(question, candidates[:5], assistant.document_text)
    )
    t1 = time.perf_counter()
    scoped_answer = "scoped_to" in parsed
    top = candidates[: settings.answer_passages * (3 if scoped_answer else 1)]
    rank_of = {c.passage.id: rank for rank, c in enumerate(top)}
    units = [u for c in top for u in evidence_units(c, assistant.document_text(c.passage.doc_hash))]
    unit_question, unit_vector, cap = question, query_vector, settings.per_document_cap
    if scoped_answer:
        # Within the named review its names are in every sentence: choose by the rest.
        unit_question, unit_vector, cap = inner, inner_vector, k
        parsed["asked_within"] = unit_question
    scores = score_units(unit_question, unit_vector, units, assistant.unit_vectors, rank_of, settings.answer_sentences_embedded)
    # "How many…", "when…": only extracts that give a figure (or date) the question does not
    # state can answer it; with none among the passages found, the documents do not say.
    wanted = answer_type.expected(question)
    no_figure = False
    if wanted is not None and not abstained:
        gives = np.array([answer_type.gives(wanted, u.text, question) for u in units], dtype=bool)
        # Among the extracts close to the best one: a figure in a far weaker sentence is chance.
        near = np.isfinite(scores) & (scores >= FIGURE_CUTOFF * float(np.max(scores, initial=0.0)))
        no_figure = not bool((gives & near).any())
        if not no_figure:
            scores = np.where(gives, scores, -np.inf)
        abstained = no_figure
    if abstained:  # weak matches: show the nearest few, whatever their relative scores
        chosen = select(units, scores, min(k, 3), cap)
    else:
        chosen = select(units, scores, k, cap, settings.answer_relative_cutoff)
        chosen = with_list_items(chosen, assistant.document_text)
    chosen = with_context(chosen, assistant.document_text)
    timings["extract_ms"] = (time.perf_counter() - t1) * 1e3

    citations = [
        Citation(
            n=n, source=unit.candidate.passage.source, title=unit.candidate.passage.title,
            section=unit.candidate.passage.section, page=unit.candidate.passage.page,
            start=unit.start, end=unit.end, text=unit.text, score=round(score, 4),
            doc_hash=unit.candidate.passage.doc_hash, weak=abstained,
        )
        for n, (unit, score) in enumerate(chosen, start=1)
    ]
    # A "which cases…" question reaches here only when no document gave case records: what
    # the passages say may be right, but it is not a list of cases, and the answer says so.
    if route.cases.is_list and route.within is None and not snapshot.case_index.cases:
        text = (
            f"No case records: no document in the store ({len(snapshot.documents)} in all) was read as a review "
            "of a case, so no list of cases can be given."
        )
        if citations and abstained:
            text += " Nearest passages (weak matches, not an answer): " + " ".join(f"[{c.n}]" for c in citations)
        elif citations:
            text += " Passages that mention it: " + " ".join(f"{display(c.text)} [{c.n}]" for c in citations)
        return Answer(
            question, text, abstained, citations, timings_ms=timings, best_similarity=round(best_dense, 4), parsed=parsed
        )
    if abstained:
        text = ABSTAIN_TEXT
        if no_figure:
            text = (f"The passages found are about this, but none gives the {wanted} asked for, "
                    "so the indexed documents do not answer it.")
        if unknown:
            named = ", ".join(f"“{term}”" for term in unknown)
            text = f"The indexed documents do not mention {named}, so they cannot answer this question."
        if citations:
            text += " Nearest passages (weak matches, not an answer): " + " ".join(f"[{c.n}]" for c in citations)
    else:
        text = " ".join(f"{display(c.text)} [{c.n}]" for c in citations)
        if scope.note and scoped_answer:
            text = f"{scope.note} {text}"
    return Answer(
        question, text, abstained, citations, timings_ms=timings, best_similarity=round(best_dense, 4), parsed=parsed
    )


def with_list_items(chosen, document_text):
    """After a sentence that introduces a list, its items, in order (they are its answer)."""
    out = []
    for unit, score in chosen:
        out.append((unit, score))
        for item in list_items_after(unit, document_text(unit.candidate.passage.doc_hash)):
            if not any(u.start == item.start and u.candidate.passage.doc_hash == item.candidate.passage.doc_hash for u, _ in chosen + out):
                out.append((item, score))
    return out


def words_all_found(question: str, candidates, document_text) -> bool:
    """Whether one of the top passages holds every content word of the question (two or
    more): then a low similarity is the model's weakness, not a missing answer
    ("What is said about 'respectful uncertainty'?")."""
    wanted = set(tokenize([question])[0]) - question_frame_stems() - _ASKING
    if len(wanted) < 2:
        return False
    for candidate in candidates:
        p = candidate.passage
        if wanted <= set(tokenize([document_text(p.doc_hash)[p.start : p.end]])[0]):
            return True
    return False
