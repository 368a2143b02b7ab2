"""Hostile values in blueprints: a positioned load error and exit 2, or a correct reading; never a traceback."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from linter.cli import main

HEAD = """\
blueprint: shop
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
  us-west-2: {azs: [us-west-2a, us-west-2b]}
networks:
  shop:
    region: us-east-1
    cidr: 10.0.0.0/16
    subnets:
      app-a: {az: us-east-1a, cidr: 10.0.10.0/24}
      app-b: {az: us-east-1b, cidr: 10.0.11.0/24}
"""  # 11 lines: what a case adds starts at line 12
PAIR = "components:\n  a: {type: aws.ecs, subnets: [app-a, app-b], count: 2}\n  b: {type: aws.s3}\nflows:\n"  # flows from line 16
WAIVED = "components:\n  a: {type: aws.s3}\nwaivers:\n  - {rule: SEC003, element: a, reason: accepted, expires: %s}\n"
PROBLEM_RE = re.compile(r"^bp\.yaml:(\d+):\d+: (.*)$", re.MULTILINE)


def lint(tmp_path: Path, capsys, text: str) -> tuple[int, list[tuple[int, str]]]:
    (tmp_path / "bp.yaml").write_text(text)
    code = main(["lint", str(tmp_path / "bp.yaml"), "--no-config"])
    out, err = capsys.readouterr()
    return code, [(int(line), message) for line, message in PROBLEM_RE.findall((out + err).replace(str(tmp_path) + "/", ""))]


def refused(tmp_path: Path, capsys, text: str) -> list[tuple[int, str]]:
    code, problems = lint(tmp_path, capsys, text)
    assert code == 2 and problems, problems
    return problems


def accepted(tmp_path: Path, capsys, text: str) -> None:
    code, problems = lint(tmp_path, capsys, text)
    assert code in (0, 1), problems


# -- explicit tags ------------------------------------------------------------------
@pytest.mark.parametrize("case, line, fact", [
    ("components:\n  a: {type: aws.s3, encrypted: !!bool maybe}\n", 13, "maybe"),
    ('components:\n  a: {type: aws.ecs, count: !!int ""}\n', 13, "!!int"),
    ("targets: {availability: !!float x}\n", 12, "`x`"),
    ("components:\n  !!null x: {type: aws.s3}\n", 13, "!!null"),
    ("description: !!map x\n", 12, "!!map"),
    ("description: !!str [a, b]\n", 12, "!!str"),
    ("components: !!seq {a: {type: aws.s3}}\n", 12, "!!seq"),
    ("x-meta: !!binary aGVsbG8=\n", 12, "!!binary"),
])
def test_tags_that_do_not_fit_their_value(tmp_path, capsys, case, line, fact) -> None:
    assert any(found == line and fact in message for found, message in refused(tmp_path, capsys, HEAD + case))


def test_standard_tags_that_fit_are_read(tmp_path, capsys) -> None:
    accepted(tmp_path, capsys, HEAD + "targets: {availability: !!float 99, rpo: !!str 5m}\ncomponents:\n  a: {type: aws.s3, encrypted: !!bool true}\n")


# -- numbers and bounds -------------------------------------------------------------
@pytest.mark.parametrize("case, line", [
    ("components:\n  a: {type: aws.ecs, count: " + "9" * 400 + "}\n", 13),
    ("components:\n  a: {type: aws.ecs, count: 10001}\n", 13),
    ("components:\n  a: {type: aws.ecs, autoscaling: {min: 2, max: 20000}}\n", 13),
    ("components:\n  a: {type: aws.s3, backup: {retention_days: 36501}}\n", 13),
    ("components:\n  a: {type: aws.api_gateway, throttle: {rate: " + "9" * 5000 + ", burst: 1}}\n", 13),
    ("targets: {rpo: " + "9" * 5000 + "d}\n", 12),
    ("targets: {rto: 366d}\n", 12),
    ("targets: {availability: .nan}\n", 12),
    ("targets: {availability: .inf}\n", 12),
    ("components:\n  a: {type: aws.s3, sla: .nan}\n", 13),
    ("components:\n  a: {type: aws.s3, sla: 1.0e999}\n", 13),
    (PAIR + '  - {from: a, to: b, port: "1-' + "9" * 5000 + '"}\n', 16),
    (PAIR + "  - {from: a, to: b, port: 80:22}\n", 16),
    ("targets: {rpo: 1:30}\n", 12),
])
def test_numbers_out_of_bounds(tmp_path, capsys, case, line) -> None:
    assert line in {found for found, _ in refused(tmp_path, capsys, HEAD + case)}


def test_bounds_themselves_are_accepted(tmp_path, capsys) -> None:
    accepted(tmp_path, capsys, HEAD + "targets: {rpo: 365d, rto: 0s}\ncomponents:\n"
             "  a: {type: aws.ecs, subnets: [app-a, app-b], count: 10000}\n  b: {type: aws.s3, backup: {retention_days: 36500}}\n")


@pytest.mark.parametrize("written, number", [("80:22", "4822"), ("010", "8")])
def test_base_60_and_octal_numbers_are_refused_naming_what_yaml_made_of_them(tmp_path, capsys, written, number) -> None:
    """YAML 1.2 and most tools read these differently (text, decimal): the value is ambiguous."""
    (line, message), = refused(tmp_path, capsys, HEAD + PAIR + f"  - {{from: a, to: b, port: {written}}}\n")
    assert line == 16 and f"`{written}`" in message and number in message


# -- lists and maps ---------------------------------------------------------------
@pytest.mark.parametrize("case, line", [
    ("components:\n  a: {type: aws.ec2, azs: us-west-2a}\n", 13),
    ("components:\n  t: {type: aws.dynamodb, global_table_regions: us-west-2}\n", 13),
    ("components:\n  a: {type: aws.ecs, subnets: app-a}\n", 13),
    ("components:\n  a: {type: aws.lambda}\n  b: {type: aws.s3}\niam:\n  r: {attached_to: a, allow: [{actions: [s3:GetObject], resources: [b]}]}\n", 16),
    ("components:\n  a: {type: aws.lambda}\n  b: {type: aws.s3}\niam:\n  r: {attached_to: [a], allow: [{actions: [s3:GetObject], resources: '*'}]}\n", 16),
])
def test_a_single_value_where_a_list_is_expected(tmp_path, capsys, case, line) -> None:
    assert any(found == line and "must be a list" in message for found, message in refused(tmp_path, capsys, HEAD + case))


def test_a_single_az_for_a_region_is_refused_not_read_by_character(tmp_path, capsys) -> None:
    problems = refused(tmp_path, capsys, "blueprint: shop\nregions:\n  us-west-2: {azs: us-west-2a}\n")
    assert problems == [(3, problems[0][1])] and "must be a list" in problems[0][1]


def test_flow_ends_take_one_id_or_a_list(tmp_path, capsys) -> None:
    accepted(tmp_path, capsys, HEAD + PAIR + "  - {from: a, to: b}\n  - {from: [a], to: [b], port: 443}\n")


# -- references between values --------------------------------------------------------
def test_replica_of_cycle_names_the_cycle(tmp_path, capsys) -> None:
    (line, message), = refused(tmp_path, capsys, HEAD + "components:\n"
                               "  a: {type: aws.rds, subnets: [app-a], replica_of: b}\n"
                               "  b: {type: aws.rds, subnets: [app-b], replica_of: c}\n"
                               "  c: {type: aws.rds, subnets: [app-b], replica_of: a}\n")
    assert line == 13 and "a -> b -> c -> a" in message


def test_replica_chains_are_accepted(tmp_path, capsys) -> None:
    accepted(tmp_path, capsys, HEAD + "components:\n  a: {type: aws.rds, subnets: [app-a, app-b], multi_az: true}\n"
             "  b: {type: aws.rds, subnets: [app-b], replica_of: a}\n  c: {type: aws.rds, subnets: [app-a], replica_of: b}\n")


def test_repeated_flow_names_both_lines(tmp_path, capsys) -> None:
    (line, message), = refused(tmp_path, capsys, HEAD + PAIR + "  - a -> b\n  - {from: a, to: b}\n")
    assert line == 17 and "line 16" in message


def test_repeated_target_in_one_entry(tmp_path, capsys) -> None:
    (line, _), = refused(tmp_path, capsys, HEAD + PAIR + "  - {from: a, to: [b, b]}\n")
    assert line == 16


def test_two_different_flows_between_one_pair_are_accepted(tmp_path, capsys) -> None:
    accepted(tmp_path, capsys, HEAD + PAIR + "  - {from: a, to: b, port: 443}\n  - {from: a, to: b, port: 8443}\n")


def test_self_flow(tmp_path, capsys) -> None:
    (line, message), = refused(tmp_path, capsys, HEAD + PAIR + "  - a -> b\n  - b -> b\n")
    assert line == 17 and "`b`" in message


# -- dates ----------------------------------------------------------------------------
@pytest.mark.parametrize("expires", ["tomorrow", "2026-13-45", "2026-02-30", "20260101", "2026-1-5", "2026-01-01 10:00:00"])
def test_waiver_expiry_that_is_not_an_iso_date(tmp_path, capsys, expires) -> None:
    assert [line for line, _ in refused(tmp_path, capsys, HEAD + WAIVED % expires)] == [15]


def test_waiver_expiry_iso_date(tmp_path, capsys) -> None:
    accepted(tmp_path, capsys, HEAD + WAIVED % "2027-03-31")


# -- what YAML 1.1 made of a value ----------------------------------------------------------
@pytest.mark.parametrize("case, line, written", [
    ("environment: on\n", 12, "`on`"),
    ("description: yes\n", 12, "`yes`"),
    ("components:\n  a: {type: aws.s3, label: 1.10}\n", 13, "`1.10`"),
    ("components:\n  1: {type: aws.s3}\n", 13, "`1`"),
    ("components:\n  1.5: {type: aws.s3}\n", 13, "`1.5`"),
    ("components:\n  010: {type: aws.s3}\n", 13, "`010`"),
    ("components:\n  a: {type: aws.s3, tags: {on: x}}\n", 13, "`on`"),
    ("regions:\n  r: {azs: [1, 2]}\n", 13, "`1`"),
])
def test_messages_name_the_value_as_written(tmp_path, capsys, case, line, written) -> None:
    text = HEAD.replace("regions:\n", "x-regions:\n") if case.startswith("regions") else HEAD
    problems = refused(tmp_path, capsys, text + case)
    assert any(found == line and written in message and "YAML 1.1" in message for found, message in problems), problems


def test_true_and_True_keys_are_named_as_one_boolean(tmp_path, capsys) -> None:
    (line, message), = refused(tmp_path, capsys, HEAD + "components:\n  a: {type: aws.s3, tags: {'x': 1, true: x, True: y}}\n")
    assert line == 13 and "`True`" in message and "`true`" in message and "YAML 1.1" in message


def test_exponent_without_a_dot_stays_text(tmp_path, capsys) -> None:
    """YAML 1.1 floats need a dot: `99e-1` is an id, not 9.9."""
    accepted(tmp_path, capsys, HEAD + "components:\n  99e-1: {type: aws.s3}\n")


def test_replica_of_that_is_not_an_id_is_refused_where_written(tmp_path, capsys) -> None:
    problems = refused(tmp_path, capsys, HEAD + "components:\n  a: {type: aws.rds, subnets: [app-a]}\n"
                       "  b: {type: aws.rds, subnets: [app-b], replica_of: [a]}\n")
    assert {line for line, _ in problems} == {14}
