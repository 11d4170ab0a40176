"""Reading a document's layout: headings, numbered sections, bullets, paragraphs, table rows.

Pure functions over the extracted text. Every block is a span ``text[start:end]``
(trimmed of surrounding white space), so anything built from blocks keeps exact offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import nupunkt

from ingest.extracted import HeadingSpan

BlockKind = Literal["heading", "paragraph", "bullet", "table_row"]

# "5.1    Workforce Capacity:", "1.   Purpose", "4.  Poor or out of date risk assessments"
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
_LABELLED_HEADING = re.compile(r"^(?:appendix|annex|part|chapter|section)\s+[\w.]+\s*[:.]?\s*\S*.*$", re.I)
# Bullet glyphs seen in converted Word/PDF text, plus "-", "*", "a)", "(i)".
BULLET = re.compile(r"^[ \t]*(?:[·•▪◦●‣∙\-\*–]|o(?=\s)|\(?[a-z0-9]{1,3}\))[ \t]+")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    start: int
    end: int
    level: int = 0  # heading depth: 1 for "5.", 2 for "5.1", …
    strong: bool = False  # numbered, labelled or marked by the file format (not guessed from looks)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, newline excluded."""
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_strong_heading(line: str) -> bool:
    stripped = " ".join(line.split())
    return bool(_ATX.match(stripped) or _NUMBERED_HEADING.match(stripped) or _LABELLED_HEADING.match(stripped))


# A Markdown heading ("## Findings"): marked by the format, its level its number of "#".
_ATX = re.compile(r"^(#{1,6})\s+(?=\S)")


def heading_label(heading: str) -> str:
    """A heading as a section's name: white space collapsed, Markdown's "#" marks dropped."""
    return " ".join(_ATX.sub("", heading.strip()).split())


def heading_level(line: str) -> int:
    """Level of a heading line, or 0 if the line reads as body text."""
    stripped = " ".join(line.split())
    if atx := _ATX.match(stripped):
        return len(atx.group(1))
    if not stripped or len(stripped) > 90:
        return 0
    numbered = _NUMBERED_HEADING.match(stripped)
    if numbered:
        title = numbered.group(2)
        # A numbered list item is a sentence; a numbered heading is a short title.
        if title.endswith((".", ";", ",")) or len(title.split()) > 12 or not title[0].isupper():
            return 0
        return numbered.group(1).count(".") + 1
    if _LABELLED_HEADING.match(stripped) and len(stripped.split()) <= 8:
        return 1
    words = stripped.split()
    if (
        len(stripped) <= 60
        and len(words) <= 9
        and stripped[0].isupper()
        and not stripped.endswith((".", ";", ",", "”", '"', "’"))
        and ":" not in stripped[:-1]  # "Date:16 OCT 2009" is a field, not a heading
        and not BULLET.match(line)
    ):
        return 1
    return 0


def _is_table_line(line: str) -> bool:
    # Cells exported as tab-led lines (PDF/plain text) or tab-joined rows (DOCX).
    return line.startswith("\t") or bool(re.search(r"\S\t+\S", line))


def table_regions(lines: Sequence[str]) -> list[bool]:
    """Which lines lie inside a table: tab lines, and short plain lines between them."""
    in_table = [False] * len(lines)
    content = [i for i, line in enumerate(lines) if line.strip()]
    tabbed = {i for i in content if _is_table_line(lines[i])}
    for position, i in enumerate(content):
        if i in tabbed:
            in_table[i] = True
            continue
        before = content[position - 1] if position > 0 else None
        after = content[position + 1] if position + 1 < len(content) else None
        # A lone plain line wedged between cells (a pseudonym like ‘Carrie’) is a cell too.
        if before in tabbed and after in tabbed and len(lines[i].strip()) <= 120:
            in_table[i] = True
    for i, line in enumerate(lines):  # blank lines inside a table belong to it
        if not line.strip() and 0 < i < len(lines) - 1:
            prev_content = next((j for j in range(i - 1, -1, -1) if lines[j].strip()), None)
            next_content = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
            if prev_content is not None and next_content is not None:
                in_table[i] = in_table[prev_content] and in_table[next_content]
    return in_table


