"""`--baseline` / `--write-baseline`: findings keyed on rule, repository-relative file and element."""
from __future__ import annotations

import json
import os

import pytest

from ci_fixtures import cli, repo, samples, write  # noqa: F401  (pytest fixtures)


def findings(cli, *args: str) -> tuple[int, dict]:
    code, out, _ = cli("lint", *args, "--no-config", "--format", "json")
    return code, json.loads(out)


def test_write_baseline_records_identities_and_exits_0(repo, write, samples, cli):
    write(repo / "blueprints" / "bp.yaml", samples["bad"])
    code, out, err = cli("lint", "blueprints", "--no-config", "--write-baseline", "base.json")
    assert code == 0 and out == "" and "recorded 2 findings in base.json" in err
    assert json.loads((repo / "base.json").read_text()) == {"archlint-baseline": 1, "findings": [
        {"rule": "AZ001", "file": "blueprints/bp.yaml", "element": "worker"},
        {"rule": "LP003", "file": "blueprints/bp.yaml", "element": "worker-role"},
    ]}


def test_baseline_bytes_are_deterministic(repo, write, samples, cli):
    write(repo / "b.yaml", samples["bad"])
    write(repo / "a.yaml", samples["bad"])
    cli("lint", "b.yaml", "a.yaml", "--no-config", "--write-baseline", "one.json")
    cli("lint", "a.yaml", "b.yaml", "--no-config", "--write-baseline", "two.json")
    assert (repo / "one.json").read_bytes() == (repo / "two.json").read_bytes()
    assert [os.path.basename(p) for p in os.listdir(repo) if p.startswith(".archlint-")] == []  # no temporary left


def test_baseline_hides_recorded_findings_and_counts_them_waived(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"])
    cli("lint", "bp.yaml", "--no-config", "--write-baseline", "base.json")
    code, report = findings(cli, "bp.yaml", "--baseline", "base.json")
    assert code == 0 and report["findings"] == [] and report["summary"]["waived"] == 2


def test_moving_lines_does_not_resurrect_findings(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"])
    cli("lint", "bp.yaml", "--no-config", "--write-baseline", "base.json")
    write(repo / "bp.yaml", "# moved down\n\n\n" + samples["bad"])
    code, report = findings(cli, "bp.yaml", "--baseline", "base.json")
    assert code == 0 and report["findings"] == []


def test_same_rule_and_element_in_another_file_is_reported(repo, write, samples, cli):
    write(repo / "one.yaml", samples["bad"])
    cli("lint", "one.yaml", "--no-config", "--write-baseline", "base.json")
    write(repo / "two.yaml", samples["bad"])
    code, report = findings(cli, "one.yaml", "two.yaml", "--baseline", "base.json")
    assert code == 1
    assert {(f["rule"], f["file"], f["element"]) for f in report["findings"]} == {
        ("AZ001", "two.yaml", "worker"), ("LP003", "two.yaml", "worker-role")}
    assert report["summary"]["waived"] == 2


def test_new_finding_in_the_same_file_is_reported(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"])
    cli("lint", "bp.yaml", "--no-config", "--write-baseline", "base.json")
    write(repo / "bp.yaml", samples["bad"].replace("  bucket: {type: aws.s3}", "  worker2: {type: aws.ec2, subnets: [a]}\n  bucket: {type: aws.s3}"))
    _, report = findings(cli, "bp.yaml", "--baseline", "base.json")
    assert [(f["rule"], f["element"]) for f in report["findings"]] == [("AZ001", "worker2")]


def test_baseline_works_from_a_subfolder(repo, write, samples, cli, monkeypatch):
    write(repo / "blueprints" / "bp.yaml", samples["bad"])
    cli("lint", "blueprints/bp.yaml", "--no-config", "--write-baseline", "base.json")
    monkeypatch.chdir(repo / "blueprints")
    code, report = findings(cli, "bp.yaml", "--baseline", "../base.json")
    assert code == 0 and report["summary"]["waived"] == 2


@pytest.mark.parametrize("content, message", [
    (None, "cannot read baseline"),
    ("{not json", "not a baseline file"),
    ('{"findings": []}', "not an archlint baseline"),
    ('{"archlint-baseline": 1, "findings": [{"rule": "AZ001"}]}', "needs string `rule`, `file` and `element`"),
])
def test_bad_baseline_file_is_usage_error(repo, write, samples, cli, content, message):
    write(repo / "bp.yaml", samples["bad"])
    if content is not None:
        (repo / "base.json").write_text(content)
    code, out, err = cli("lint", "bp.yaml", "--no-config", "--baseline", "base.json")
    assert code == 2 and out == "" and message in err


def test_write_baseline_refuses_a_run_with_load_errors(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"])
    write(repo / "broken.yaml", "blueprint: x\nblueprint: y\n")
    code, _, err = cli("lint", "bp.yaml", "broken.yaml", "--no-config", "--write-baseline", "base.json")
    assert code == 2 and "baseline not written" in err and not (repo / "base.json").exists()


def test_baseline_and_write_baseline_exclude_each_other(repo, cli):
    with pytest.raises(SystemExit) as exit_info:
        cli("lint", "--baseline", "a.json", "--write-baseline", "b.json")
    assert exit_info.value.code == 2
