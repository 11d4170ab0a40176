"""Finding the files to ingest under the files and folders a user names.

Rules:
- Folders are walked recursively; symlinks to files and folders are followed, and a
  folder reached twice (a link back to an ancestor, or two links to one place) is
  walked once. A link back to an ancestor is reported as an error, "symlink loop".
- Files are kept only if their suffix is supported; each file appears once (de-duplicated
  by resolved path: the first path met is kept, except that a file's own path replaces
  a link to it) and the list is sorted.
- Inside folders, hidden entries (name starting with '.', e.g. .git, .DS_Store) are
  skipped silently: they are never documents and listing them is noise.
- Office lock files ('~$report.docx', left while Word has a file open) are listed in
  ``skipped`` with a reason, because their name looks like a document's.
- A file named explicitly is taken even if hidden; an unsupported one is listed in
  ``skipped``.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ingest.readers import SUPPORTED_SUFFIXES, unsupported_reason

LOCK_FILE_REASON = "Office lock file, not a document"


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    errors: list[tuple[Path, str]] = field(default_factory=list)


def discover(sources: list[Path]) -> Discovery:
    result = Discovery()
    seen: dict[Path, Path] = {}  # resolved path -> path as found
    visited: set[tuple[int, int]] = set()  # (st_dev, st_ino) of folders walked, across sources
    for source in sources:
        source = Path(source)
        try:
            info = os.stat(source)  # follows links: a file reached by a link is a file
        except OSError as error:
            result.errors.append((source, os_error_reason(error, missing="no such file or folder")))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(source, result, seen, visited)
        else:
            _consider(source, info, result, seen)
    result.files = sorted(seen.values())
    # A source named twice, or inside another, must not report its entries twice.
    result.skipped = list(dict.fromkeys(result.skipped))
    result.errors = list(dict.fromkeys(result.errors))
    return result


def os_error_reason(error: OSError, missing: str) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return missing
    if error.errno == errno.ELOOP:
        return "symlink loop"
    return error.strerror or str(error)


def _walk(root: Path, result: Discovery, seen: dict[Path, Path], visited: set[tuple[int, int]]) -> None:
    def on_error(error: OSError) -> None:
        result.errors.append((Path(error.filename or root), os_error_reason(error, "no such file or folder")))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=on_error):
        here = Path(dirpath)
        try:
            here_info = os.stat(here)
        except OSError as error:
            on_error(error)
            dirnames.clear()
            continue
        if (here_info.st_dev, here_info.st_ino) in visited:
            dirnames.clear()  # already walked (through a link, or as another source)
            continue
        visited.add((here_info.st_dev, here_info.st_ino))
        # Real folders before links: a folder reachable both ways from here keeps its real path.
        subfolders = _subfolders(here, dirnames, visited, result)
        dirnames[:] = sorted(subfolders, key=lambda name: (os.path.islink(here / name), name))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            try:
                info = os.stat(path)
            except OSError as error:  # a dangling link, a loop of file links, …
                result.errors.append((path, os_error_reason(error, "no such file or folder (broken link)")))
                continue
            _consider(path, info, result, seen)


def _subfolders(here: Path, names: list[str], visited: set, result: Discovery) -> list[str]:
    """The sub-folders still to walk: not hidden, and not folders already walked."""
    keep = []
    for name in names:
        if name.startswith("."):
            continue
        path = here / name
        try:
            info = os.stat(path)
        except OSError as error:
            result.errors.append((path, os_error_reason(error, "no such file or folder (broken link)")))
            continue
        if (info.st_dev, info.st_ino) in visited:
            # Walked already. If it is an ancestor we got here through a link, and
            # following it would never end: that is worth telling the user.
            if _is_ancestor(path, here):
                result.errors.append((path, "symlink loop"))
            continue
        keep.append(name)
    return keep


def _is_ancestor(link: Path, here: Path) -> bool:
    target = link.resolve()
    current = here.resolve()
    return current == target or target in current.parents


def _consider(path: Path, info: os.stat_result, result: Discovery, seen: dict[Path, Path]) -> None:
    if path.name.startswith("~$"):
        result.skipped.append((path, LOCK_FILE_REASON))
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        result.skipped.append((path, unsupported_reason(suffix)))
        return
    if not stat.S_ISREG(info.st_mode):
        result.skipped.append((path, "not a regular file"))
        return
    resolved = path.resolve()
    kept = seen.get(resolved)
    if kept is None or (kept.is_symlink() and not path.is_symlink()):
        seen[resolved] = path  # a file's own name reads better than a link's
