"""Policies are validated like blueprints: every mistake, with its line, exit status 2."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_fixtures import make_project
from linter.cli import main
from linter.custom import load_custom_rules
from linter.yaml_reader import LoadError

GOOD = """\
id: ORG001
name: payments-behind-gateway
severity: error
message: Payments functions are only called through the API gateway
select: {type: aws.lambda, tags: {domain: payments}}
assert:
  inbound_only_from: {type: [aws.api_gateway, aws.sqs]}
"""


def problems(tmp_path, policies: dict[str, str]) -> list[tuple[str, int, str]]:
    make_project(tmp_path, policies)
    with pytest.raises(LoadError) as caught:
        load_custom_rules(str(tmp_path), ["policies"])
    return [(p.pos.file.rsplit("/", 1)[-1], p.pos.line, p.message) for p in caught.value.problems]


def test_good_policy_registers(tmp_path) -> None:
    make_project(tmp_path, {"p": GOOD})
    assert load_custom_rules(str(tmp_path), ["policies"]).broken == []


@pytest.mark.parametrize("old, new, line, text", [
    ("message:", "mesage:", 4, "unknown key `mesage` in policy `ORG001`; did you mean `message`?"),
    ("id: ORG001", "id: SEC100", 1, "built-in family SEC"),
    ("id: ORG001", "id: org1", 1, "capital letters then three digits"),
    ("name: payments-behind-gateway", "name: Payments Gateway", 2, "kebab-case"),
    ("severity: error", "severity: fatal", 3, "must be one of error, warning, info"),
    ("type: aws.lambda,", "type: aws.lamda,", 5, "unknown type `aws.lamda`"),
    ("{type: aws.lambda,", "{kind: aws.lambda,", 5, "unknown key `kind`"),
    ("inbound_only_from:", "inbound_only:", 7, "did you mean `inbound_only_from`?"),
    ("  inbound_only_from: {type: [aws.api_gateway, aws.sqs]}", "  min_azs: two", 7, "must be an integer"),
    ("  inbound_only_from: {type: [aws.api_gateway, aws.sqs]}", "  attribute: {key: dlq, equals: x, exists: true}", 7, "exactly one of"),
    ("  inbound_only_from: {type: [aws.api_gateway, aws.sqs]}", "  every_path_from_passes: {from: {type: external.users}}", 7, "needs `through`"),
    ("  inbound_only_from: {type: [aws.api_gateway, aws.sqs]}", "  reachable_from: external.users", 7, "must be a map"),
])
def test_each_mistake_is_reported_at_its_line(tmp_path, old, new, line, text) -> None:
    assert old in GOOD
    found = problems(tmp_path, {"p": GOOD.replace(old, new)})
    assert any(found_line == line and text in message for _, found_line, message in found), found


def test_missing_keys_and_non_map_policies(tmp_path) -> None:
    found = problems(tmp_path, {"a": "id: ORG002\nname: no-body\n", "b": "- just a string\n"})
    assert ("a.yaml", 1, "policy `ORG002` needs `severity`") in found
    assert ("a.yaml", 1, "policy `ORG002` needs `assert`") in found
    assert any(file == "b.yaml" and line == 1 and "must be a map" in message for file, line, message in found)


def test_every_problem_of_every_file_at_once(tmp_path) -> None:
    bad = GOOD.replace("severity: error", "severity: fatal").replace("aws.lambda,", "aws.lamda,")
    found = problems(tmp_path, {"a": bad, "b": "id: ORG002\n  broken: [\n"})
    assert [(f, line) for f, line, _ in found] == [("a.yaml", 3), ("a.yaml", 5), ("b.yaml", 2)]


def test_duplicate_id_and_name_across_files(tmp_path) -> None:
    other = GOOD.replace("name: payments-behind-gateway", "name: other-name")
    found = problems(tmp_path, {"a": GOOD, "b": other})
    assert [(f, line) for f, line, _ in found] == [("b.yaml", 1)]
    assert "already used by policy ORG001" in found[0][2]


def test_rules_folder_must_exist(tmp_path) -> None:
    (tmp_path / "archlint.toml").write_text('rules-dirs = ["missing"]\n')
    with pytest.raises(LoadError, match="does not exist"):
        load_custom_rules(str(tmp_path), ["missing"])


def test_cli_exits_2_with_file_line_col(tmp_path, monkeypatch, capsys) -> None:
    make_project(tmp_path, {"p": GOOD.replace("severity: error", "severity: fatal")})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "blueprints").mkdir()
    assert main(["lint", "blueprints"]) == 2
    err = capsys.readouterr().err
    assert "policies/p.yaml:3:11: `severity` of policy `ORG001` must be one of error, warning, info" in err
    assert "Traceback" not in err


def test_policy_file_with_yaml_syntax_error(tmp_path) -> None:
    [(file, line, message)] = problems(tmp_path, {"p": "id: ORG001\nname: [unclosed\n"})
    assert file == "p.yaml" and "invalid YAML" in message


POLICY = yaml.safe_load(GOOD)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 5), st.text(max_size=10),
                    st.sampled_from(["ORG009", "SEC001", "aws.lambda", "external.*", "data", "prod", "*", "equals"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=10)
keys = st.sampled_from(["id", "name", "severity", "message", "select", "assert", "why", "type", "tags", "from", "through",
                        "attribute", "min_azs", "every_path_from_passes", "inbound_only_from", "key", "one_of", "exists"])


def mutate(node, path: list, value):
    if not path:
        return value
    if isinstance(node, dict):
        return {**node, path[0]: mutate(node.get(path[0]), path[1:], value)}
    return {path[0]: mutate(None, path[1:], value)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(keys, min_size=1, max_size=3), values)
def test_mutated_policies_never_crash(tmp_path, path, value) -> None:
    """Any mutation of a valid policy either registers or fails with positioned problems."""
    make_project(tmp_path, {"p": yaml.safe_dump(mutate(POLICY, path, value))})
    try:
        load_custom_rules(str(tmp_path), ["policies"])
    except LoadError as exc:
        assert exc.problems and all(p.pos.line >= 1 for p in exc.problems)