def _row_starts(lines: Sequence[str], in_table: Sequence[bool]) -> set[int]:
    """Lines that open a table row.

    A tab-joined line is a whole row. In the cell-per-line layout a row opens with a cell
    whose next non-blank line is a plain (untabbed) line: "\tWest Sussex" then "‘Carrie’".
    """
    starts: set[int] = set()
    for i, line in enumerate(lines):
        if not in_table[i] or not line.strip():
            continue
        if re.search(r"\S\t+\S", line):
            starts.add(i)
            continue
        if line.startswith("\t"):
            nxt = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
            if nxt is not None and in_table[nxt] and not lines[nxt].startswith("\t"):
                starts.add(i)
    return starts


def blocks(text: str, explicit_headings: Iterable[HeadingSpan] = ()) -> list[Block]:
    """The text's blocks (see ``_blocks``); case extraction asks for them several times per
    document, so the last few texts' blocks are kept."""
    headings = tuple(explicit_headings)
    return list(_cached_blocks(text, headings))


@lru_cache(maxsize=4)
def _cached_blocks(text: str, explicit_headings: tuple[HeadingSpan, ...]) -> tuple[Block, ...]:
    return tuple(_blocks(text, explicit_headings))


def _blocks(text: str, explicit_headings: Iterable[HeadingSpan] = ()) -> list[Block]:
    """The document's structural units in reading order."""
    spans = line_spans(text)
    lines = [text[s:e] for s, e in spans]
    in_table = table_regions(lines)
    row_starts = _row_starts(lines, in_table)
    marked = {(h.start, h.end): h.level for h in explicit_headings}
    marked_starts = {start: level for (start, _), level in marked.items()}

    result: list[Block] = []
    paragraph: list[int] = []  # line indexes of the paragraph being gathered
    row: list[int] = []

    def flush_paragraph() -> None:
        if paragraph:
            start, end = trim(text, spans[paragraph[0]][0], spans[paragraph[-1]][1])
            if start < end:
                result.append(Block("paragraph", start, end))
            paragraph.clear()

    def flush_row() -> None:
        if row:
            start, end = trim(text, spans[row[0]][0], spans[row[-1]][1])
            if start < end:
                result.append(Block("table_row", start, end))
            row.clear()

    for i, line in enumerate(lines):
        start, end = trim(text, *spans[i])
        if in_table[i]:
            flush_paragraph()
            level = heading_level(line) if _LABELLED_HEADING.match(line.strip()) else 0
            if level:
                flush_row()
                result.append(Block("heading", start, end, level, strong=True))
            elif line.strip():
                if i in row_starts:
                    flush_row()
                row.append(i)
            continue
        flush_row()
        if start == end:  # blank line ends a paragraph
            flush_paragraph()
            continue
        level = marked_starts.get(start) or heading_level(line)
        if level:
            flush_paragraph()
            strong = start in marked_starts or is_strong_heading(line)
            result.append(Block("heading", start, end, level, strong=strong))
        elif BULLET.match(line):
            flush_paragraph()
            result.append(Block("bullet", start, end))
        else:
            paragraph.append(i)
    flush_paragraph()
    flush_row()
    return result


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as exact spans: split at line breaks and where a
    sentence ends (see ``_segment``); bullet glyphs and surrounding space are left out."""
    return _line_sentences(text, [(start + a, start + b) for a, b in line_spans(text[start:end])])


def read_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``sentence_spans``, but a line that wraps is read on into the next one: PDF text
    (and hard-wrapped plain text) breaks lines mid-sentence, and a cited line fragment
    ("The police had attended the address once in January 2017 after a") says too little."""
    return _line_sentences(text, _read_lines(text, start, end, wrap_width(text)))


