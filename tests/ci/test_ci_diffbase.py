"""`--diff-base REF`: only findings that are new since a git revision, in a real temporary repository."""
from __future__ import annotations

import json

import pytest

from ci_fixtures import cli, git, repo, samples, write  # noqa: F401  (pytest fixtures)

WORKER2 = "  worker2: {type: aws.ec2, subnets: [a]}\n"
OVERLAY = """\
extends: base.yaml
blueprint: overlay
components:
  bucket: {type: aws.s3, encrypted: true}
"""


def new_findings(cli, *args: str) -> tuple[int, set[tuple[str, str, str]], dict]:
    code, out, err = cli("lint", *args, "--no-config", "--format", "json", "--select", "AZ001,LP003")
    assert err == ""
    report = json.loads(out)
    return code, {(f["rule"], f["file"], f["element"]) for f in report["findings"]}, report


@pytest.fixture
def history(repo, write, samples, git):
    """Commit 1: base + overlay + unchanged. Commit 2 (working tree): the base gains `worker2`
    and moves its lines, `fresh.yaml` is new."""
    write(repo / "bp" / "base.yaml", samples["bad"])
    write(repo / "bp" / "overlay.yaml", OVERLAY)
    write(repo / "bp" / "same.yaml", samples["bad"])
    git("commit-all", "first")
    write(repo / "bp" / "base.yaml", "# new header\n\n" + samples["bad"].replace("  bucket:", WORKER2 + "  bucket:"))
    write(repo / "bp" / "fresh.yaml", samples["bad"])
    return repo


def test_only_new_findings_are_reported(history, cli):
    code, found, _ = new_findings(cli, "bp", "--diff-base", "HEAD")
    assert code == 1
    assert found == {
        ("AZ001", "bp/base.yaml", "worker2"),      # the base linted as itself
        ("AZ001", "bp/fresh.yaml", "worker"),      # a new file: everything
        ("LP003", "bp/fresh.yaml", "worker-role"),
    }


def test_overlay_is_compared_with_its_base_as_it_was(history, cli, monkeypatch):
    monkeypatch.chdir(history / "bp")  # from a subfolder too
    _, found, _ = new_findings(cli, "overlay.yaml", "--diff-base", "HEAD")
    # worker2 comes from the changed base: new for the overlay; worker was there before.
    assert found == {("AZ001", "base.yaml", "worker2")}


def test_committed_revision_works_as_well(history, git, cli):
    git("commit-all", "second")
    assert new_findings(cli, "bp/same.yaml", "--diff-base", "HEAD~1")[1] == set()
    assert new_findings(cli, "bp/base.yaml", "--diff-base", "HEAD~1")[1] == {("AZ001", "bp/base.yaml", "worker2")}
    assert new_findings(cli, "bp/base.yaml", "--diff-base", "HEAD")[1] == set()


def test_diff_base_and_baseline_together(history, cli):
    cli("lint", "bp/fresh.yaml", "--no-config", "--write-baseline", "base.json")
    _, found, report = new_findings(cli, "bp", "--diff-base", "HEAD", "--baseline", "base.json")
    assert found == {("AZ001", "bp/base.yaml", "worker2")} and report["summary"]["waived"] == 2


def test_a_base_missing_at_the_revision_makes_everything_new(repo, write, samples, git, cli):
    write(repo / "overlay.yaml", OVERLAY)
    git("commit-all", "overlay without its base")
    write(repo / "base.yaml", samples["bad"])
    _, found, _ = new_findings(cli, "overlay.yaml", "--diff-base", "HEAD")
    assert found == {("AZ001", "base.yaml", "worker"), ("LP003", "base.yaml", "worker-role")}


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=x", "HEAD~5"])  # never taken as a git option
def test_unknown_revision_is_usage_error(history, cli, ref):
    code, out, err = cli("lint", "bp", "--no-config", f"--diff-base={ref}")
    assert code == 2 and out == "" and "unknown git revision" in err


def test_outside_a_git_repository_is_usage_error(tmp_path, monkeypatch, write, samples, cli):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bp.yaml", samples["bad"])
    code, out, err = cli("lint", "bp.yaml", "--no-config", "--diff-base", "HEAD")
    assert code == 2 and out == "" and "needs a git repository" in err
