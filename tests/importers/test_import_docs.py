"""docs/import.md's example stays what archlint does with its template."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from importer_helpers import REAL, run  # noqa: F401 - fixture

DOC = Path(__file__).parents[2] / "docs" / "import.md"
TEMPLATE = REAL / "sam" / "api_backend.yaml"
_FINDING_RE = re.compile(r"^(\S+:\d+):\d+: (\w+) ", re.MULTILINE)


def example_blocks() -> list[str]:
    section = DOC.read_text().split("## Example: a real SAM template", 1)[1]
    return re.findall(r"```(?:yaml|text)\n(.*?)```", section, re.DOTALL)


def test_example_shows_the_template_its_blueprint_and_its_findings(run) -> None:
    template, blueprint, findings = example_blocks()[:3]
    assert template == TEMPLATE.read_text()
    status, out, _ = run("import", "cfn", TEMPLATE)
    assert status == 0 and yaml.safe_load(blueprint) == yaml.safe_load(out)
    status, out, _ = run("lint", "--from", "cloudformation", TEMPLATE, "--no-config")
    assert status == 1
    assert _FINDING_RE.findall(findings) == _FINDING_RE.findall(out)
    assert (DOC.parent / "img" / "import-api-backend.png").stat().st_size > 10_000
