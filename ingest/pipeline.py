"""Synchronising the store with source folders: add, update, keep, remove.

Document identity is the SHA-256 of the file's bytes: an unchanged file is never
re-embedded, a moved one is re-pointed, a changed one replaces its old passages (reusing
vectors of passages whose text did not change), and a file gone from a source folder
leaves the index. A file that cannot be read is reported and its old version, if any,
stays searchable. Passages are embedded in groups across documents (the model is the
bottleneck), on a worker thread while the next files are read and the previous group is
written.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ingest.chunking import chunk
from ingest.discovery import discover, os_error_reason
from ingest.disk_space import bytes_per_passage, ensure_room
from ingest.embedding_worker import EmbeddingWorker
from ingest.errors import EXIT_OK, EXIT_SOME_FAILED
from ingest.extracted import ExtractedDocument, UnreadableFile
from ingest.file_names import path_of, stored_name
from ingest.lock import ingest_lock
from ingest.memory import release_freed_memory
from ingest.progress import progress_bar
from ingest.readers import read_bytes, read_document
from ingest.terminal_text import line_for_terminal
from ingest.tokens import word_piece_counter
from settings import Settings
from vectorstore import sources_manifest
from vectorstore.cache_files import save_or_warn
from vectorstore.case_index import CaseIndex, DocumentCases, read_cases
from vectorstore.passage_text import text_hash
from vectorstore.records import DocumentRecord, PassageRecord, pages_field, passage_id
from vectorstore.store import CorpusStore


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    embedded: int = 0  # passages sent to the model
    reused: int = 0  # passages whose vector was kept from the previous version
    orphans_removed: int = 0
    cases: int = 0  # in the case index after this ingest
    coverage: list[str] = field(default_factory=list)  # the case index's coverage lines

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if self.failed else EXIT_OK

    def summary(self) -> str:
        lines = [
            f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"removed {len(self.removed)}, failed {len(self.failed)}, skipped {len(self.skipped)} "
            f"({self.embedded} passages embedded, {self.reused} reused; {self.cases} cases indexed)"
        ]
        lines += self.coverage
        lines += [f"  failed: {path}: {reason}" for path, reason in self.failed]
        lines += [f"  skipped: {path}: {reason}" for path, reason in self.skipped]
        # Paths are stored escaped already; a reason quotes an error message, which may not be.
        return "\n".join(line_for_terminal(line) for line in lines)


@dataclass
class _Prepared:
    path: str
    doc_hash: str
    document: ExtractedDocument
    passages: list[PassageRecord]
    replaces: DocumentRecord | None  # the older version of this file, if any
    vectors: dict[str, list[float]]  # reusable vectors by text hash


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def passage_records(document: ExtractedDocument, doc_hash: str, settings: Settings) -> list[PassageRecord]:
    count = word_piece_counter(settings.resolved_model_path())
    return [
        PassageRecord(
            id=passage_id(doc_hash, p.start, p.end),
            doc_hash=doc_hash,
            source=document.source,
            title=document.title,
            section=" > ".join(p.section) or None,
            page=document.page_at(p.start),
            start=p.start,
            end=p.end,
            kind=p.kind,
            text_hash=text_hash(p.embed_text),
            embed_text=p.embed_text,
        )
        for p in chunk(document, count, settings.chunk_max_tokens, settings.chunk_target_tokens)
    ]


def _in_scope(source: str, roots: Sequence[Path]) -> bool:
    path = path_of(source)
    return any(path == root or root in path.parents for root in roots)


def _gone(source: str) -> bool | str:
    """True if the file a record points to no longer exists, False if it does, or why it
    cannot be told (a folder that became unreadable): that file's error, not the run's."""
    try:
        os.stat(path_of(source))
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError as error:
        return os_error_reason(error, missing="no such file")
    return False


def ingest(
    sources: Sequence[Path],
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: bool = True,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    on_event: Callable[[str, str, int], None] | None = None,
) -> IngestReport:
    """Bring the store in line with ``sources`` (files and folders).

    ``on_event(kind, source, n)``, if given, follows each file: ("prepared", source,
    passages it sends to the model) once read and chunked, ("written", source, 0) once
    stored; a caller shows per-file progress from these and the ``embed`` calls."""
    notify = on_event or (lambda kind, source, n: None)
    from vectorstore.lexical import LexicalIndex

    settings.store_dir.mkdir(parents=True, exist_ok=True)
    report = IngestReport()
    with ingest_lock(settings.store_dir):
        store = CorpusStore(settings)
        # This process may have opened the store before another one last wrote to it; under
        # the lock nobody else writes, so a fresh view now stays true for the whole run.
        store.reopen()
        per_passage = bytes_per_passage(settings, store.count_passages())
        ensure_room(settings, 0, per_passage)  # even removing orphans writes
        report.orphans_removed = store.remove_orphans()
        found = discover(list(sources))
        report.skipped = [(stored_name(p), reason) for p, reason in found.skipped]
        report.failed = [(stored_name(p), reason) for p, reason in found.errors]
        existing = store.document_records()
        by_source = {record.source: record for record in existing.values()}
        seen: set[str] = set()
        prepared: dict[str, str] = {}  # content hash -> path, to spot the same file twice in one run
        current: dict[str, str] = {}  # path -> hash of the bytes read now
        cases: dict[str, DocumentCases] = {}  # by content hash, for the case index
        pending: list[_Prepared] = []  # read and chunked, not yet handed to the model
        in_model: deque[tuple[list[_Prepared], Future]] = deque()  # handed over, not yet written
        renamed = 0

        def flush(drain: bool = False) -> None:
            """Hand the pending group to the model; write every earlier group it has finished.

            The group just handed over is written at the next flush, so the model embeds it
            while this thread reads the next files and writes the group before it.
            """
            if pending:
                texts = [p.embed_text for item in pending for p in item.passages if p.text_hash not in item.vectors]
                report.embedded += len(texts)
                in_model.append((list(pending), worker.submit(texts)))
                pending.clear()
            while len(in_model) > (0 if drain else 1):
                write(*in_model.popleft())

        def write(items: list[_Prepared], embedded: Future) -> None:
            fresh = iter(embedded.result())
            writes = []
            for item in items:
                vectors = []
                for p in item.passages:
                    if p.text_hash in item.vectors:
                        report.reused += 1
                        vectors.append(item.vectors[p.text_hash])
                    else:
                        vectors.append(next(fresh))
                writes.append((_record(item), item.document.text, item.passages, np.asarray(vectors, dtype=np.float32)))
            # Before the write, not after a failed one: a write cut short by a full disk
            # leaves Chroma unable to read anything.
            ensure_room(settings, sum(len(item.passages) for item in items), per_passage)
            store.add_documents(writes)  # one batch: per-document Chroma writes cost more than embedding
            for item in items:
                _written(store, item, report)
                notify("written", item.path, 0)
            release_freed_memory()  # else the next group's peak stacks on what this one freed

        # Leaving the block (also on error) ends the model's thread: no group outlives the ingest.
        with EmbeddingWorker(lambda: embed or _load_model(settings), progress) as worker:
            for path in progress_bar(iterable=found.files, desc="files", unit="file", disable=not progress):
                resolved = path.resolve()  # once: lstat per part adds up
                source = stored_name(resolved)  # what the store keeps and reports show: any bytes, printable
                seen.add(source)
                try:
                    # Size limit and permissions checked here, before a huge file is read whole.
                    data = read_bytes(resolved, settings)
                except UnreadableFile as error:
                    report.failed.append((source, error.reason))
                    continue
                doc_hash = file_hash(data)
                current[source] = doc_hash
                twin = next((item.path for item in pending if item.doc_hash == doc_hash), None) or prepared.get(doc_hash)
                if twin is not None:
                    report.skipped.append((source, f"same content as {twin}"))
                    continue
                known = existing.get(doc_hash)
                if known is not None and not rebuild:
                    if known.source != source and _gone(known.source) is True:
                        store.rename_document(known, source)  # moved or renamed: no re-embedding
                        renamed += 1
                    report.unchanged.append(source)
                    continue
                try:
                    document = read_document(resolved, settings, data)
                except UnreadableFile as error:
                    report.failed.append((source, error.reason))
                    continue
                older = by_source.get(source)
                replaces = older if older is not None and older.doc_hash != doc_hash else None
                reuse = store.vectors_by_text_hash(replaces.doc_hash) if replaces and not rebuild else {}
                passages = passage_records(document, doc_hash, settings)
                if not passages:
                    report.failed.append((source, "no text found"))
                    continue
                # Cases are found now, while the model embeds, not after the last group.
                cases[doc_hash] = read_cases(document.text, document.title, doc_hash, source)
                pending.append(_Prepared(source, doc_hash, document, passages, replaces, reuse))
                prepared[doc_hash] = source
                notify("prepared", source, sum(1 for p in passages if p.text_hash not in reuse))
                if sum(len(item.passages) for item in pending) >= _group_size(settings, started=bool(in_model)):
                    flush()
            flush(drain=True)

        # An update killed between writing the new version and removing the old one leaves
        # both: keep only the version whose bytes the file holds now.
        stored = store.document_records()
        for record in stored.values():
            latest = current.get(record.source)
            if latest is not None and latest != record.doc_hash and latest in stored:
                store.remove_document(record.doc_hash)
                if record.source not in report.updated:
                    report.updated.append(record.source)

        # realpath, not Path.resolve: that raises on a symlink loop named as a source (3.11),
        # which discovery has already reported as that source's error.
        roots = [Path(os.path.realpath(s)) for s in sources]
        as_typed = {stored_name(root): stored_name(s) for s, root in zip(sources, roots)}
        # A named file that is gone is removed like a file gone from a named folder.
        failed_sources = {path for path, _ in report.failed} - as_typed.keys()
        for record in store.document_records().values():
            if _in_scope(record.source, roots) and record.source not in seen and record.source not in failed_sources:
                gone = _gone(record.source)
                if gone is True:
                    store.remove_document(record.doc_hash)
                    report.removed.append(record.source)
                elif gone and record.source not in {path for path, _ in report.failed}:
                    # Cannot tell (a folder that became unreadable): keep it, and say so.
                    report.failed.append((record.source, f"{gone}; its stored version is kept"))
        removed_named = {as_typed[s] for s in report.removed if s in as_typed} | set(report.removed)
        report.failed = [(path, reason) for path, reason in report.failed if path not in removed_named]

        release_freed_memory()
        records = store.document_records()
        # Outside Chroma: what --repair re-ingests from if Chroma's own file is damaged.
        save_or_warn("sources list", lambda: sources_manifest.save(settings.store_dir, {h: r.source for h, r in records.items()}))
        if report.added or report.updated or report.removed or report.orphans_removed or renamed:
            # The documents are stored: an index that cannot be saved is rebuilt by the next question.
            LexicalIndex.build(store).try_save(settings.store_dir / "lexical")
        else:  # nothing changed: rebuilding BM25 from every passage took seconds at 100k
            LexicalIndex.for_store(store)  # still repairs a missing or stale index
        # Saved now (new documents' cases were found as they were read): the first question does not wait.
        index = CaseIndex.for_store(store, cases)
        report.cases = len(index.cases)
        report.coverage = index.coverage.lines()
    return report


# The model waits while the first group is read: a small first group starts it sooner.
_FIRST_GROUP = 128


def _group_size(settings: Settings, started: bool) -> int:
    return settings.embed_group_passages if started else min(_FIRST_GROUP, settings.embed_group_passages)


def _load_model(settings: Settings) -> Callable[[list[str]], np.ndarray]:
    from vectorstore.embeddings import load_embeddings

    return load_embeddings(settings).encode


def _record(item: _Prepared) -> DocumentRecord:
    return DocumentRecord(
        doc_hash=item.doc_hash,
        source=item.path,
        title=item.document.title,
        passages=len(item.passages),
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        pages=pages_field(item.document.pages),
    )


def _written(store: CorpusStore, item: _Prepared, report: IngestReport) -> None:
    """After the new version is stored: drop the old one, and count it."""
    if item.replaces is not None:
        store.remove_document(item.replaces.doc_hash)
        report.updated.append(item.path)
    else:
        report.added.append(item.path)
