"""`archlint lint --fix` and `--diff`: the one safe edit per fixable finding,
every other byte of the file unchanged."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from linter.cli import main

SELECT = ["--no-config", "--select", "SEC003,SEC007,WVR002,AZ001,SEC001"]
BEFORE = """\
# shop: comments, odd spacing and quoting must survive
blueprint: shop
regions: {us-east-1: {azs: [us-east-1a, us-east-1b]}}
networks:
  core:   # the only network
    region: us-east-1
    cidr: 10.0.0.0/16
    subnets:
      a: {az: us-east-1a, cidr: 10.0.1.0/24}
      b: {az: us-east-1b,   cidr: "10.0.2.0/24"}
components:
  trail: {type: aws.cloudtrail}
  db:
    type: aws.rds     # primary store
    subnets: [a, b]
    multi_az: true
    encrypted: no     # to be decided
  cache: {type: aws.elasticache, subnets: [a, b], count: 2}
waivers:
  - rule: SEC001
    element: db
    reason: "no longer needed"
  - rule: OPS001
    element: db
    reason: kept, OPS001 does not run here
"""
# Written out edit by edit: any other changed byte fails the comparison.
AFTER = (BEFORE
         .replace("  core:   # the only network\n", "  core:   # the only network\n    flow_logs: true\n")
         .replace("    encrypted: no     # to be decided", "    encrypted: true     # to be decided")
         .replace("  cache: {type:", "  cache: {encrypted: true, type:")
         .replace('  - rule: SEC001\n    element: db\n    reason: "no longer needed"\n', ""))


@pytest.fixture
def blueprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "bp.yaml"
    path.write_text(BEFORE)
    return path


def lint(capsys, *args: str) -> tuple[int, str]:
    code = main(["lint", "bp.yaml", *SELECT, *args])
    return code, capsys.readouterr().out


def test_fix_edits_only_what_the_findings_need(blueprint, capsys):
    code_before, out = lint(capsys)
    assert code_before == 1 and all(rule in out for rule in ("SEC003", "SEC007", "WVR002"))
    code, out = lint(capsys, "--fix")
    assert blueprint.read_text() == AFTER
    assert code == 0 and "0 findings" in out  # nothing left to do by hand


def test_fix_is_idempotent(blueprint, capsys):
    lint(capsys, "--fix")
    lint(capsys, "--fix")
    assert blueprint.read_text() == AFTER


def test_diff_previews_and_leaves_the_file_untouched(blueprint, capsys):
    mtime = blueprint.stat().st_mtime_ns
    code, out = lint(capsys, "--diff")
    assert code == 1 and out.startswith("--- a/bp.yaml\n+++ b/bp.yaml\n")
    assert "+    flow_logs: true\n" in out and "-    encrypted: no     # to be decided\n" in out
    assert blueprint.read_text() == BEFORE and blueprint.stat().st_mtime_ns == mtime
    blueprint.write_text(AFTER)
    assert lint(capsys, "--diff") == (0, "")


def test_line_endings_and_unfixable_files_survive(blueprint, capsys):
    blueprint.write_bytes(BEFORE.replace("\n", "\r\n").encode())
    lint(capsys, "--fix")
    assert blueprint.read_bytes() == AFTER.replace("\n", "\r\n").encode()


def test_an_element_inherited_from_a_base_is_fixed_where_it_is_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "base.yaml").write_text(BEFORE)
    overlay = "extends: base.yaml\nblueprint: shop-eu\n"
    (tmp_path / "dev.yaml").write_text(overlay)
    main(["lint", "dev.yaml", *SELECT, "--fix"])
    assert (tmp_path / "dev.yaml").read_text() == overlay
    assert (tmp_path / "base.yaml").read_text() == AFTER


def test_the_last_waiver_leaves_an_empty_list(blueprint, capsys):
    blueprint.write_text(BEFORE.split("  - rule: OPS001")[0])
    lint(capsys, "--fix")
    assert blueprint.read_text().endswith("waivers:\n  []\n")
    assert main(["lint", "bp.yaml", *SELECT]) == 0


def test_all_waivers_unused_leave_an_empty_list(blueprint, capsys):
    blueprint.write_text(BEFORE.replace("rule: OPS001", "rule: SEC002"))  # selected now, and unused too
    main(["lint", "bp.yaml", *SELECT[:-1], SELECT[-1] + ",SEC002", "--fix"])
    assert blueprint.read_text().endswith("waivers:\n  []\n")


@pytest.mark.parametrize("waivers, left", [
    ("[{rule: SEC001, element: db, reason: a}, {rule: OPS001, element: db, reason: b}]",
     "[{rule: OPS001, element: db, reason: b}]"),
    ("[{rule: OPS001, element: db, reason: b}, {rule: SEC001, element: db, reason: a}]",
     "[{rule: OPS001, element: db, reason: b}]"),
    ("[{rule: SEC001, element: db, reason: a}]", "[]"),
])
def test_flow_style_waivers(blueprint, capsys, waivers, left):
    blueprint.write_text(BEFORE.split("waivers:")[0] + f"waivers: {waivers}\n")
    lint(capsys, "--fix")
    assert blueprint.read_text() == AFTER.split("waivers:")[0] + f"waivers: {left}\n"


def test_fix_refuses_standard_input(blueprint):
    done = subprocess.run([sys.executable, "-m", "linter", "lint", "-", "--fix", "--no-config"], input=BEFORE.encode(),
                          capture_output=True)
    assert done.returncode == 2 and b"Traceback" not in done.stderr


@pytest.mark.parametrize("argv", [["lint", "--no-config", "bp.yaml"], ["lint", "--no-config", "bp.yaml", "--format", "sarif"]])
def test_lint_path_imports_no_editor_dependency(blueprint, argv):
    probe = ("import sys\nfrom linter.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('ruamel.yaml', 'pygls', 'lsprotocol') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe.format(argv=argv)], capture_output=True, text=True, cwd=blueprint.parent)
    assert done.stderr.strip().splitlines()[-1] == "[]"
