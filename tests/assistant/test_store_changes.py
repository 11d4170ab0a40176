"""Noticing a store changed by someone else (a killed ingest, another machine's): the full
list of documents is read in the background, so a question never waits for it (430 ms at
100k documents), and a change it finds is loaded by the next question. Real store, real
model; the store's listing is held back by an event, not a clock."""

from __future__ import annotations

import os
import threading
import time

import pytest

from assistant.service import Assistant
from tests.written_stores import assistant_over

pytestmark = pytest.mark.integration

REVIEW = (
    "Serious Case Review: Child M, Westshire\n\n1. The incident\n\n"
    "Child M, aged 9 months, was found with a fractured femur after her father's partner moved in.\n"
)


def test_a_question_does_not_wait_for_the_store_check_and_the_next_one_loads_a_change(tmp_path, embeddings):
    built = assistant_over(tmp_path, {"westshire-child-m.txt": REVIEW}, embeddings, cases=1)
    assistant = Assistant(built.settings.model_copy(update={"store_check_s": 0.01}), embeddings)
    loaded = assistant.refresh()
    release, listed = threading.Event(), []

    def slow_listing(records=None):
        listed.append(threading.current_thread().name)
        release.wait(60)
        return "another ingest changed the store"

    assistant.store.fingerprint = slow_listing  # type: ignore[method-assign]
    time.sleep(0.05)  # the check is due
    _written_by_another_process(built.settings)
    answered = []
    asking = threading.Thread(target=lambda: answered.append(assistant.ask("What happened to Child M?")))
    asking.start()
    asking.join(30)
    assert answered and not answered[0].abstained  # answered while the listing is still held back
    assert listed and listed[0] != asking.name  # the listing ran on a thread of its own
    assert assistant.refresh() is loaded  # no change known yet

    release.set()
    for _ in range(600):
        if assistant._changed.is_set():
            break
        time.sleep(0.05)
    assert assistant.refresh() is not loaded  # the next question loads the changed store
    assert assistant.refresh().fingerprint == "another ingest changed the store"


def _written_by_another_process(settings) -> None:
    database = settings.store_dir / "chroma" / "chroma.sqlite3"
    later = database.stat().st_mtime_ns + 1_000_000_000
    os.utime(database, ns=(later, later))


def test_the_documents_are_listed_again_only_after_the_stores_files_change(tmp_path, embeddings):
    built = assistant_over(tmp_path, {"westshire-child-m.txt": REVIEW}, embeddings, cases=1)
    assistant = Assistant(built.settings.model_copy(update={"store_check_s": 0.01}), embeddings)
    loaded = assistant.refresh()
    listings = []
    real = assistant.store.fingerprint
    assistant.store.fingerprint = lambda records=None: listings.append(1) or real(records)  # type: ignore[method-assign]
    for _ in range(5):
        time.sleep(0.02)
        assert assistant.refresh() is loaded
    assert listings == []  # due five times, nothing written: no listing
    _written_by_another_process(built.settings)
    time.sleep(0.02)
    assert assistant.refresh() is loaded  # answered from what is loaded while the listing runs
    for _ in range(600):
        if listings and not assistant._looking.is_set():
            break
        time.sleep(0.05)
    assert listings == [1] and not assistant._changed.is_set()  # listed once: no document changed
    time.sleep(0.02)
    assert assistant.refresh() is loaded and listings == [1]  # the files are known again


def test_a_check_every_question_reads_the_list_before_answering(tmp_path, embeddings):
    built = assistant_over(tmp_path, {"westshire-child-m.txt": REVIEW}, embeddings, cases=1)
    assistant = Assistant(built.settings.model_copy(update={"store_check_s": 0.0}), embeddings)
    loaded = assistant.refresh()
    assistant.store.fingerprint = lambda records=None: "changed"  # type: ignore[method-assign]
    assert assistant.refresh() is loaded  # nothing written to the store: nothing to list
    _written_by_another_process(built.settings)
    assert assistant.refresh() is not loaded  # listed before answering, and the change loaded


def test_indexes_are_kept_out_of_collections_and_an_old_snapshot_is_still_freed(tmp_path, embeddings):
    """The loaded indexes are frozen out of the collector's full passes (a 1.4 s pause at
    100k); a store change unfreezes them, so the old snapshot and its case sentences go."""
    import gc
    import weakref

    from ingest.pipeline import ingest

    built = assistant_over(tmp_path, {"westshire-child-m.txt": REVIEW}, embeddings, cases=1)
    assistant = Assistant(built.settings, embeddings)
    assert assistant.ask("Which children had a fractured femur?").cases
    assert gc.get_freeze_count() > 0
    old_snapshot = weakref.ref(assistant.refresh())
    old_sentences = weakref.ref(assistant.case_sentences(assistant.refresh()))

    (tmp_path / "docs" / "eastshire-child-n.txt").write_text(REVIEW.replace("Child M", "Child N").replace("Westshire", "Eastshire"))
    assert len(ingest([tmp_path / "docs"], built.settings, progress=False, embed=embeddings.encode).added) == 1
    assert len(assistant.ask("Which children had a fractured femur?").cases) == 2
    gc.collect()
    assert old_snapshot() is None and old_sentences() is None
