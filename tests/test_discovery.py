"""Directory discovery never skips a blueprint silently, whatever its encoding or style."""
from __future__ import annotations

import json

import pytest
import yaml
from hostile_cli import AZ001_LINE, BLUEPRINT, lines_of, lint_json, project, run  # noqa: F401  (pytest fixture)

LONG_COMMENT = "# " + "x" * (2 << 20) + "\n"
VARIANTS = {
    "utf8-bom.yaml": (b"\xef\xbb\xbf" + BLUEPRINT.encode(), AZ001_LINE),
    "json.yaml": (json.dumps(yaml.safe_load(BLUEPRINT)).encode(), 1),
    "flow.yml": (b"{regions: {us-east-1: {azs: [us-east-1a, us-east-1b]}},\n blueprint: worker,\n"
                 b" components: {worker: {type: aws.ec2, azs: [us-east-1a]}}}\n", 3),
    "double-quoted.yaml": (BLUEPRINT.replace("blueprint:", '"blueprint":', 1).encode(), AZ001_LINE),
    "single-quoted.yaml": (BLUEPRINT.replace("blueprint:", "'blueprint' :", 1).encode(), AZ001_LINE),
    "spaced.yaml": (BLUEPRINT.replace("blueprint:", "blueprint  :", 1).encode(), AZ001_LINE),
    "long-header.yaml": ((LONG_COMMENT + BLUEPRINT).encode(), AZ001_LINE + 1),
    "key-not-first.yaml": (BLUEPRINT.replace("blueprint: worker\n", "").replace("components:", "  # note\ncomponents:")
                           .encode() + b"? blueprint\n: worker\n", None),
    "utf16.yaml": (BLUEPRINT.encode("utf-16"), AZ001_LINE),
    "utf16-be.yaml": (b"\xfe\xff" + BLUEPRINT.encode("utf-16-be"), AZ001_LINE),
    "utf32.yaml": (BLUEPRINT.encode("utf-32"), AZ001_LINE),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_blueprint_in_any_style_is_found_and_linted(project, capsys, name):
    content, line = VARIANTS[name]
    (project / "blueprints").mkdir()
    (project / "blueprints" / name).write_bytes(content)
    code, data, _ = lint_json(capsys, "--no-config", "--select", "AZ001", "blueprints")
    assert data["summary"]["files"] == 1 and data["errors"] == [] and code == 1
    if line is not None:
        assert lines_of(data) == [line]


def test_misspelt_blueprint_key_is_a_warning_naming_the_file(project, capsys):
    (project / "blueprints").mkdir()
    (project / "blueprints" / "typo.yaml").write_text(BLUEPRINT.replace("blueprint:", "bluepritn:", 1))
    code, data, err = lint_json(capsys, "--no-config", "blueprints")
    assert code == 0 and data["summary"]["files"] == 0
    assert "warning" in err and "blueprints/typo.yaml" in err


def test_folder_without_blueprints_is_a_warning(project, capsys):
    (project / "blueprints").mkdir()
    (project / "blueprints" / "ci.yaml").write_text("jobs: {build: {steps: [checkout]}}\n")
    code, out, err = run(capsys, "lint", "--no-config", "blueprints")
    assert code == 0 and "Found 0 files" in out and "warning" in err and "blueprints" in err


def test_other_yaml_is_skipped_without_a_word(project, capsys):
    (project / "blueprints").mkdir()
    (project / "blueprints" / "a.yaml").write_text(BLUEPRINT)
    (project / "blueprints" / "openapi.yaml").write_text("openapi: 3.0.0\ncomponents: {schemas: {}}\n")
    (project / "blueprints" / "list.yaml").write_text("- blueprint\n- other\n")
    code, data, err = lint_json(capsys, "--no-config", "--select", "AZ001", "blueprints")
    assert code == 1 and data["summary"]["files"] == 1 and "openapi" not in err and "list.yaml" not in err


@pytest.mark.parametrize("content", [
    BLUEPRINT.encode() + b"  broken: [\n",  # not YAML
    BLUEPRINT.encode() + b"# caf\xe9\n",  # not UTF-8
    b"\xff\xfe" + b"blueprint: x\n",  # a UTF-16 BOM before UTF-8 text
])
def test_plausible_blueprint_that_cannot_be_read_is_reported(project, capsys, content):
    (project / "blueprints").mkdir()
    (project / "blueprints" / "bad.yaml").write_bytes(content)
    code, data, _ = lint_json(capsys, "--no-config", "blueprints")
    assert code == 2 and data["summary"]["files"] == 1 and data["errors"][0]["file"] == "blueprints/bad.yaml"


def test_utf16_named_on_the_command_line_is_loaded(project, capsys):
    (project / "bp.yaml").write_bytes(BLUEPRINT.encode("utf-16"))
    code, data, _ = lint_json(capsys, "--no-config", "--select", "AZ001", "bp.yaml")
    assert code == 1 and lines_of(data) == [AZ001_LINE]


def test_invalid_utf16_is_named_utf16_at_its_line(project, capsys):
    (project / "bp.yaml").write_bytes(b"\xff\xfe" + "blueprint: x\nregions: {}\n".encode("utf-16-le") + b"\x00\xd8")
    code, data, _ = lint_json(capsys, "--no-config", "bp.yaml")
    assert code == 2 and "UTF-16" in data["errors"][0]["message"] and data["errors"][0]["line"] == 3
