"""Command line: exit codes, output shapes, configuration and suppression."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from linter.cli import main

SPEC_EXAMPLE = Path(__file__).parent / "fixtures" / "spec_example.yaml"

SINGLE_AZ = """\
blueprint: worker
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
networks:
  n:
    cidr: 10.0.0.0/16
    flow_logs: true
    subnets:
      a: {az: us-east-1a, cidr: 10.0.0.0/24}
components:
  worker:
    type: aws.ec2
    subnets: [a]
  bucket: {type: aws.s3}
  trail: {type: aws.cloudtrail}
flows:
  - {from: worker, to: bucket, actions: [s3:PutObject]}
iam:
  worker-role:
    attached_to: [worker]
    allow: [{actions: [s3:PutObject, s3:DeleteObject], resources: [bucket]}]
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A working directory with no configuration above it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_findings_exit_1_and_text_form(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ)
    code, out, _ = run(capsys, "lint", "bp.yaml", "--no-config")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "bp.yaml:13:14: AZ001 [error] aws.ec2 `worker` runs in us-east-1a with 1 instance(s); place it in two AZs with at least two instances (worker)"
    assert "bp.yaml:19:3: LP003 [warning]" in out
    assert lines[-1].startswith("Found 1 file; 2 findings (1 error, 1 warning, 0 infos)")


def test_clean_blueprint_exits_0(project, capsys):
    # The spec's example promises 99.99 % with a 99.9 % CloudFront on its only
    # path, which AV001 rightly flags; at a target the design meets it is clean.
    text = SPEC_EXAMPLE.read_text().replace("availability: 99.99 ", "availability: 99.5  ")
    write(project / "bp.yaml", text)
    assert run(capsys, "lint", "bp.yaml", "--no-config")[0] == 0


def test_spec_example_misses_its_availability_target(capsys):
    code, out, _ = run(capsys, "lint", str(SPEC_EXAMPLE), "--no-config", "--format", "json")
    assert code == 1
    assert [(f["rule"], f["line"]) for f in json.loads(out)["findings"]] == [("AV001", 2)]


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(project, capsys, fail_on, code):
    write(project / "bp.yaml", SINGLE_AZ)
    assert run(capsys, "lint", "bp.yaml", "--no-config", "--fail-on", fail_on)[0] == code


def test_fail_on_warning_with_only_warnings(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ)
    assert run(capsys, "lint", "bp.yaml", "--no-config", "--ignore", "AZ001")[0] == 0
    assert run(capsys, "lint", "bp.yaml", "--no-config", "--ignore", "AZ001", "--fail-on", "warning")[0] == 1


def test_json_shape(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ)
    write(project / "bad.yaml", "blueprint: bad\nblueprint: again\n")
    code, out, _ = run(capsys, "lint", "bp.yaml", "bad.yaml", "--no-config", "--format", "json")
    data = json.loads(out)
    assert code == 2
    assert data["tool"] == {"name": "archlint", "version": "1.0.0"}
    assert data["findings"][0] == {
        "rule": "AZ001", "name": "single-az", "severity": "error",
        "message": data["findings"][0]["message"], "file": "bp.yaml", "line": 13, "column": 14,
        "blueprint": "worker", "element": "worker", "kind": "component"}
    assert data["errors"] == [{"file": "bad.yaml", "line": 2, "column": 1, "message": "duplicate key `blueprint` (first at line 1)"}]
    assert data["summary"] == {"files": 2, "findings": 2, "error": 1, "warning": 1, "info": 0, "waived": 0}


def test_json_is_deterministic(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ)
    first = run(capsys, "lint", "bp.yaml", "--no-config", "--format", "json")[1]
    assert run(capsys, "lint", "bp.yaml", "--no-config", "--format", "json")[1] == first


def test_output_file(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ)
    code, out, _ = run(capsys, "lint", "bp.yaml", "--no-config", "--format", "json", "--output", "out/report.json")
    assert code == 1 and out == ""
    assert json.loads((project / "out" / "report.json").read_text())["summary"]["findings"] == 2


def test_select_and_ignore_by_prefix_and_name(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ)
    out = run(capsys, "lint", "bp.yaml", "--no-config", "--select", "LP")[1]
    assert "LP003" in out and "AZ001" not in out
    out = run(capsys, "lint", "bp.yaml", "--no-config", "--ignore", "unused-grant")[1]
    assert "LP003" not in out and "AZ001" in out


def test_unknown_rule_selector_is_usage_error(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ)
    code, _, err = run(capsys, "lint", "bp.yaml", "--no-config", "--select", "NOPE")
    assert code == 2 and "unknown rule `NOPE`" in err


def test_missing_path_is_usage_error(project, capsys):
    code, _, err = run(capsys, "lint", "nowhere.yaml", "--no-config")
    assert code == 2 and "no such file or directory" in err


def test_directory_discovery_skips_other_yaml(project, capsys):
    write(project / "blueprints" / "a.yaml", SINGLE_AZ)
    write(project / "blueprints" / "nested" / "b.yml", SPEC_EXAMPLE.read_text())
    write(project / "blueprints" / "ci.yaml", "jobs: {build: {}}\n")
    code, out, _ = run(capsys, "lint", "--no-config", "--format", "json")
    assert json.loads(out)["summary"]["files"] == 2


