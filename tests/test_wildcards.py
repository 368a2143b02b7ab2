"""Wildcard matching (IAM actions, policy selectors) stays linear on hostile patterns."""
from __future__ import annotations

import fnmatch
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.graph import action_matches
from linter.wildcards import wildcard_match

HOSTILE = "a*" * 30 + "b"


@pytest.mark.parametrize("pattern, text, expected", [
    ("*", "", True), ("", "", True), ("", "a", False), ("a?c", "abc", True), ("a?c", "ac", False),
    ("s3:Get*", "s3:GetObject", True), ("a*b*c", "aXbY", False), ("*?", "", False), ("a*a", "a", False),
])
def test_wildcards(pattern, text, expected) -> None:
    assert wildcard_match(pattern, text) is expected


def test_iam_actions_match_case_insensitively() -> None:
    assert action_matches("S3:get*", "s3:GetObject") and not action_matches("s3:Put*", "s3:GetObject")


@given(st.text("ab*?", max_size=8), st.text("ab", max_size=10))
def test_agrees_with_shell_matching(pattern: str, text: str) -> None:
    assert wildcard_match(pattern, text) == fnmatch.fnmatchcase(text, pattern)


def test_hostile_pattern_returns_at_once() -> None:
    # A backtracking regex takes hours here; the matcher a few milliseconds.
    assert not wildcard_match(HOSTILE, "a" * 20_000)


def test_hostile_grant_and_selector_through_the_cli(tmp_path) -> None:
    """A 300-byte blueprint and policy with many wildcards lint within seconds, not minutes."""
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "p.yaml").write_text(textwrap.dedent(f"""\
        id: ORG001
        name: hostile-selector
        severity: error
        message: m
        select: {{id: "{HOSTILE}"}}
        assert: {{attribute: {{key: encrypted, exists: true}}}}
        """))
    (tmp_path / "archlint.toml").write_text('rules-dirs = ["policies"]\n')
    (tmp_path / "bp.yaml").write_text(textwrap.dedent(f"""\
        blueprint: bomb
        regions: {{us-east-1: {{azs: [us-east-1a]}}}}
        components:
          {"a" * 60}: {{type: aws.lambda}}
          b: {{type: aws.s3}}
        flows:
          - {{from: {"a" * 60}, to: b, actions: ["s3:{"a" * 60}"]}}
        iam:
          r:
            attached_to: [{"a" * 60}]
            allow: [{{actions: ["s3:{HOSTILE}"], resources: [b]}}]
        """))
    done = subprocess.run([sys.executable, "-m", "linter", "lint", "bp.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and "LP004" in done.stdout and "Traceback" not in done.stderr
