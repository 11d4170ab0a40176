"""``list_cases``, ``count_cases`` and ``all_cases``: every case checked, none skipped.

A case is listed when it meets each constraint the question states (age, gender, area,
death) and, when the question has a topic, when its own text shows the topic
(``assistant.topic_matching``); each listed case cites the span that shows it. The answer
says how many of how many cases match and how much of the store the case index speaks
for, so "none" is never said of documents that were not read as cases.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from assistant.answer import Answer
from assistant.case_answers import CaseMatch, fits, headline, shown_fitting, states_constraints
from assistant.case_evidence import shows_every_theme
from assistant.death_statements import match_cause_of_death
from assistant.extractive import display
from assistant.handlers.mentions import mentioned_elsewhere
from assistant.list_topic import Topic, topic_in, topic_of
from assistant.router import Route
from assistant.topic_matching import TopicHit, match_topic
from ingest.cases.records import CaseRecord


def answer_case_list(route: Route, assistant, snapshot, k: int, timings: dict[str, float]) -> Answer:
    t0 = time.perf_counter()
    query = route.cases
    index = snapshot.case_index
    cases = index.cases
    scope = "indexed"
    if route.within is not None:
        wanted = set(route.within)
        cases = [c for c in cases if c.case_id in wanted]
        scope = "in the previous answer"
    if route.sources:
        chosen = set(route.sources)
        cases = [c for c in cases if c.source in chosen or chosen & set(c.also_in)]
        scope = "in the chosen documents"
    # Only the cases that can match are checked (all of them, for the headline's count).
    candidates = cases if route.within is not None or route.sources else index.candidates(query.areas, ())
    matches, topic, topic_vector = topic_matches(query, candidates, assistant, snapshot)
    entries = assistant.case_entries(snapshot)
    citations, hits, parts = [], [], []
    shown = _page(matches, route.offset, assistant.settings.list_page_size)
    for n, match in enumerate(shown, start=1):
        citation, hit, part = entries.entry(n, match.case, match.evidence)
        citations.append(citation)
        hits.append(hit)
        parts.append(part)
    text = headline(len(matches), len(cases), query.criteria + (f", excluding {query.excluded}" if query.excluded else ""), scope)
    if route.sources and not cases:
        text = "The chosen documents hold no case records, so no case in them can match."
    if parts:
        text += " " + "; ".join(parts) + "."
    if len(shown) < len(matches):
        text += " " + page_note(route.offset, len(shown), len(matches))
    if topic is not None and topic_vector is not None and route.within is None and not route.sources and not route.offset:
        mentions = mentioned_elsewhere(
            topic, topic_vector, snapshot, assistant, assistant.case_sentences(snapshot), len(citations) + 1
        )
        if mentions:
            citations += mentions
            text += " Also mentioned in documents without case records: " + "; ".join(
                f"{c.title}: {display(c.text)} [{c.n}]" for c in mentions
            ) + "."
    note = coverage_note(index, route.sources)
    if note:
        text += " " + note
    timings["case_ms"] = (time.perf_counter() - t0) * 1e3
    return Answer(
        route.question, text, not matches, citations, hits, mode="case-list", timings_ms=timings,
        matched_cases=list(map(_CASE_ID, matches)), offset=route.offset,
        within_cases=list(route.within) if route.within is not None else None,
    )


_CASE_ID = operator.attrgetter("case.case_id")


def _page(matches: Sequence[CaseMatch | TopicHit], offset: int, size: int) -> Sequence[CaseMatch | TopicHit]:
    """The entries a list answer shows: ``size`` from ``offset`` on (0: every one)."""
    return matches[offset : offset + size] if size else matches[offset:]


def page_note(offset: int, shown: int, total: int) -> str:
    """What part of a long list the answer shows, and how to see the rest."""
    if not shown:
        return f"(All {total} were listed before; there are no more.)"
    listed = f"case {offset + 1}" if shown == 1 else f"cases {offset + 1}–{offset + shown}"
    note = f"(Listed here: {listed} of the {total}"
    rest = total - offset - shown
    return note + (f"; ask “show more” for the next {min(rest, shown)}.)" if rest > 0 else ".)")


def coverage_note(index, sources) -> str:
    """What the case index speaks for, when it is not every document: a "none" is only as
    good as the documents that were read as cases."""
    coverage = index.coverage
    if sources or not coverage.documents or coverage.with_cases == coverage.documents:
        return ""
    note = f"(Searched the {coverage.cases} cases found in {coverage.with_cases} of {coverage.documents} documents"
    if coverage.without_cases - len(coverage.unsure):
        note += f"; {coverage.without_cases - len(coverage.unsure)} describe no case"
    if coverage.unsure:
        note += f"; {len(coverage.unsure)} could not be read as cases and were not searched for them"
    return note + ".)"


def topic_matches(
    query, candidates: list[CaseRecord], assistant, snapshot
) -> tuple[Sequence[CaseMatch | TopicHit], Topic | None, np.ndarray | None]:
    """The cases that meet the constraints and whose own text shows the topic, each with
    the sentence that shows it (a question with no topic: the constraints alone); and the
    topic and its vector (None without a topic)."""
    settings = assistant.settings
    glossary = snapshot.case_index.glossary
    topic = topic_of(query.criteria, query.themes, glossary, query.areas)
    table = assistant.case_table(snapshot)
    cases = candidates  # those that meet the constraints: every candidate's at once, as arrays
    if states_constraints(query):
        cases = [candidates[i] for i in np.flatnonzero(table.fitting(table.numbers(candidates), query)).tolist()]
    if topic.empty:  # every case left fits (``fitting`` is ``fits`` over all of them): only what shows it
        return [CaseMatch(case, shown_fitting(case, query, table.death_told, table.primary)) for case in cases], None, None
    topic_vector = assistant.embeddings.encode([topic.text or query.criteria])[0]
    sentences = assistant.case_sentences(snapshot)

    def matched(part: Topic, vector: np.ndarray, cases: list[CaseRecord]):
        numbers = table.numbers(cases)
        return match_topic(
            part, vector, cases, numbers, sentences, lambda ns, v: assistant.own_cosines(snapshot, ns, v),
            lambda ns, closest: best_passages(vector, ns, table, assistant, snapshot, closest),
            settings.topic_word_weight, settings.topic_threshold, settings.topic_min_lexical,
            settings.topic_paraphrase_cosine,
            lambda ss, runs: assistant.sentence_cosines(snapshot, ss, vector, runs),
            sentences.holding(part, numbers),
        )

    if topic.parts:
        # "both X and Y": each part is matched in its own words and meaning; a case must show
        # every part, and cites the sentence that shows the first.
        hits: list[TopicHit] = []
        for n, text in enumerate(topic.parts):
            part = topic_in(text, glossary, query.areas)
            found = matched(part, assistant.embeddings.encode([part.text or text])[0], cases) if not part.empty else []
            shown = {hit.case.case_id for hit in found}
            hits = found if n == 0 else [hit for hit in hits if hit.case.case_id in shown]
            cases = [case for case in cases if case.case_id in shown]
    elif query.cause_of_death:
        # "died of neglect": how the child died, so only the statements of the death are read;
        # and a case whose outcome the index could not tell ("he was killed by his father")
        # is read too, as its statements say whether it died.
        told = {c.case_id for c in cases}
        cases = [c for c in candidates if c.case_id in told or (c.outcome is None and fits(c, replace(query, died=False)))]
        hits = match_cause_of_death(
            topic, [c for c in cases if not topic.every_theme or shows_every_theme(topic, c, sentences)], sentences,
            lambda cs, statements: death_cosines(cs, statements, topic_vector, assistant, snapshot),
            settings.topic_word_weight, settings.topic_threshold,
        )
    else:
        hits = matched(topic, topic_vector, cases)
    if query.excluded and hits:
        # "with no unsafe sleeping factors": a case whose own text shows the factor is left out.
        ruled = topic_in(query.excluded, glossary)
        shown = {hit.case.case_id for hit in matched(ruled, assistant.embeddings.encode([ruled.text])[0], [h.case for h in hits])}
        hits = [hit for hit in hits if hit.case.case_id not in shown]
    return hits, topic, topic_vector  # (each hit is read as a ``CaseMatch``: its case and evidence)


def best_passages(
    vector: np.ndarray, numbers: np.ndarray, table, assistant, snapshot, closest: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of these cases (by number) that is a single review whose passages are held,
    its closest passage to ``vector``: cosine and span (stored vectors); NaN for the rest.
    ``closest`` False: only which are held (cosine 0), without the product of the topic with
    every stored passage (~11 ms at 100k passages) that the closest ones need."""
    dense = np.full(len(numbers), np.nan)
    start = np.zeros(len(numbers), dtype=np.int64)
    end = np.zeros(len(numbers), dtype=np.int64)
    if not closest and snapshot.lexical.vectors is not None:
        segment = table.segment[numbers]
        dense[segment >= 0] = 0.0
        return dense, start, end
    held = snapshot.lexical.best_per_segment(vector)
    if held is not None:
        segment = table.segment[numbers]
        judged = segment >= 0
        best, starts, ends = held
        dense[judged], start[judged], end[judged] = best[segment[judged]], starts[segment[judged]], ends[segment[judged]]
        return dense, start, end
    # No vectors held (a store past the exact-search size): the documents' passages by HNSW.
    documents = snapshot.documents
    singles = [int(n) for n in numbers if table.single[n]]
    doc_hashes = {table.cases[n].doc_hash for n in singles} & set(documents)
    if not doc_hashes:
        return dense, start, end
    n = sum(documents[h].passages for h in doc_hashes)
    best_of: dict[str, tuple[float, int, int]] = {}
    for passage, cosine in snapshot.retriever.dense_search(vector, n, [documents[h].source for h in doc_hashes]):
        if passage.doc_hash not in best_of or cosine > best_of[passage.doc_hash][0]:
            best_of[passage.doc_hash] = (cosine, passage.start, passage.end)
    for i, number in enumerate(numbers.tolist()):
        found = best_of.get(table.cases[number].doc_hash) if table.single[number] else None
        if found is not None:
            dense[i], start[i], end[i] = found
    return dense, start, end


