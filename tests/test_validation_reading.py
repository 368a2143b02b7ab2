"""Validation reads only what a blueprint states and computes a position only for a problem.

The loader validates tens of thousands of flows and components; these tests
pin the behaviour its fast paths must keep: the same problems at the same
places, whatever the order of keys, and no position made for a valid value.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from linter import yaml_reader
from linter.checks import Checker, unknown_keys
from linter.loading import LoadError, load_blueprint
from linter.loading.validate import build_blueprint
from linter.rules import builtin_rules

HEAD = """\
blueprint: shop
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
components:
  app: {type: aws.ecs, azs: [us-east-1a, us-east-1b]}
  db: {type: aws.dynamodb}
  queue: {type: aws.sqs}
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "bp.yaml"
    path.write_text(textwrap.dedent(text))
    return load_blueprint(str(path), builtin_rules())


def problems(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(LoadError) as caught:
        load(tmp_path, text)
    return [(p.pos.line, p.pos.col, p.message) for p in caught.value.problems]


def test_unknown_keys_are_the_unlisted_ones_in_file_order_without_extensions():
    root = yaml_reader.parse("{b: 1, x-note: 2, a: 3, c: 4}", "t.yaml").root
    assert unknown_keys(root, frozenset({"a"})) == ["b", "c"]
    assert unknown_keys(root, frozenset({"a", "b", "c", "x-note"})) == []


def test_flow_attributes_do_not_depend_on_the_order_of_keys(tmp_path):
    written = ["{from: app, to: db, port: 443, protocol: https, actions: ['dynamodb:GetItem'], label: read}",
               "{label: read, actions: ['dynamodb:GetItem'], protocol: https, port: 443, to: db, from: app}"]
    flows = [load(tmp_path, HEAD + f"flows:\n  - {flow}\n").flows[0] for flow in written]
    for flow in flows:
        assert (flow.ports, flow.protocol, flow.actions, flow.label, flow.tls) == ([(443, 443)], "https", ["dynamodb:GetItem"], "read", True)


def test_flows_never_share_their_lists_of_actions(tmp_path):
    blueprint = load(tmp_path, HEAD + "flows:\n  - app -> db\n  - app -> queue\n  - {from: app, to: [db, queue], actions: ['s3:GetObject']}\n")
    short_a, short_b, long_a, _ = blueprint.flows
    assert short_a.actions == short_b.actions == []
    assert short_a.actions is not short_b.actions
    assert long_a.actions == ["s3:GetObject"]


def column(line: str, token: str) -> int:
    return line.index(token) + 1


def test_every_bad_item_of_a_list_is_reported_where_it_is_written(tmp_path):
    flow = "  - {from: [app, 7, nope], to: [db, queue, gone], actions: ['s3:GetObject', bad, 3]}"
    found = problems(tmp_path, HEAD + "flows:\n" + flow + "\n")
    assert [(line, col) for line, col, _ in found] == [(9, column(flow, token)) for token in ("7,", "nope", "gone", "bad", "3]")]
    assert ["`from`" in found[0][2], "`nope`" in found[1][2], "`gone`" in found[2][2], "`bad`" in found[3][2], "`actions`" in found[4][2]] == [True] * 5


def test_list_items_keep_their_own_positions_after_a_bad_one(tmp_path):
    text = HEAD.replace("azs: [us-east-1a, us-east-1b]}\n  db", "azs: [1, us-east-1z, us-east-1a]}\n  db")
    line = text.splitlines()[4]
    found = problems(tmp_path, text)
    assert [(row, col) for row, col, _ in found] == [(5, column(line, "1,")), (5, column(line, "us-east-1z"))]
    assert "must be strings" in found[0][2] and "`us-east-1z`" in found[1][2]


def test_standalone_keys_of_a_component_are_each_checked(tmp_path):
    text = HEAD.replace("db: {type: aws.dynamodb}", "db: {type: aws.dynamodb, critical: 3, label: [x], sla: 101, tags: {a: [1]}}")
    found = problems(tmp_path, text)
    assert [message.split(" of ")[0] for _, _, message in found] == ["`critical`", "`label`", "`sla`", "tag `a`"]


def test_a_valid_blueprint_makes_one_position_per_element(tmp_path, monkeypatch):
    """Positions are made for the elements the model keeps, not for every value read."""

    def positions_made(flows: int) -> int:
        flow = "  - {{from: [app], to: [db, queue], port: [443, 8443], actions: ['s3:GetObject', 'sqs:SendMessage'], label: f{}}}\n"
        text = HEAD + "flows:\n" + "".join(flow.format(index) for index in range(flows))  # labels keep the flows distinct
        root = yaml_reader.parse(text, "bp.yaml").root
        made = []

        class CountedPos(yaml_reader.Pos):
            def __new__(cls, *fields):
                made.append(fields)
                return super().__new__(cls, *fields)

        monkeypatch.setattr(yaml_reader, "Pos", CountedPos)
        checker = Checker()
        assert build_blueprint(root, "bp.yaml", [], checker) is not None and not checker.problems
        monkeypatch.undo()
        return len(made)

    assert positions_made(20) - positions_made(10) == 10
