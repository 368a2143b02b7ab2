"""Several reports from one run, annotations under GitHub Actions, and the
SARIF details GitHub code scanning relies on (help links, security ranking,
load errors as alerts), checked against GitHub's documented limits."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from junitparser import JUnitXml

from linter.rules import all_rules

from ci_fixtures import cli, repo, samples, write  # noqa: F401  (pytest fixtures)
from test_ci_sarif import validate

# https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
GITHUB_LIMITS = {"runs": 20, "results": 25_000, "rules": 25_000, "tags": 20, "locations": 1_000}


def test_one_run_writes_text_sarif_and_junit(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"])
    code, out, _ = cli("lint", "bp.yaml", "--no-config", "--format", "text",
                       "--output-file", "sarif:out/archlint.sarif", "-o", "junit:archlint.xml")
    assert code == 1
    assert out.splitlines()[0].startswith("bp.yaml:12:14: AZ001")
    sarif = json.loads((repo / "out" / "archlint.sarif").read_text())
    validate(sarif)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["AZ001", "LP003"]
    assert JUnitXml.fromfile(str(repo / "archlint.xml")).failures == 2


def test_output_file_next_to_output(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"])
    code, out, _ = cli("lint", "bp.yaml", "--no-config", "--format", "json", "--output", "r.json", "-o", "github:r.txt")
    assert code == 1 and out == ""
    assert json.loads((repo / "r.json").read_text())["summary"]["findings"] == 2
    assert (repo / "r.txt").read_text().startswith("::error file=bp.yaml,line=12")


@pytest.mark.parametrize("value", ["sarif", "sarif:", "xml:report.xml", ":report.xml"])
def test_bad_output_file_is_a_usage_error(repo, write, samples, cli, value):
    write(repo / "bp.yaml", samples["bad"])
    with pytest.raises(SystemExit) as exc:
        cli("lint", "bp.yaml", "--no-config", "-o", value)
    assert exc.value.code == 2


def test_two_reports_to_one_file_are_refused_before_anything_is_written(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"])
    code, _, err = cli("lint", "bp.yaml", "--no-config", "-o", "sarif:r.out", "-o", "junit:./r.out")
    assert code == 2 and "r.out" in err and not (repo / "r.out").exists()


def test_annotations_by_default_under_github_actions(repo, write, samples, cli, monkeypatch):
    write(repo / "bp.yaml", samples["bad"])
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = cli("lint", "bp.yaml", "--no-config")
    assert out.startswith("::error file=bp.yaml,line=12,col=14,title=AZ001 single-az::")
    _, out, _ = cli("lint", "bp.yaml", "--no-config", "--format", "text")  # an explicit choice wins
    assert out.startswith("bp.yaml:12:14: AZ001")
    cli("lint", "bp.yaml", "--no-config", "--output", "report.txt")  # a file is not the log: text
    assert (repo / "report.txt").read_text().startswith("bp.yaml:12:14: AZ001")


def sarif_of(cli, *paths: str) -> dict:
    _, out, _ = cli("lint", *paths, "--no-config", "--format", "sarif")
    document = json.loads(out)
    validate(document)
    return document


def test_rules_link_to_their_documentation(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["good"])
    rules = sarif_of(cli, "bp.yaml")["runs"][0]["tool"]["driver"]["rules"]
    headings = set(re.findall(r"^## (\S+) `([^`]+)`$", (Path(__file__).parents[2] / "docs" / "rules.md").read_text(), re.M))
    builtin = {rule.id for rule in all_rules() if rule.origin == "built-in"}
    for descriptor in rules:
        if descriptor["id"] not in builtin:  # custom rules: no page of ours to link to
            assert "helpUri" not in descriptor
            continue
        assert descriptor["helpUri"].startswith("https://")
        assert descriptor["helpUri"].endswith(f"#{descriptor['id'].lower()}-{descriptor['name']}")
        assert (descriptor["id"], descriptor["name"]) in headings


def test_docs_url_can_point_elsewhere(repo, write, samples, cli, monkeypatch):
    write(repo / "bp.yaml", samples["good"])
    monkeypatch.setenv("ARCHLINT_DOCS_URL", "https://docs.example.com/archlint/rules")
    rules = sarif_of(cli, "bp.yaml")["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["helpUri"].startswith("https://docs.example.com/archlint/rules#")


def test_security_families_are_ranked_for_code_scanning(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["good"])
    descriptors = {d["id"]: d for d in sarif_of(cli, "bp.yaml")["runs"][0]["tool"]["driver"]["rules"]}
    for rule in (r for r in all_rules() if r.origin == "built-in"):  # the rules a lint run describes
        properties = descriptors[rule.id]["properties"]
        if rule.family in ("SEC", "LP"):
            assert "security" in properties["tags"]
            score = properties["security-severity"]
            assert isinstance(score, str) and 0.0 < float(score) <= 10.0
        else:
            assert "security" not in properties["tags"] and "security-severity" not in properties
    assert float(descriptors["LP001"]["properties"]["security-severity"]) >= 7.0  # an error ranks high


def test_a_broken_blueprint_is_an_alert(repo, write, samples, cli):
    write(repo / "broken.yaml", "blueprint: x\nblueprint: y\n")
    write(repo / "bp.yaml", samples["bad"])
    document = sarif_of(cli, "broken.yaml", "bp.yaml")
    run = document["runs"][0]
    [load] = [r for r in run["results"] if r["ruleId"] == "LOAD"]
    assert run["tool"]["driver"]["rules"][load["ruleIndex"]]["id"] == "LOAD"
    assert load["level"] == "error" and load["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert load["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.yaml"
    assert load["partialFingerprints"]["archlintIdentity/v1"]
    assert run["invocations"][0]["executionSuccessful"] is False


def test_within_github_limits(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"])
    write(repo / "broken.yaml", "blueprint: [\n")
    document = sarif_of(cli, "bp.yaml", "broken.yaml")
    assert len(document["runs"]) <= GITHUB_LIMITS["runs"]
    run = document["runs"][0]
    assert len(run["results"]) <= GITHUB_LIMITS["results"] and len(run["tool"]["driver"]["rules"]) <= GITHUB_LIMITS["rules"]
    ids = [d["id"] for d in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    for descriptor in run["tool"]["driver"]["rules"]:
        assert len(descriptor["properties"]["tags"]) <= GITHUB_LIMITS["tags"]
    for result in run["results"]:
        assert result["message"]["text"] and result["ruleId"] in ids
        assert 1 <= len(result["locations"]) <= GITHUB_LIMITS["locations"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_junit_classname_is_not_split_at_the_file_suffix(repo, write, samples, cli):
    write(repo / "blueprints" / "shop.v2.yaml", samples["bad"])
    cli("lint", "blueprints/shop.v2.yaml", "--no-config", "--format", "junit", "--output", "r.xml")
    [suite] = JUnitXml.fromfile(str(repo / "r.xml"))
    for case in suite:
        assert "." not in case.classname and case.classname == "blueprints/shop_v2_yaml"
        assert case._elem.get("file") == "blueprints/shop.v2.yaml"