def test_configuration_file(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ)
    write(project / "archlint.toml", """\
        paths = ["bp.yaml"]
        fail-on = "never"
        [severity]
        LP003 = "error"
        [per-file-ignores]
        "bp*.yaml" = ["AZ001"]
    """)
    code, out, _ = run(capsys, "lint", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [(f["rule"], f["severity"]) for f in data["findings"]] == [("LP003", "error")]


def test_pyproject_configuration_and_cli_wins(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ)
    write(project / "pyproject.toml", '[tool.archlint]\nignore = ["LP003"]\nfail-on = "never"\n')
    code, out, _ = run(capsys, "lint", "bp.yaml", "--fail-on", "error")
    assert code == 1 and "LP003" not in out


@pytest.mark.parametrize("toml, words", [
    ('colour = "red"\n', "unknown key `colour`"),
    ('fail-on = "sometimes"\n', "`fail-on` must be"),
    ('[severity]\nXX001 = "error"\n', "unknown rule `XX001`"),
    ('ignore = ["NOPE"]\n', "unknown rule `NOPE`"),
    ('paths = [\n', "invalid TOML"),
])
def test_bad_configuration_is_exit_2(project, capsys, toml, words):
    write(project / "bp.yaml", SINGLE_AZ)
    write(project / "archlint.toml", toml)
    code, _, err = run(capsys, "lint", "bp.yaml")
    assert code == 2 and words in err


def test_waiver_hides_finding_and_is_counted(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ + "waivers:\n  - {rule: AZ001, element: worker, reason: 'batch job, rerun on failure', expires: 2027-01-31}\n")
    data = json.loads(run(capsys, "lint", "bp.yaml", "--no-config", "--format", "json", "--today", "2026-12-01")[1])
    assert [f["rule"] for f in data["findings"]] == ["LP003"] and data["summary"]["waived"] == 1


def test_expired_waiver_reports_again(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ + "waivers:\n  - {rule: AZ001, element: worker, reason: batch job, expires: 2026-01-31}\n")
    data = json.loads(run(capsys, "lint", "bp.yaml", "--no-config", "--format", "json", "--today", "2026-12-01")[1])
    assert sorted((f["rule"], f["line"]) for f in data["findings"]) == [("AZ001", 13), ("LP003", 19), ("WVR001", 23)]


def test_inline_ignore(project, capsys):
    write(project / "bp.yaml", SINGLE_AZ.replace("  worker:\n", "  worker:  # archlint: ignore[single-az] batch only\n"))
    data = json.loads(run(capsys, "lint", "bp.yaml", "--no-config", "--format", "json")[1])
    assert [f["rule"] for f in data["findings"]] == ["LP003"] and data["summary"]["waived"] == 1


def test_rules_rule_types_schema(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "SPOF001  single-point-of-failure" in out
    code, out, _ = run(capsys, "rule", "single-az")
    assert code == 0 and all(s in out for s in ("What it does", "Why it matters", "Example that fails", "Example that passes", "How to fix"))
    assert run(capsys, "rule", "AZ999")[0] == 2
    code, out, _ = run(capsys, "types")
    assert code == 0 and "aws.rds" in out and "multi_az" in out
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["properties"]["components"]


def test_schema_accepts_the_spec_example_and_rejects_a_typo(capsys):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml
    schema = json.loads(run(capsys, "schema")[1])
    example = yaml.safe_load(SPEC_EXAMPLE.read_text())
    jsonschema.validate(example, schema)
    example["components"]["web"]["multi_azz"] = True
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(example, schema)


def test_docs_schema_is_current(capsys):
    committed = (Path(__file__).parent.parent / "docs" / "blueprint.schema.json").read_text()
    assert run(capsys, "schema")[1] == committed, "run `archlint schema --output docs/blueprint.schema.json`"


@pytest.mark.parametrize("fmt, marker", [("json", '"nodes"'), ("graphml", "<graphml"), ("gexf", "<gexf"), ("dot", "digraph")])
def test_graph_formats_are_deterministic(capsys, fmt, marker):
    code, out, _ = run(capsys, "graph", str(SPEC_EXAMPLE), "--format", fmt)
    assert code == 0 and marker in out and "db" in out
    assert run(capsys, "graph", str(SPEC_EXAMPLE), "--format", fmt)[1] == out


def test_graph_of_bad_file(project, capsys):
    write(project / "bad.yaml", "blueprint: a\nnope: 1\n")
    code, _, err = run(capsys, "graph", "bad.yaml")
    assert code == 2 and "bad.yaml:2:1: unknown key `nope`" in err


def test_python_dash_m_and_no_traceback(project):
    write(project / "bad.yaml", "- [unclosed\n")
    result = subprocess.run([sys.executable, "-m", "linter", "lint", "bad.yaml", "--no-config"], capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith("bad.yaml:2:1: invalid YAML")


def test_lint_never_imports_diagrams(project):
    write(project / "bp.yaml", SINGLE_AZ)
    code = "import sys; from linter.cli import main; main(['lint', 'bp.yaml', '--no-config']); print('diagrams' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().endswith("False")


def test_rule_documents_the_drift_rules_that_lint_does_not_run(capsys):
    code, out, _ = run(capsys, "rule", "DRIFT001")
    assert code == 0 and out.startswith("DRIFT001 designed-but-not-deployed")
    assert "DRIFT001" not in run(capsys, "rules")[1]  # `rules` lists what a lint run can select
