"""Text from documents (and from users) on screen, inert: every character shown as itself.

Extracts come from files we did not write. Streamlit's markdown would turn ``![x](url)``
into an image fetched from the web, ``[a](url)`` and bare URLs into links, ``$…$`` into
maths, ``:smile:`` into an emoji. Rather than chase every markdown extension with our own
escaper, document text is HTML-escaped with the standard library and shown through
``st.html`` (DOMPurify-sanitised, never interpreted as markdown): escaped text cannot form
a tag, an entity or a link. Highlighting escapes each piece first and only then wraps the
matched words in ``<mark>``, so the only markup on the page is markup we wrote.

Widget labels (expanders, headings) interpret a subset of markdown, images and links
included; document text in a label goes through ``label``, which backslash-escapes every
ASCII punctuation character (CommonMark then shows each one literally).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

_LINE_BREAK = re.compile(r"\r\n?|\n")
# Converted tables leave runs of empty lines; on screen one blank line says as much.
_BLANK_RUN = re.compile(r"(?:[ \t]*(?:\r\n?|\n)){3,}")
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")

STYLE = """<style>
.scr-text { line-height: 1.55; }
.scr-text mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.scr-ref { color: #555; font-size: 0.85em; margin-bottom: 0.2em; }
.scr-abstain { background: #eff6ff; border-radius: 0.5rem; padding: 0.75em 1em; }
.scr-weak { color: #9a3412; font-weight: 600; }
.scr-context { border-left: 3px solid #ddd; padding-left: 0.8em; color: #444; }
.scr-context .scr-cited { background: #fef3c7; color: #111; }
.scr-scroll { overflow-x: auto; max-width: 100%; }
.scr-preview table { border-collapse: collapse; margin: 0.5em 0; }
.scr-preview th, .scr-preview td { border: 1px solid #ccc; padding: 0.25em 0.5em; vertical-align: top; }
.scr-preview blockquote { border-left: 3px solid #93c5fd; margin: 0.5em 0; padding-left: 0.8em; }
</style>"""


def escape(text: str) -> str:
    """Plain text as HTML that displays exactly that text (line breaks kept, runs of blank
    lines shown as one)."""
    return _LINE_BREAK.sub("<br>", html.escape(_BLANK_RUN.sub("\n\n", text), quote=True))


def label(text: str) -> str:
    """Document text for a markdown label: one line, every markup character escaped."""
    return markdown_literal(" ".join(text.split()))


def markdown_literal(piece: str) -> str:
    """A piece of streamed text for markdown (``st.write_stream``): every markup character
    escaped, white space kept. Escaping is per character, so pieces escaped one by one
    join into the escaped whole."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", piece)


def highlighted(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` escaped, with the (start, end) spans wrapped in ``<mark>``."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:  # overlapping spans: the first one already covers this
            continue
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def block(inner_html: str, css_class: str = "scr-text") -> str:
    return f'<div class="{css_class}">{inner_html}</div>'


def reference(source: str, section: str | None, page: int | None) -> str:
    """Where an extract comes from, as plain text: file name, section, page."""
    parts = [Path(source).name]
    if section:
        parts.append(section)
    if page:
        parts.append(f"p. {page}")
    return " · ".join(parts)


def in_context(before: str, cited: str, after: str, clipped_start: bool, clipped_end: bool) -> str:
    """A citation inside its surrounding passage, the cited span marked."""
    lead = "… " if clipped_start else ""
    tail = " …" if clipped_end else ""
    return block(
        f'{lead}{escape(before)}<span class="scr-cited">{escape(cited)}</span>{escape(after)}{tail}',
        "scr-context",
    )
