"""Case tables: one case per row, columns found from the header's words.

Two layouts reach us as text: a row per line with tab-separated cells (DOCX, HTML), and
the cell-per-line layout of converted briefings, where each cell is a tab-led line, blank
lines separate cells, and an untabbed line continues the cell above (the sample's
"\tWest Sussex" then "‘Carrie’"). Every field keeps its exact span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.structure import line_spans, table_regions, trim
from knowledge.words import TABLE_COLUMNS

COLUMNS = TABLE_COLUMNS  # header words for each column (knowledge.words)


@dataclass(frozen=True)
class Cell:
    start: int
    end: int  # trimmed span; start == end for an empty cell


@dataclass(frozen=True)
class Row:
    cells: dict[str, Cell]  # column name -> cell
    start: int
    end: int


def _column_of(text: str) -> str | None:
    label = " ".join(text.replace("’", "'").split()).strip(" :")
    for column, pattern in COLUMNS.items():
        if pattern.match(label):
            return column
    return None


def _regions(text: str) -> list[list[tuple[int, int, str]]]:
    """Runs of table lines as (start, end, line) lists."""
    spans = line_spans(text)
    lines = [text[s:e] for s, e in spans]
    flags = table_regions(lines)
    regions, current = [], []
    for (start, end), line, flag in zip(spans, lines, flags):
        if flag:
            current.append((start, end, line))
        elif line.strip():
            if current:
                regions.append(current)
            current = []
    if current:
        regions.append(current)
    return regions


def _cells_one_per_line(text: str, region: list[tuple[int, int, str]]) -> list[tuple[Cell, bool]]:
    """Cells of the cell-per-line layout, each flagged if an untabbed line continued it."""
    cells: list[list] = []  # [start, end, continued]
    for start, end, line in region:
        if line.startswith("\t"):
            s, e = trim(text, start, end)
            cells.append([s, e if s < e else s, False])
        elif line.strip() and cells:
            s, e = trim(text, start, end)
            if cells[-1][0] == cells[-1][1]:
                cells[-1][0] = s
            cells[-1][1] = e
            cells[-1][2] = True
    return [(Cell(s, e), continued) for s, e, continued in cells]


def _header(text: str, cells: list[Cell]) -> tuple[int, list[str | None]] | None:
    """Position of the header's first cell and the column name of each header cell."""
    for i, cell in enumerate(cells):
        first = _column_of(text[cell.start : cell.end])
        if first not in ("case", "area", "child"):
            continue
        names: list[str | None] = [first]
        last_named = 0
        for j, other in enumerate(cells[i + 1 : i + 25], start=1):
            label = text[other.start : other.end]
            if len(label) > 40:
                break
            column = _column_of(label)
            names.append(column)
            if column:
                last_named = j
        names = names[: last_named + 1]
        if sum(1 for n in names if n) >= 3:
            return i, names
    return None


def _row(cells: list[Cell], names: list[str | None]) -> Row | None:
    mapped: dict[str, Cell] = {}
    for name, cell in zip(names, cells):
        if name and name not in mapped:
            mapped[name] = cell
    extra = cells[len(names) :]
    spill = [c for c in extra if c.end > c.start]
    if spill and "findings" in mapped:  # text past the last column belongs to it
        first = mapped["findings"] if mapped["findings"].end > mapped["findings"].start else spill[0]
        mapped["findings"] = Cell(first.start, spill[-1].end)
    filled = [c for c in cells if c.end > c.start]
    if not filled or not any(mapped.get(k) and mapped[k].end > mapped[k].start for k in ("case", "area", "child")):
        return None
    return Row(mapped, min(c.start for c in filled), max(c.end for c in filled))


def table_rows(text: str) -> list[Row]:
    """Data rows of every case table in ``text`` (tables without a case header are ignored)."""
    rows: list[Row] = []
    for region in _regions(text):
        if any(re.search(r"\S\t+\S", line) for _, _, line in region):
            rows.extend(_tab_joined_rows(text, region))
            continue
        flagged = _cells_one_per_line(text, region)
        cells = [c for c, _ in flagged]
        found = _header(text, cells)
        if not found:
            continue
        at, names = found
        body = flagged[at + len(names) :]
        # Rows open with a short continued cell (area over pseudonym) when the layout has
        # them, tolerating a row a cell or two short; otherwise cut header-sized runs.
        opening: list[int] = []
        for i, (cell, continued) in enumerate(body):
            short = cell.end - cell.start <= 60
            if continued and short and (not opening or i - opening[-1] >= len(names) - 2):
                opening.append(i)
        if len(opening) >= 2:
            bounds = opening + [len(body)]
            groups = [[c for c, _ in body[a:b]] for a, b in zip(bounds, bounds[1:])]
        else:
            plain = [c for c, _ in body]
            groups = [plain[i : i + len(names)] for i in range(0, len(plain), len(names))]
        rows.extend(r for r in (_row(g, names) for g in groups) if r)
    return rows


def _tab_joined_rows(text: str, region: list[tuple[int, int, str]]) -> list[Row]:
    rows: list[Row] = []
    names: list[str | None] | None = None
    for start, _, line in region:
        if not line.strip():
            continue
        cells, offset = [], start
        for part in line.split("\t"):
            s, e = trim(text, offset, offset + len(part))
            cells.append(Cell(s, e if s < e else s))
            offset += len(part) + 1
        labels = [_column_of(text[c.start : c.end]) for c in cells]
        if names is None:
            if sum(1 for n in labels if n) >= 3 and any(n in ("case", "area", "child") for n in labels):
                names = labels
            continue
        row = _row(cells, names)
        if row:
            rows.append(row)
    return rows