def death_cosines(cases, statements, vector: np.ndarray, assistant, snapshot) -> list[np.ndarray]:
    """Per case, the topic's cosine to each of its statements of death, from vectors already
    held, so a first question embeds nothing: a case read by its rows from its sentences'
    own vectors (a briefing's passage holds many cases' rows), a single review from the
    passages that hold them."""
    sentences = assistant.case_sentences(snapshot)
    table = assistant.case_table(snapshot)
    rows = [c for c, own in zip(cases, statements) if own and c.origin != "single review"]
    of_rows = assistant.own_cosines(snapshot, table.numbers(rows), vector)[0] if rows else None
    reviews = [own for c, own in zip(cases, statements) if own and c.origin == "single review"]
    flat = [s for own in reviews for s in own]
    held = iter(np.split(assistant.sentence_cosines(snapshot, flat, vector, [len(o) for o in reviews]), np.cumsum([len(o) for o in reviews])[:-1]) if flat else [])
    out = []
    for case, own in zip(cases, statements):
        if not own:
            out.append(np.zeros(0, dtype=np.float32))
        elif case.origin == "single review":
            out.append(next(held))
        else:
            where = {(s.doc_hash, s.start, s.end): i for i, s in enumerate(sentences.of(case))}
            out.append(of_rows.of(table.number[case.case_id])[[where[(s.doc_hash, s.start, s.end)] for s in own]])
    return out

