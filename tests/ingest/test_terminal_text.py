"""What the CLIs print from documents and file names cannot steer the terminal, and a file
name of any bytes is stored as printable text and turned back into the very same path."""

from __future__ import annotations

import json
import os
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.file_names import path_of, stored_name
from ingest.terminal_text import for_terminal, json_for_terminal, line_for_terminal

pytestmark = pytest.mark.unit

HOSTILE = "Findings\x1b[2J\x1b[31m red\x07\r\x08 over\x9b1m \u202eevil\u202c\x00 end"


# Controls (C0, C1, DEL), lone surrogates (unprintable: UnicodeEncodeError), bidi controls.
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def _steering(text: str) -> set[str]:
    return {ch for ch in text if ch not in "\n\t" and (unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI)}


def test_escape_sequences_and_controls_are_shown_not_obeyed():
    shown = for_terminal("line one\n\tline two " + HOSTILE)
    assert "\x1b" not in shown and "\x9b" not in shown and "\r" not in shown and "\u202e" not in shown
    assert "\\x1b[2J\\x1b[31m red\\x07\\x0d\\x08 over\\x9b1m \\u202eevil\\u202c\\x00 end" in shown
    assert shown.startswith("line one\n\tline two Findings")  # layout kept
    assert not _steering(shown)


def test_a_line_cannot_be_broken_into_two():
    shown = line_for_terminal("  failed: a.txt: cannot read\n  failed: forged.txt: fake")
    assert "\n" not in shown and shown.count("failed:") == 2 and "\\x0a  failed: forged" in shown


def test_ordinary_text_is_unchanged():
    text = "Café “£350” — 子供 Child T\u00a0(aged 2)"
    assert for_terminal(text) == line_for_terminal(text) == text


def test_json_lines_escape_what_json_leaves_raw_and_decode_to_the_same_value():
    value = {"text": HOSTILE, "title": "Café"}
    line = json_for_terminal(value)
    assert json.loads(line) == value
    assert not _steering(line) and "Café" in line


# "." and ".." name the folder itself, not a file: no file can be called that.
@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b and b not in (b".", b"..")))
def test_any_file_name_bytes_round_trip_through_the_stored_name(name: bytes):
    path = b"/tmp/docs/" + name
    stored = stored_name(os.fsdecode(path))
    stored.encode("utf-8")  # what Chroma's metadata needs: no lone surrogates
    assert not _steering(stored)
    assert os.fsencode(path_of(stored)) == path


def test_stored_names_of_ordinary_paths_are_the_paths():
    for path in ("/srv/reviews/child-t.pdf", "/srv/reviews/Renée café (2019).docx", "/a b/c.txt"):
        assert stored_name(path) == path and str(path_of(path)) == path


def test_odd_names_are_escaped_visibly():
    assert stored_name(os.fsdecode(b"/d/review-\xff.txt")) == "/d/review-\\xff.txt"
    assert stored_name("/d/x\n  failed: forged.txt") == "/d/x\\x0a  failed: forged.txt"
    assert stored_name("/d/back\\slash.txt") == "/d/back\\\\slash.txt"
