"""Line positions match what an editor shows; input never reaches the terminal raw."""
from __future__ import annotations

import pytest
from hostile_cli import AZ001_LINE, BLUEPRINT, lines_of, lint_json, project, run  # noqa: F401  (pytest fixture)

# A description inserted as line 2: every later line moves down by one, whatever it holds.
def with_description(value: str) -> str:
    return BLUEPRINT.replace("regions:", f"description: {value}\nregions:", 1)


@pytest.mark.parametrize("inside", ["\x85", "\u2028", "\u2029", "a\u2028b\u2029c\x85d"])
def test_yaml11_only_line_breaks_do_not_shift_lines(project, capsys, inside):
    (project / "bp.yaml").write_text(with_description(f'"x{inside}y"'), newline="")
    code, data, _ = lint_json(capsys, "--no-config", "--select", "AZ001", "bp.yaml")
    assert code == 1 and lines_of(data) == [AZ001_LINE + 1]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_do_not_shift_lines(project, capsys, newline):
    (project / "bp.yaml").write_bytes(BLUEPRINT.replace("\n", newline).encode())
    code, data, _ = lint_json(capsys, "--no-config", "--select", "AZ001", "bp.yaml")
    assert code == 1 and lines_of(data) == [AZ001_LINE]


@pytest.mark.parametrize("newline", ["\n", "\r"])
def test_inline_ignore_in_any_line_ending(project, capsys, newline):
    text = BLUEPRINT.replace("  worker:\n", "  worker:  # archlint: ignore[AZ001] batch job\n")
    (project / "bp.yaml").write_bytes(text.replace("\n", newline).encode())
    code, data, _ = lint_json(capsys, "--no-config", "--select", "AZ001", "bp.yaml")
    assert code == 0 and data["summary"]["waived"] == 1


@pytest.mark.parametrize("prefix", ["", "description: 'a\u2028b'\n", "description: 'a\x85b'\r"])
@pytest.mark.parametrize("control", ["\x07", "\x1b", "\x7f", "\x9b"])
def test_control_character_is_reported_at_its_own_line(project, capsys, prefix, control):
    text = prefix + BLUEPRINT.replace("type: aws.ec2", f"type: aws.ec2{control}")
    (project / "bp.yaml").write_text(text, newline="")
    code, data, _ = lint_json(capsys, "--no-config", "bp.yaml")
    error = data["errors"][0]
    assert code == 2 and (error["line"], error["column"]) == (6 + bool(prefix), 18)


def test_invalid_utf8_is_reported_at_its_line_in_a_cr_only_file(project, capsys):
    (project / "bp.yaml").write_bytes(b"blueprint: x\rregions: {}\rdescription: caf\xe9\r")
    code, data, _ = lint_json(capsys, "--no-config", "bp.yaml")
    assert code == 2 and (data["errors"][0]["line"], data["errors"][0]["column"]) == (3, 17)


HOSTILE = BLUEPRINT.replace("blueprint: worker", 'blueprint: "w\\e[2J\\rx"').replace("  worker:", '  "w\\e]0;t\\ak\\r":')
RAW = ("\x1b", "\r", "\x07", "\x9b")


@pytest.mark.parametrize("output", ["text", "github"])
def test_control_characters_from_input_are_escaped_in_output(project, capsys, output):
    (project / "blueprints").mkdir()
    (project / "blueprints" / "bp.yaml").write_text(HOSTILE)
    (project / "blueprints" / "\x1b[31mred\r.yaml").write_text(BLUEPRINT)
    code, out, err = run(capsys, "lint", "--no-config", "--format", output, "blueprints")
    assert code == 2
    assert not any(ch in out + err for ch in RAW)
    assert "\\x1b" in out


def test_control_characters_in_configuration_problems_are_escaped(project, capsys):
    (project / "bp.yaml").write_text(BLUEPRINT)
    (project / "archlint.toml").write_text('"\\u001b[2Jcolour" = 1\nselect = ["\\u001b]0;x\\u0007"]\n')
    code, _, err = run(capsys, "lint", "bp.yaml")
    assert code == 2 and not any(ch in err for ch in RAW) and "\\x1b" in err


def test_warnings_about_file_names_are_escaped(project, capsys):
    (project / "blueprints").mkdir()
    (project / "blueprints" / "\x1b[31mtypo.yaml").write_text(BLUEPRINT.replace("blueprint:", "blueprints:", 1))
    code, _, err = run(capsys, "lint", "--no-config", "blueprints")
    assert code == 0 and "\x1b" not in err and "\\x1b[31mtypo.yaml" in err


def test_values_yaml11_converted_keep_editor_lines(project, capsys):
    (project / "bp.yaml").write_text('blueprint: x\ndescription: "a\u2028b"\nregions: {}\nyes: 1\ntrue: 2\n', newline="")
    code, data, _ = lint_json(capsys, "--no-config", "bp.yaml")
    assert code == 2 and data["errors"][0]["line"] == 5 and "line 4" in data["errors"][0]["message"]