def _line_sentences(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences of each line (or run of wrapped lines), a bullet's glyph left out."""
    result: list[tuple[int, int]] = []
    for a, b in lines:
        bullet = BULLET.match(text[a:b])  # on the slice: "^" only anchors at a string's start
        if bullet:
            a += bullet.end()
        result += _segment(text, a, b)
    return result


# A full line is about the document's line width: it ends where the page did, not where its
# sentence did. One far longer is a paragraph on a line of its own (one per line, no wrapping).
_FULL_LINE = (0.75, 1.15)
# A line that runs on ends mid-phrase (a word, a comma, a hyphen) and the next goes on with
# one; a closing quote, a table's "|" or a rule of dashes ends a line of its own.
_RUNS_ON = re.compile(r"[^\W_][,\-–]?$|[^\W_]\($")
_GOES_ON = re.compile(r"^[\w(“‘\"']")


def wraps(line: str, following: str, width: int) -> bool:
    """Whether ``line`` runs on into ``following``: it stops mid-phrase, and the next line
    opens in lower case or this one is full. A short line without a full stop ("Durham
    Safeguarding Children Partnership" under a title) keeps its own line."""
    line, following = line.rstrip(), following.strip()
    if not _RUNS_ON.search(line) or not _GOES_ON.match(following) or BULLET.match(following):
        return False
    low, high = _FULL_LINE
    return following[0].islower() or low * width <= len(line) <= high * width


@lru_cache(maxsize=16)  # an answer reads units from a few documents at once
def wrap_width(text: str) -> int:
    """The document's full line width: the 90th percentile of its lines' lengths. A wrapped
    document's long lines are its page width; a document with one paragraph per line has
    far longer ones, so few of its lines count as full."""
    lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def _read_lines(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """``text[start:end]``'s lines, with each wrapped line joined to the one it runs on into."""
    lines = [(start + a, start + b) for a, b in line_spans(text[start:end])]
    joined: list[tuple[int, int]] = []
    for a, b in lines:
        if joined and wraps(text[joined[-1][0] : joined[-1][1]].rsplit("\n", 1)[-1], text[a:b], width):
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    return joined


# A numbered paragraph opens a sentence even where Punkt reads on: "… on the same day. 4.1 No
# crime was recorded." (the "3.2 The mother …" at a block's start needs no rule).
_NUMBERED_START = re.compile(r"[.!?][’”'\")\]]*\s+(?=\d{1,2}(?:\.\d{1,2})+\s+[A-Z])")


def _segment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as trimmed spans. nupunkt's Punkt model knows
    abbreviations ("Dr.", "e.g.", "para.", "approx.") and initials ("J. Smith"), which a
    punctuation rule split at (python -m eval.sentence_splitting measures both)."""
    piece = text[start:end]
    # A sentence ends before white space: Punkt also cuts "see ![x](…)" after its "!".
    cuts = {e for _, e in nupunkt.sent_spans(piece) if e == len(piece) or piece[e - 1].isspace()}
    cuts |= {m.end() for m in _NUMBERED_START.finditer(piece)}
    result, cursor = [], 0
    for cut in sorted(cuts | {len(piece)}):
        s, e = trim(text, start + cursor, start + cut)
        if s < e:
            result.append((s, e))
        cursor = cut
    return result


def prose_sentences(text: str) -> list[tuple[int, int]]:
    return list(_prose_sentences(text))


@lru_cache(maxsize=4)
def _prose_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentences of the whole text as exact spans, read across the line breaks of wrapped
    paragraphs (PDF text breaks lines mid-sentence); a block (heading, bullet, row,
    paragraph) never shares a sentence with the next; "Dr." and "e.g." end none."""
    return tuple(span for block in blocks(text) for span in _segment(text, block.start, block.end))
