"""The hybrid retriever behind LangChain's retriever interface, for LangChain pipelines.

Each hit is a ``Document`` whose ``page_content`` is the passage exactly as it stands in
the document's extracted text, with source, section, page, offsets and scores in metadata.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class HybridPassageRetriever(BaseRetriever):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any  # assistant.service.Assistant (typed loosely: pydantic cannot model it)
    k: int = 6
    sources: list[str] | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        assistant = self.assistant
        assistant.refresh()
        vector = assistant.embeddings.encode([query])[0]
        documents = []
        for candidate in assistant.retriever.retrieve(query, vector, self.sources)[: self.k]:
            p = candidate.passage
            documents.append(
                Document(
                    page_content=assistant.document_text(p.doc_hash)[p.start : p.end],
                    metadata={
                        "source": p.source, "title": p.title, "section": p.section, "page": p.page,
                        "start": p.start, "end": p.end, "doc_hash": p.doc_hash,
                        "dense": candidate.dense, "bm25": candidate.bm25, "fused": candidate.fused,
                    },
                )
            )
        return documents
