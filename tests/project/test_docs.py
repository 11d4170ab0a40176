"""The documentation says what the code does: themes, glossary and settings tables."""

import pytest

from knowledge.glossary import BUILTIN
from knowledge.themes import THEMES
from settings import Settings
from tests.conftest import ROOT

pytestmark = pytest.mark.unit


def test_every_theme_is_documented_with_its_definition():
    doc = (ROOT / "docs" / "THEMES.md").read_text(encoding="utf-8")
    for theme in THEMES:
        assert f"| `{theme.key}` | {theme.name} | {theme.definition} |" in doc
    for acronym, meaning in BUILTIN.items():
        assert f"| {acronym} | {meaning} |" in doc


def test_every_setting_has_a_description_and_is_documented():
    doc = (ROOT / "docs" / "SETTINGS.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert field.description, name
        assert f"`SCR_{name.upper()}`" in doc and field.description in doc, name


def test_readme_opens_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:8]
    assert any(line.startswith("bin/demo") for line in head)
    assert any(line.startswith("bin/test") for line in head)
    assert "bin/test" in (ROOT / ".ci" / "run").read_text()
