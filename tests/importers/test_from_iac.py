"""`archlint lint --from` and `archlint render --from`: findings and diagrams from IaC alone."""
from __future__ import annotations

import json

from importer_helpers import WORDPRESS, imported, run  # noqa: F401 - fixtures


def test_lint_from_a_template_points_findings_at_template_lines(run) -> None:
    status, out, _ = run("lint", "--no-config", "--from", "cloudformation", WORDPRESS, "--format", "json")
    findings = json.loads(out)["findings"]
    assert status == 1
    sec001 = next(f for f in findings if f["rule"] == "SEC001")
    assert sec001["file"].endswith("aws-refarch-wordpress-03-publicalb.yaml") and sec001["line"] == 130


def test_lint_from_a_bad_template_exits_2(run, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources: [\n")
    status, _, err = run("lint", "--no-config", "--from", "cfn", bad)
    assert status == 2 and "bad.yaml:2:" in err and "Traceback" not in err


def test_render_from_a_template_draws_one_diagram_named_after_it(run, tmp_path) -> None:
    status, _, _ = run("render", "--no-config", "--from", "cfn", WORDPRESS, "-o", tmp_path, "--format", "dot")
    assert status == 0
    assert [p.name for p in tmp_path.glob("*.dot")] == ["aws-refarch-wordpress-master-newvpc.dot"]
