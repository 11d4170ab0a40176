"""Source discovery on real folder trees built in tmp_path, links and loops included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.discovery import LOCK_FILE_REASON, discover

pytestmark = pytest.mark.unit


def touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_recurses_keeps_supported_files_sorted(tmp_path):
    touch(tmp_path / "b.txt")
    touch(tmp_path / "a" / "report.PDF")
    touch(tmp_path / "a" / "deep" / "notes.md")
    touch(tmp_path / "page.htm")
    touch(tmp_path / "z.docx")
    found = discover([tmp_path])
    assert found.files == sorted(
        [
            tmp_path / "b.txt",
            tmp_path / "a" / "report.PDF",
            tmp_path / "a" / "deep" / "notes.md",
            tmp_path / "page.htm",
            tmp_path / "z.docx",
        ]
    )
    assert found.skipped == [] and found.errors == []


def test_unsupported_files_are_listed_as_skipped(tmp_path):
    touch(tmp_path / "keep.txt")
    touch(tmp_path / "data.xyz")
    touch(tmp_path / "README")
    found = discover([tmp_path])
    assert found.files == [tmp_path / "keep.txt"]
    assert sorted(found.skipped) == [
        (tmp_path / "README", "unsupported file type (no extension)"),
        (tmp_path / "data.xyz", "unsupported file type .xyz"),
    ]


def test_unsupported_file_named_explicitly(tmp_path):
    path = touch(tmp_path / "sheet.xlsx")
    found = discover([path])
    assert found.files == [] and found.skipped == [(path, "unsupported file type .xlsx")]


def test_hidden_entries_skipped_silently_lock_files_with_reason(tmp_path):
    touch(tmp_path / ".hidden.txt")
    touch(tmp_path / ".git" / "notes.txt")
    touch(tmp_path / "~$report.docx")
    touch(tmp_path / "report.docx")
    found = discover([tmp_path])
    assert found.files == [tmp_path / "report.docx"]
    assert found.skipped == [(tmp_path / "~$report.docx", LOCK_FILE_REASON)]
    assert found.errors == []


def test_hidden_file_named_explicitly_is_taken(tmp_path):
    path = touch(tmp_path / ".draft.txt")
    assert discover([path]).files == [path]


def test_missing_source(tmp_path):
    found = discover([tmp_path / "nowhere", tmp_path / "missing.pdf"])
    assert found.errors == [
        (tmp_path / "nowhere", "no such file or folder"),
        (tmp_path / "missing.pdf", "no such file or folder"),
    ]


def test_duplicates_removed_by_resolved_path(tmp_path):
    real = touch(tmp_path / "docs" / "summary.txt")
    (tmp_path / "link.txt").symlink_to(real)
    (tmp_path / "docs-link").symlink_to(tmp_path / "docs", target_is_directory=True)
    found = discover([tmp_path, real, tmp_path / "docs"])
    assert found.files == [real]  # a real path is preferred over links to it
    assert found.errors == []


def test_symlink_to_a_file_outside_is_followed(tmp_path):
    outside = touch(tmp_path / "outside" / "report.md")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "linked.md").symlink_to(outside)
    assert discover([tmp_path / "in"]).files == [tmp_path / "in" / "linked.md"]


def test_symlink_loop_in_a_folder_ends_and_is_reported(tmp_path):
    root = tmp_path / "corpus"
    touch(root / "sub" / "case.txt")
    (root / "sub" / "back-to-root").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to(root / "self")  # a link pointing at itself
    found = discover([root])
    assert found.files == [root / "sub" / "case.txt"]
    assert sorted(found.errors) == [
        (root / "self", "symlink loop"),
        (root / "sub" / "back-to-root", "symlink loop"),
    ]


def test_symlink_loop_named_as_a_source(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert discover([tmp_path / "a"]).errors == [(tmp_path / "a", "symlink loop")]


def test_dangling_link_is_reported(tmp_path):
    (tmp_path / "gone.pdf").symlink_to(tmp_path / "deleted.pdf")
    assert discover([tmp_path]).errors == [(tmp_path / "gone.pdf", "no such file or folder (broken link)")]


def test_named_pipe_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert discover([tmp_path]).skipped == [(tmp_path / "pipe.txt", "not a regular file")]


def test_unreadable_folder(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    touch(locked / "secret.txt")
    touch(tmp_path / "open.txt")
    if os.geteuid() != 0:
        locked.chmod(0)
    else:
        # root lists any folder, so make exactly this folder's listing fail as for a user.
        real_scandir = os.scandir

        def guarded_scandir(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", guarded_scandir)
    try:
        found = discover([tmp_path])
    finally:
        locked.chmod(0o755)
    assert found.files == [tmp_path / "open.txt"]
    assert found.errors == [(locked, "permission denied")]


def test_sample_corpus(sample_corpus):
    found = discover([sample_corpus])
    assert len(found.files) == 3 and found.errors == []


@pytest.mark.parametrize("name", ["Report.HTML", "x.Docx", "y.MD"])
def test_suffix_match_is_case_insensitive(tmp_path, name):
    assert discover([touch(tmp_path / name)]).files == [tmp_path / name]


def test_overlapping_sources_report_each_entry_once(tmp_path):
    touch(tmp_path / "sub" / "case.txt")
    touch(tmp_path / "sub" / "data.xyz")
    found = discover([tmp_path / "sub", tmp_path, tmp_path / "sub" / "data.xyz"])
    assert found.files == [tmp_path / "sub" / "case.txt"]
    assert found.skipped == [(tmp_path / "sub" / "data.xyz", "unsupported file type .xyz")]
