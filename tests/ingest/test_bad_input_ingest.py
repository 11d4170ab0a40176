"""A messy folder through the real CLI: every bad file gets one line naming it and why,
the exit status says something failed, the good files (odd encodings included) ingest,
and documents ingested before, one of them now corrupt, still answer with citations.

(Each reader's reasons are checked file by file in test_readers.py; this is the whole path.)
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from assistant.service import Assistant
from ingest.pipeline import ingest
from tests.ingest.test_readers import _encrypted, make_pdf
from tests.procs import child_env, run, without_dac_override

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MAX_FILE_BYTES = 100_000
MAX_UNPACKED_BYTES = 200_000
SCRIPT_TOKEN, STYLE_TOKEN = "zqxjwvplover", "kestrelmoss"

VISITS = "Serious Case Review: Child M\n\nThe health visitor did not record the bruising on the baby's ear during the home visit in March.\n"
POLICE = ["Police involvement", "The police attended the family home eleven times in two years."]
PAGE = f"""<html><head><title>Learning briefing</title>
<style>.{STYLE_TOKEN} {{ color: red }}</style>
<script>var token = "{SCRIPT_TOKEN}"; document.write("injected");</script></head>
<body><h1>Learning briefing</h1>
<p>The school nurse referred the boy to children's social care after his third absence.</p>
<script>alert("{SCRIPT_TOKEN}")</script></body></html>
"""
WINDOWS = "Housing\r\n\r\nThe mother’s partner paid “£350” to the landlord in cash before the family moved.\r\n"
LATIN1 = "School finances\n\nThe café manager, Renée, raised concerns that £120 of the dinner money was missing.\n"
BOM = "Health follow-up\n\nThe GP surgery failed to follow up the missed immunisation appointments for Child P.\n"


def _scan_pdf(folder: Path) -> bytes:
    from fpdf import FPDF
    from PIL import Image

    image = folder / "scan.png"
    Image.new("RGB", (60, 40), "grey").save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    image.unlink()
    return bytes(pdf.output())


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 2_000_000)  # ~2 KB on disk


@pytest.fixture
def messy_folder(tmp_path, settings, embeddings):
    """Good documents ingested once; then bad files added and one good file corrupted."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "visits.txt").write_text(VISITS, encoding="utf-8")
    (docs / "police.pdf").write_bytes(make_pdf(POLICE))
    (docs / "page.html").write_text(PAGE, encoding="utf-8")
    first = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert first.exit_code == 0 and len(first.added) == 3

    # Good files in awkward encodings.
    (docs / "windows.txt").write_bytes(WINDOWS.encode("cp1252"))
    (docs / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (docs / "bom.txt").write_bytes(BOM.encode("utf-8-sig"))
    # Bad files, each expected to be refused with this reason.
    (docs / "police.pdf").write_bytes(make_pdf(POLICE)[:300])  # ingested before, now truncated
    (docs / "corrupt.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    (docs / "locked.pdf").write_bytes(_encrypted(make_pdf(["Confidential"]), "secret"))
    (docs / "scan.pdf").write_bytes(_scan_pdf(tmp_path))
    (docs / "empty.txt").write_bytes(b"")
    (docs / "junk.txt").write_bytes(os.urandom(4096) + b"\0")
    (docs / "fake.docx").write_text("I am plain text pretending to be Word")
    _zip_bomb(docs / "bomb.docx")
    (docs / "big.txt").write_text("word " * 30_000)  # 150,000 bytes
    (docs / "secret.txt").write_text("Nobody may read this.")
    (docs / "secret.txt").chmod(0)
    (docs / "loop").symlink_to(docs, target_is_directory=True)
    os.mkfifo(docs / "pipe.txt")  # reading it would block forever: must be passed over
    expected = {
        "police.pdf": "not a readable PDF (",
        "corrupt.pdf": "not a readable PDF (",
        "locked.pdf": "encrypted PDF (password protected)",
        "scan.pdf": "no text layer; OCR is not supported",
        "empty.txt": "empty file",
        "junk.txt": "not a text file (binary content)",
        "fake.docx": "not a Word .docx file (not a zip archive)",
        "bomb.docx": "refused: unpacks to 2 MB (limit 0.2 MB), possible zip bomb",
        "big.txt": "too large: 150,000 bytes (limit 100,000 bytes)",
        "secret.txt": "permission denied",
        "loop": "symlink loop",
    }
    yield docs, expected
    (docs / "secret.txt").chmod(0o644)


def test_bad_files_are_reported_one_line_each_and_the_store_keeps_answering(messy_folder, settings, embeddings):
    docs, expected = messy_folder
    env = child_env(
        SCR_MAX_FILE_BYTES=str(MAX_FILE_BYTES),
        SCR_MAX_UNPACKED_BYTES=str(MAX_UNPACKED_BYTES),
        SCR_STORE_DIR=str(settings.store_dir),
    )
    result = run(["-m", "ingest", str(docs), "--quiet"], env=env, prefix=without_dac_override())

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip() == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("added 3, updated 0, unchanged 2, removed 0, failed 11, skipped 1 ")
    for name, reason in expected.items():
        mentions = [line for line in lines[1:] if Path(line.split(": ")[1]).name == name]
        assert len(mentions) == 1, (name, lines)
        prefix = f"  failed: {docs / name}: "
        assert mentions[0].startswith(prefix) and mentions[0][len(prefix):].startswith(reason), mentions[0]
        assert "\n" not in mentions[0]
    assert f"  skipped: {docs / 'pipe.txt'}: not a regular file" in lines

    assistant = Assistant(settings, embeddings)
    assert assistant.status()["documents"] == 6  # 3 from before (police.pdf's old version) + 3 new

    def cited(question: str, source: str) -> str:
        answer = assistant.ask(question)
        assert not answer.abstained, (question, answer.answer)
        citation = answer.citations[0]
        assert Path(citation.source).name == source, (question, answer.citations)
        assert citation.text == assistant.document_text(citation.doc_hash)[citation.start : citation.end]
        return citation.text

    # Ingested before; police.pdf is corrupt now, and its old version still answers.
    assert "eleven times" in cited("How many times did the police attend the family home?", "police.pdf")
    assert "bruising" in cited("What did the health visitor not record?", "visits.txt")
    # Windows-1252, Latin-1 and UTF-8 with BOM text, characters intact.
    assert "“£350”" in cited("How much did the mother's partner pay the landlord?", "windows.txt")
    assert "café manager, Renée" in cited("Who raised concerns that dinner money was missing?", "latin1.txt")
    bom = cited("Which appointments did the GP surgery fail to follow up?", "bom.txt")
    assert "immunisation" in bom and "\ufeff" not in bom
    # HTML: the visible text answers; script and style text was never indexed.
    assert "school nurse" in cited("Who referred the boy to children's social care?", "page.html")
    for token in (SCRIPT_TOKEN, STYLE_TOKEN, "injected"):
        assert assistant.lexical.search(token, 5) == []
        assert not any(token in assistant.document_text(h) for h in assistant.documents)
        assert not any(token in p.embed_text for p in assistant.store.iter_passages())
