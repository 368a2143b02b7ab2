"""`--format sarif`: valid SARIF 2.1.0, in the shape GitHub code scanning reads."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from linter.custom import load_custom_rules

from ci_fixtures import cli, repo, samples, write  # noqa: F401  (pytest fixtures)

# The OASIS SARIF 2.1.0 schema, vendored so that the check never depends on files outside the repository.
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0.json").read_text())


def sarif(cli, *args: str) -> tuple[int, dict]:
    code, out, _ = cli("lint", *args, "--no-config", "--format", "sarif")
    return code, json.loads(out)


def validate(document: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(document)


def test_valid_against_the_schema_with_findings_and_load_errors(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"])
    write(repo / "broken.yaml", "blueprint: x\nblueprint: y\n")
    code, document = sarif(cli, "bp.yaml", "broken.yaml")
    assert code == 2
    validate(document)
    assert document["version"] == "2.1.0" and len(document["runs"]) == 1


def test_driver_describes_every_rule(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["good"])
    _, document = sarif(cli, "bp.yaml")
    validate(document)
    driver = document["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("archlint", "1.0.0") and driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == [*load_custom_rules(".", []).rules] + ["LOAD"]  # the built-in and installed plugin rules; LOAD: files that cannot be loaded
    for descriptor, rule in zip(driver["rules"], load_custom_rules(".", []).rules.values()):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"] and "## How to fix" in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[rule.severity]


def test_results_point_at_repository_relative_files(repo, write, samples, cli, monkeypatch):
    write(repo / "blueprints" / "bp.yaml", samples["bad"])
    monkeypatch.chdir(repo / "blueprints")  # run from a subfolder: URIs stay relative to the root
    _, document = sarif(cli, "bp.yaml", "--select", "AZ001")
    run = document["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    [result] = run["results"]
    assert result["ruleId"] == "AZ001" and result["level"] == "error"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "AZ001"
    assert "worker" in result["message"]["text"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "blueprints/bp.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 12, "startColumn": 14}


def test_fingerprint_is_stable_when_lines_move(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"])
    _, before = sarif(cli, "bp.yaml")
    write(repo / "bp.yaml", "# a comment\n# and another\n" + samples["bad"])
    _, after = sarif(cli, "bp.yaml")
    lines = [[r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in d["runs"][0]["results"]] for d in (before, after)]
    assert lines[1] == [n + 2 for n in lines[0]]
    prints = [[r["partialFingerprints"] for r in d["runs"][0]["results"]] for d in (before, after)]
    assert prints[0] == prints[1] and len({json.dumps(p) for p in prints[0]}) == 2


def test_fingerprint_differs_between_files(repo, write, samples, cli):
    write(repo / "a.yaml", samples["bad"])
    write(repo / "b.yaml", samples["bad"])
    _, document = sarif(cli, "a.yaml", "b.yaml", "--select", "AZ001")
    prints = [r["partialFingerprints"]["archlintIdentity/v1"] for r in document["runs"][0]["results"]]
    assert len(prints) == 2 and prints[0] != prints[1]


def test_load_errors_are_execution_notifications(repo, write, cli):
    write(repo / "broken.yaml", "blueprint: x\nblueprint: y\n")
    _, document = sarif(cli, "broken.yaml")
    [invocation] = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "blueprint" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.yaml"
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_clean_run_is_successful(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["good"])
    code, document = sarif(cli, "bp.yaml", "--select", "AZ001,LP")  # rules others add must not break this
    assert code == 0 and document["runs"][0]["results"] == []
    assert document["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_uri_of_a_path_with_spaces_is_escaped(repo, write, samples, cli):
    write(repo / "my blueprints" / "bp #1.yaml", samples["bad"])
    _, document = sarif(cli, "my blueprints/bp #1.yaml", "--select", "AZ001")
    validate(document)
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20blueprints/bp%20%231.yaml"
