"""Regenerate docs/THEMES.md and docs/SETTINGS.md from the code: `python -m docs.generate`.

tests/project/test_docs.py fails when they drift, so run this after adding a setting or theme.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.glossary import BUILTIN
from knowledge.themes import THEMES
from settings import Settings

HERE = Path(__file__).resolve().parent


def themes_page() -> str:
    lines = [
        "# Learning themes", "",
        "The controlled vocabulary the case index tags cases with (`knowledge/themes.py`). A tag",
        "always carries the span of text that triggered it; a statement quoted under a numbered",
        'heading ("5.1 Workforce Capacity:") is tagged with the heading\'s theme too.', "",
        "`python -m assistant cases --theme KEY` lists the cases tagged with a theme.", "",
        "| key | theme | definition |", "|---|---|---|",
    ]
    lines += [f"| `{t.key}` | {t.name} | {t.definition} |" for t in THEMES]
    lines += [
        "", "## Built-in glossary", "",
        'Acronyms expanded when matching (a document\'s own key, e.g. "Key: RSO – Registered Sex',
        'Offender", is added to these for that corpus).', "", "| acronym | meaning |", "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in sorted(BUILTIN.items())]
    return "\n".join(lines) + "\n"


def _shown(default: object) -> str:
    """A default as this page shows it: the home folder as ~, so the page is the same on
    every machine (the store folder also follows $XDG_DATA_HOME)."""
    text = str(default)
    if isinstance(default, Path) and default.is_relative_to(Path.home()):
        text = "~/" + str(default.relative_to(Path.home()))
    return text


def settings_page() -> str:
    lines = [
        "# Settings", "",
        "Every setting, from `settings.py`. Set them as environment variables (or in a `.env`",
        "file in the working folder). Regenerate this page with `python -m docs.generate`.", "",
        "| variable | default | description |", "|---|---|---|",
    ]
    lines += [
        f"| `SCR_{name.upper()}` | `{_shown(field.get_default(call_default_factory=True))}` | {field.description} |"
        for name, field in Settings.model_fields.items()
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (HERE / "THEMES.md").write_text(themes_page(), encoding="utf-8")
    (HERE / "SETTINGS.md").write_text(settings_page(), encoding="utf-8")
    print("written docs/THEMES.md, docs/SETTINGS.md")
