"""The app as a workplace, in a real browser (Debian's Chromium driven by Playwright,
the real server, the sample corpus): work kept across a reload, the Cases view and its
exports, a briefing read back from its Word and Markdown files, the layout at 420 px,
and an upload cancelled while another session gets answers.

SCR_UPDATE_SCREENSHOT=1 also refreshes the README's pictures in docs/screenshots/.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from docx import Document
from markdown_it import MarkdownIt

from tests.ui.test_ui_browser import CHROMIUM, CHROMIUM_ARGS, ROOT, _ask, _settled, served_app  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = ROOT / "docs" / "screenshots"


@contextmanager
def _browser():
    """Debian's Chromium under Playwright, closed however the test ends."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (.ci/run does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _ready(page, url: str) -> None:
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)


def _view(page, name: str) -> None:
    page.get_by_test_id("stRadio").get_by_text(name, exact=True).click()


def _shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    if os.environ.get("SCR_UPDATE_SCREENSHOT") == "1":
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / f"{name}.png")


def _download(page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def test_work_is_kept_and_briefing_files_read_back(served_app, tmp_path):  # noqa: F811
    with _browser() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
        _ready(page, served_app)
        body = page.get_by_test_id("stMainBlockContainer").inner_text()
        assert "What is loaded" in body and "Try a question" in body
        for jargon in ("Passages", "Extractive answer", "Answered in", "+00:00"):
            assert jargon not in page.locator("body").inner_text(), jargon
        _shot(page, tmp_path, "home")

        # An example question, one click away; then a follow-up.
        page.get_by_role("button", name="Which cases involved registered sex offenders?").click()
        page.get_by_text("Evidence: ").first.wait_for(timeout=120_000)
        _settled(page)
        page.get_by_role("button", name="Add to briefing").first.click()
        _settled(page)
        page.get_by_test_id("stChatMessage").nth(1).scroll_into_view_if_needed()
        _shot(page, tmp_path, "answer")
        page.wait_for_url(re.compile(r"[?&]c=\w+"), timeout=10_000)  # the address names the conversation

        _view(page, "Briefing")
        title = page.get_by_label("Title")
        title.fill("RSO cases: team briefing")
        title.press("Enter")
        _settled(page)
        page.get_by_label("Introduction").fill("For the Monday team meeting.")
        page.get_by_label("Title").click()  # leaving the box saves it
        _settled(page)
        page.get_by_label("Your note").fill("Both children were harmed by the mother's partner.")
        page.get_by_label("Title").click()
        _settled(page)
        _shot(page, tmp_path, "briefing")

        page.reload()  # nothing typed is lost
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
        assert page.get_by_text("Which cases involved registered sex offenders?").count() >= 1
        _view(page, "Briefing")
        page.get_by_label("Title").wait_for()
        assert page.get_by_label("Title").input_value() == "RSO cases: team briefing"
        assert page.get_by_label("Introduction").input_value() == "For the Monday team meeting."
        assert page.get_by_label("Your note").input_value() == "Both children were harmed by the mother's partner."

        word = Document(io.BytesIO(_download(page, "Download Word (.docx)")))
        props = word.core_properties
        assert props.title == "RSO cases: team briefing" and props.author != "python-docx"
        assert props.created.year >= 2026 and "python-docx" not in (props.comments or "")
        table = word.tables[0]
        assert [c.text for c in table.rows[0].cells] == ["Area", "Child", "Age", "Gender", "Context", "Themes", "Sources"]
        assert {r.cells[0].text for r in table.rows[1:]} == {"West Sussex", "Bedfordshire"}
        texts = [p.text for p in word.paragraphs]
        assert "Both children were harmed by the mother's partner." in texts
        refs = texts[texts.index("References") + 1 :]
        assert refs[0].startswith("[1] Briefing Paper: (portsmouth-scb-briefing-8-scr-summaries-2011.txt)")  # title, file

        markdown = _download(page, "Download Markdown").decode()
        assert "\\[" not in markdown and "\\&" not in markdown
        html = MarkdownIt("gfm-like").render(markdown)
        assert "<table>" in html and "West Sussex" in html and "<a " not in html


def test_cases_view_lists_and_exports_every_case_and_works_at_420px(served_app, tmp_path):  # noqa: F811
    with _browser() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
        _ready(page, served_app)
        _view(page, "Cases")
        page.get_by_test_id("stDataFrame").first.wait_for(timeout=60_000)
        _settled(page)
        assert page.get_by_text("Showing 8 of 8 cases.").count() == 1
        page.get_by_test_id("stRadio").scroll_into_view_if_needed()  # the picture shows the table
        _shot(page, tmp_path, "cases")
        rows = list(csv.DictReader(io.StringIO(_download(page, "Download CSV").decode("utf-8-sig"))))
        assert len(rows) == 8 and {"West Sussex", "Bedfordshire"} <= {r["Area"] for r in rows}
        assert list(rows[0]) == ["Child", "Area", "Age", "Gender", "Died or harmed", "Themes", "Review", "Year"]
        word = Document(io.BytesIO(_download(page, "Download Word table")))
        assert len(word.tables[0].rows) == 9
        _view(page, "Themes")
        page.get_by_text("Themes across cases").wait_for(timeout=60_000)
        _settled(page)
        page.get_by_test_id("stRadio").scroll_into_view_if_needed()
        _shot(page, tmp_path, "themes")

        narrow = browser.new_page(viewport={"width": 420, "height": 900})
        _ready(narrow, served_app)
        assert narrow.evaluate("document.documentElement.scrollWidth") <= 420  # nothing wider than the screen
        _view(narrow, "Cases")
        cells = "[...document.querySelectorAll('[data-testid=stDataFrame] td[role=gridcell]')].map(c => c.innerText)"
        narrow.wait_for_function(f"{cells}.includes('Carrie')", timeout=60_000)  # the child's (pinned) column
        _settled(narrow)
        box = narrow.get_by_test_id("stDataFrame").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 420  # the table scrolls inside the screen
        narrow.get_by_test_id("stExpandSidebarButton").click()  # the sidebar is reachable
        narrow.get_by_text("New conversation").wait_for()
        _shot(narrow, tmp_path, "narrow-sidebar")


def test_upload_can_be_cancelled_while_another_session_gets_answers(served_app, tmp_path):  # noqa: F811
    big = tmp_path / "big-review.txt"
    big.write_text("\n\n".join(f"{i}. The health visitor recorded concern {i} about the home; the GP was not told."
                               for i in range(60_000)))  # fmt: skip
    with _browser() as browser:
        uploader = browser.new_page(viewport={"width": 1440, "height": 1000})
        _ready(uploader, served_app)
        uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
        uploader.get_by_role("button", name="Ingest 1 file(s)").click()
        uploader.get_by_text("Adding documents").wait_for(timeout=60_000)
        uploader.get_by_text("passages a second").wait_for(timeout=180_000)  # a rate and time left
        assert uploader.get_by_text(re.compile(r"(about \d+ min|hours|less than a minute) left")).count() == 1

        other = browser.new_page(viewport={"width": 1440, "height": 1000})
        _ready(other, served_app)
        assert other.get_by_text("Adding documents").count() == 1  # everyone sees that an ingest runs
        seconds = _ask(other, "Which children died while co-sleeping?")
        print(f"\nanswer during the ingest: {seconds:.1f} s")
        assert seconds < 60

        asked = time.perf_counter()
        uploader.get_by_role("button", name="Cancel").click()
        uploader.get_by_text("Cancelled. Added 0 document(s); 1 not added.").wait_for(timeout=30_000)
        print(f"cancel shown after {time.perf_counter() - asked:.1f} s")
        assert time.perf_counter() - asked < 20
        assert uploader.get_by_test_id("stMetricValue").first.inner_text() == "3"
