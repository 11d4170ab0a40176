"""A briefing on screen as it will read when handed out: HTML built from escaped text
(``ui.render``), tables as tables, numbered references; nothing from a document is
interpreted."""

from __future__ import annotations

from ui.briefing import Briefing, marks, number
from ui.briefing_export import byline
from ui.render import escape


def preview_html(briefing: Briefing) -> str:
    numbered = number(briefing.items)
    out = [f"<h2>{escape(briefing.title or 'Briefing')}</h2>"]
    if line := byline(briefing):
        out.append(f'<p class="scr-ref">{escape(line)}</p>')
    out += [f"<p>{escape(p)}</p>" for p in briefing.intro.splitlines() if p.strip()]
    for item, lines in numbered.items:
        out.append(f"<h3>{escape(item.title)}</h3>")
        if item.intro:
            out.append(f"<p>{escape(item.intro)}</p>")
        if item.table is not None:
            out.append(_table(item.table, numbered.row_numbers.get(item.id, [])))
        if lines:
            out.append("<ul>" + "".join(f"<li>{escape(t)} {marks(n)}</li>" for t, n in lines) + "</ul>")
        out += [f"<blockquote>{escape(p)}</blockquote>" for p in item.note.splitlines() if p.strip()]
    if numbered.references:
        out.append("<h3>References</h3><ol>")
        out += [f"<li>{escape(ref.label())}</li>" for ref in numbered.references]
        out.append("</ol>")
    return f'<div class="scr-text scr-preview">{"".join(out)}</div>'


def _table(table, row_numbers: list[list[int]]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns) + "<th>Sources</th>"
    rows = []
    for i, row in enumerate(table.rows):
        nums = row_numbers[i] if i < len(row_numbers) else []
        rows.append("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + f"<td>{marks(nums)}</td></tr>")
    return f'<div class="scr-scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
