"""A defect in archlint is one clear line and exit 2, never a traceback or exit 1."""
from __future__ import annotations

import pytest

from linter import cli


@pytest.fixture
def broken_rules_command(monkeypatch):
    def explode(args):
        raise ValueError("boom\nsecond line")
    monkeypatch.setattr(cli, "run_rules", explode)


def test_unexpected_exception_is_one_line_and_exit_2(broken_rules_command, capsys, monkeypatch):
    monkeypatch.delenv("ARCHLINT_DEBUG", raising=False)
    assert cli.main(["rules"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith("archlint: internal error: ValueError:") and "boom" in first and "second line" in first
    assert "ARCHLINT_DEBUG=1" in err


def test_debug_shows_the_traceback(broken_rules_command, capsys, monkeypatch):
    monkeypatch.setenv("ARCHLINT_DEBUG", "1")
    assert cli.main(["rules"]) == 2
    assert "Traceback" in capsys.readouterr().err
