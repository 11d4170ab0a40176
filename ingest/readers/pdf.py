"""PDF via pypdf: each page's text layer without its running header and footer, pages
separated by a blank line, page spans kept.

No OCR: a scanned PDF without a text layer is refused with a message saying so.
"""

from __future__ import annotations

import io
import logging
import warnings

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from ingest.extracted import ExtractedDocument, PageSpan, UnreadableFile
from ingest.readers.page_furniture import without_furniture
from ingest.readers.text import TITLE_MAX_CHARS, normalise_newlines, short_error, title_from_text
from settings import Settings

PAGE_SEPARATOR = "\n\n"

# pypdf logs a warning for every small defect it repairs; users only need our one line.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read(source: str, data: bytes, settings: Settings) -> ExtractedDocument:
    # Viewers accept the header anywhere in the first KB; without it pypdf's own error
    # ("Stream has ended unexpectedly") would not tell the user what is wrong.
    if b"%PDF-" not in data[:1024]:
        raise UnreadableFile(source, "not a readable PDF (no PDF header)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            _unlock(source, reader)
            page_texts = [normalise_newlines(page.extract_text() or "") for page in reader.pages]
            metadata_title = _metadata_title(reader)
    except UnreadableFile:
        raise
    except Exception as error:  # pypdf raises many types on malformed files, not only PdfReadError
        raise UnreadableFile(source, f"not a readable PDF ({short_error(error)})") from None
    if not page_texts:
        raise UnreadableFile(source, "not a readable PDF (no pages)")
    if not any(page.strip() for page in page_texts):
        raise UnreadableFile(source, "no text layer; OCR is not supported")
    text, pages = join_pages(without_furniture(page_texts))
    title = metadata_title or title_from_text(text, source)
    return ExtractedDocument(source=source, title=title, text=text, pages=pages)


def join_pages(page_texts: list[str]) -> tuple[str, tuple[PageSpan, ...]]:
    """The pages' texts joined by ``PAGE_SEPARATOR``, with each page's span in the result."""
    spans, offset = [], 0
    for number, page_text in enumerate(page_texts, start=1):
        spans.append(PageSpan(number, offset, offset + len(page_text)))
        offset += len(page_text) + len(PAGE_SEPARATOR)
    return PAGE_SEPARATOR.join(page_texts), tuple(spans)


def _unlock(source: str, reader: PdfReader) -> None:
    """Open a PDF that is encrypted with an empty user password (restrictions only)."""
    if not reader.is_encrypted:
        return
    try:
        result = reader.decrypt("")
    except DependencyError:
        # AES needs the optional 'cryptography' package; without it we cannot tell more.
        raise UnreadableFile(source, "encrypted PDF (AES encryption needs the 'cryptography' package)") from None
    if result == PasswordType.NOT_DECRYPTED:
        raise UnreadableFile(source, "encrypted PDF (password protected)")


def _metadata_title(reader: PdfReader) -> str:
    try:
        metadata = reader.metadata
        title = metadata.title if metadata else None
    except Exception:  # a broken Info dictionary should not cost us the text
        return ""
    return " ".join(str(title).split())[:TITLE_MAX_CHARS] if title else ""
