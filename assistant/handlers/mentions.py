"""Documents without case records (procedures, thematic reviews, annual reports, documents
the case index could not read) are still searched for a list question's topic at passage
level: what they say is shown as "also mentioned in", never counted as a case."""

from __future__ import annotations

import numpy as np

from assistant.answer import Citation
from assistant.case_evidence import CaseSentences, score_sentences
from assistant.list_topic import Topic


def mentioned_elsewhere(
    topic: Topic, topic_vector: np.ndarray, snapshot, assistant, sentences: CaseSentences, first_n: int, limit: int = 3
) -> list[Citation]:
    """Up to ``limit`` citations, one per document without case records, of a sentence that
    holds the topic (its words, not negated) in one of the passages closest to it."""
    without = assistant.case_table(snapshot).without_cases
    if not without or topic.empty:
        return []
    sources = [snapshot.documents[h].source for h in without]
    settings = assistant.settings
    candidates = snapshot.retriever.retrieve(topic.text, topic_vector, sources)[: limit * 3]
    out: list[Citation] = []
    seen: set[str] = set()
    for candidate in candidates:
        passage = candidate.passage
        if passage.doc_hash in seen:
            continue
        inside = sentences.within(passage.doc_hash, passage.start, passage.end)
        found, _ = score_sentences(topic, inside, sentences, settings.topic_min_lexical * 2)
        # A theme's phrase alone counts when the model sees the topic in that sentence.
        paraphrases = [m for m in found if not m.literal]
        close = set()
        if paraphrases:
            cosines = assistant.sentence_vectors([m.sentence for m in paraphrases]) @ topic_vector
            close = {id(m) for m, c in zip(paraphrases, cosines) if c >= settings.topic_paraphrase_cosine}
        literal = [m for m in found if m.literal or id(m) in close]
        if not literal:
            continue
        best = literal[0].sentence
        seen.add(passage.doc_hash)
        out.append(Citation(
            n=first_n + len(out), source=passage.source, title=passage.title, section=passage.section,
            page=passage.page, start=best.start, end=best.end, text=best.text, score=round(literal[0].score, 4),
            doc_hash=passage.doc_hash,
        ))
        if len(out) == limit:
            break
    return out
