"""Hostile values in policies: a positioned error and exit 2, never a silently dropped check or a traceback."""
from __future__ import annotations

import pytest

from custom_fixtures import make_project
from linter.cli import main
from linter.custom import load_custom_rules
from linter.yaml_reader import LoadError

HEAD = """\
id: ORG001
name: hostile-values
severity: error
message: m
"""  # `select` is line 5, `assert` line 6
SELECT = "select: {type: aws.s3}\n"
CHECK = "assert: {attribute: {key: encrypted, exists: true}}\n"
BLUEPRINT = "blueprint: b\nregions: {us-east-1: {azs: [us-east-1a]}}\ncomponents:\n  s: {type: aws.s3}\n"


def problem_lines(tmp_path, policy: str) -> list[int]:
    make_project(tmp_path, {"p": HEAD + policy})
    with pytest.raises(LoadError) as caught:
        load_custom_rules(str(tmp_path), ["policies"])
    return [p.pos.line for p in caught.value.problems]


@pytest.mark.parametrize("policy, line", [
    (SELECT + "assert: {attribute: null}\n", 6),
    (SELECT + "assert: {attribute: ~, min_azs: 1}\n", 6),
    (SELECT + "assert: {attribute: {key: encrypted, equals: null}}\n", 6),
    (SELECT + "assert: {attribute: {key: encrypted, one_of: [true, null]}}\n", 6),
    (SELECT + "assert: {attribute: {key: encrypted, exists: null}}\n", 6),
    ("select: {type: aws.s3, tags: [a, b]}\n" + CHECK, 5),
    ("select: {type: aws.s3, tags: null}\n" + CHECK, 5),
    ("select: {type: aws.s3, tags: {on: x}}\n" + CHECK, 5),
    ("select: {id: yes}\n" + CHECK, 5),
    ("select: {type: aws.s3}\nassert: {min_azs: " + "9" * 90 + "}\n", 6),
    ("select: {type: !!bool maybe}\n" + CHECK, 5),
])
def test_each_hostile_value_is_refused_at_its_line(tmp_path, policy, line) -> None:
    assert problem_lines(tmp_path, policy) == [line]


def test_refused_policy_exits_2_through_the_cli(tmp_path, capsys, monkeypatch) -> None:
    make_project(tmp_path, {"p": HEAD + SELECT + "assert: {attribute: null}\n"}, BLUEPRINT)
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "bp.yaml"]) == 2
    assert "p.yaml:6:" in capsys.readouterr().err


def test_quoted_values_are_read_as_text(tmp_path) -> None:
    make_project(tmp_path, {"p": HEAD + "select: {id: 'yes', tags: {'on': 'x'}}\n" + CHECK})
    assert load_custom_rules(str(tmp_path), ["policies"]).broken == []
