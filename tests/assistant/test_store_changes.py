"""Noticing a store changed by someone else (a killed ingest, another machine's): the full
list of documents is read in the background, so a question never waits for it (430 ms at
100k documents), and a change it finds is loaded by the next question. Real store, real
model; the store's listing is held back by an event, not a clock."""

from __future__ import annotations

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


def test_a_check_every_question_reads_the_list_before_answering(tmp_path, embeddings):
    built = assistant_over(tmp_path, {"westshire-child-m.txt": REVIEW}, embeddings, cases=1)
    assistant = Assistant(built.settings.model_copy(update={"store_check_s": 0.0}), embeddings)
    loaded = assistant.refresh()
    assistant.store.fingerprint = lambda records=None: "changed"  # type: ignore[method-assign]
    assert assistant.refresh() is not loaded
