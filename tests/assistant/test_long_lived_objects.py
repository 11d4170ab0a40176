"""No collection while a question is answered; what it leaves alive, when it is many
objects (a first list question's caches), is put out of the collector's reach."""

from __future__ import annotations

import gc

import pytest

from assistant.service import collections_paused, keep_long_lived_out_of_collections

pytestmark = pytest.mark.unit


def test_what_a_question_leaves_alive_is_frozen_once_it_is_many():
    gc.collect()
    frozen = gc.get_freeze_count()
    try:
        with collections_paused():
            kept = [[n] for n in range(3_000)]
            assert keep_long_lived_out_of_collections(limit=10_000) is False  # few: left alone
            assert gc.get_freeze_count() == frozen
            more = [[n] for n in range(20_000)]
            assert keep_long_lived_out_of_collections(limit=10_000) is True
        assert gc.get_freeze_count() >= frozen + 23_000
        assert gc.get_count()[0] < 1_000
        assert kept and more
    finally:
        gc.unfreeze()


def test_collections_are_paused_while_answering_and_resumed_after():
    assert gc.isenabled()
    with collections_paused():
        assert not gc.isenabled()
        with collections_paused():  # nested (a follow-up asked inside an answer): still paused after
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collections_paused():
        raise ValueError("a handler failed")
    assert gc.isenabled()
