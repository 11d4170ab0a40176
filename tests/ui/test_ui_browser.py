"""The app in a real browser: `streamlit run` on a free loopback port, Debian's Chromium
driven by Playwright, the sample corpus, the README's question; a screenshot is saved.

SCR_UPDATE_SCREENSHOT=1 also writes it to docs/screenshot.png (the README's picture).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.procs import free_port, stop, wait_until_answering
from tests.written_stores import ingested_sample

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
QUESTION = "Which cases involved registered sex offenders?"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def served_app(tmp_path: Path, embeddings):
    """The app serving a store ingested from the sample corpus; yields its URL."""
    settings = ingested_sample(tmp_path, embeddings)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCR_")}
    env.update(SCR_STORE_DIR=str(settings.store_dir), PYTHONPATH=str(ROOT))
    log = tmp_path / "streamlit.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "ui/app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{url}/_stcore/health", proc, "streamlit", log.read_text, ok=lambda body: body.strip() == b"ok")
        yield url
    finally:
        stop(proc, timeout=15)
        # Shown by pytest only when the test failed: the server's side of the story.
        print("\n--- streamlit log (tail) ---\n" + log.read_text(errors="replace")[-6000:])


# Every answer ends with its "Add to briefing" button (greyed once added).
_ANSWERS = "[...document.querySelectorAll('button')].filter(e => /^Add(ed)? to briefing$/.test(e.innerText.trim())).length"


def _settled(page) -> None:
    """Wait until the script runs that the last action started have finished (no running
    indicator and no stale element twice in a row, half a second apart: the indicator shows
    a moment after a run starts)."""
    idle = 0
    deadline = time.time() + 120
    while idle < 2 and time.time() < deadline:
        page.wait_for_timeout(500)
        busy = page.locator("[data-testid=stStatusWidgetRunningIcon], [data-stale=true]").count()
        idle = idle + 1 if busy == 0 else 0


def _ask(page, question: str) -> float:
    """Type a question, wait until its answer is on the page; seconds from Enter."""
    before = page.evaluate(_ANSWERS)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    started = time.perf_counter()
    box.press("Enter")
    try:
        page.wait_for_function(f"{_ANSWERS} > {before}", timeout=120_000)
    except Exception as error:  # say what the page showed instead of the answer
        body = page.locator("body").inner_text()
        typed = box.input_value()
        raise AssertionError(
            f"no answer to {question!r} within 120 s; the question box holds {typed!r}; the page ends with:\n{body[-3000:]}"
        ) from error
    return time.perf_counter() - started


def test_browser_answers_with_cases_citations_and_screenshot(served_app, tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1100})
            page.goto(served_app)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)  # model loaded
            first = _ask(page, QUESTION)
            warm = _ask(page, "How many children died?")
            print(f"\nbrowser: first answer {first:.2f} s (after page load), warm answer {warm:.2f} s")

            refs = page.locator(".scr-ref").all_inner_texts()
            assert any(r.startswith("[1] portsmouth-scb-briefing-8-scr-summaries-2011.txt") for r in refs), refs
            body = page.locator("body").inner_text()
            assert "registered sex offender" in body.lower()
            assert page.locator("mark").count() > 0  # matched words highlighted
            # The case table: drawn on a canvas, its cells mirrored in a hidden table for screen readers.
            page.get_by_test_id("stChatMessage").get_by_test_id("stDataFrame").first.wait_for()  # not the folded documents table
            cells = page.evaluate(
                "[...document.querySelectorAll('[data-testid=stDataFrame] td[role=gridcell]')].map(c => c.innerText)"
            )
            assert {"West Sussex", "Bedfordshire"} <= set(cells), cells
            evidence = page.get_by_text("Evidence: ")
            labels = [evidence.nth(i).inner_text() for i in range(evidence.count())]
            assert any("West Sussex" in x for x in labels) and any("Bedfordshire" in x for x in labels), labels

            # The screenshot shows the list answer: a new conversation (the bare address) with that one question.
            page.goto(served_app)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
            _ask(page, QUESTION)
            page.locator(".scr-ref").first.scroll_into_view_if_needed()
            page.get_by_test_id("stChatMessage").first.scroll_into_view_if_needed()
            shot = tmp_path / "screenshot.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            if os.environ.get("SCR_UPDATE_SCREENSHOT") == "1":
                shutil.copy(shot, ROOT / "docs" / "screenshot.png")

            _upload_hostile_file_and_see_it_inert(page, tmp_path)
        finally:
            browser.close()


HOSTILE = (
    "Learning point: <script>window.pwned=1</script> the lodger's risk assessment was never updated, "
    "see ![x](http://evil.invalid/x.png) and [the file](http://evil.invalid/link).\n"
)


def _upload_hostile_file_and_see_it_inert(page, tmp_path: Path) -> None:
    """Add a document through the sidebar uploader, then ask about it: its markup shows as text."""
    hostile = tmp_path / "hostile-review.txt"
    hostile.write_text(HOSTILE)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(hostile))
    page.get_by_role("button", name="Ingest 1 file(s)").click()
    page.get_by_text("Added 1 document(s).").wait_for(timeout=180_000)
    # The sidebar says so while the page is still being redrawn with the new store; a
    # question sent in that moment was once dropped (Streamlit coalesces the fragment's
    # app rerun with the question's), so ask when the page is idle, as a reader would.
    _settled(page)
    _ask(page, "Was the lodger's risk assessment updated?")
    page.get_by_text("<script>window.pwned=1</script>", exact=False).first.wait_for(state="attached")
    assert page.evaluate("window.pwned") is None
    assert page.locator("img[src*='evil'], a[href*='evil'], .scr-text script, .scr-context script").count() == 0
    assert page.get_by_text("![x](http://evil.invalid/x.png)", exact=False).count() > 0
