"""The message catalog: no number of the rules hard-coded in help texts."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from kpitool.cli import app

runner = CliRunner()


@pytest.mark.parametrize(("command", "option"), [
    pytest.param("score", "--enforce-quota", id="enforce-quota"),
])
def test_help_names_the_rules_key_not_its_value(command, option):
    shown = runner.invoke(app, [command, "--help"], color=False)
    assert shown.exit_code == 0
    words = " ".join(shown.output.split())
    help_text = words[words.index(option):].split(" --")[0]  # up to the next option
    assert "quota.excellent_share_of_good" in help_text
    assert not re.search(r"\d+\s*%", help_text), help_text
