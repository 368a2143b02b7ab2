"""Fuzzing through the real command line: mutated blueprints, policies and
configurations never produce a traceback, an internal error, a hang or an exit
status other than 0 (clean), 1 (findings) or 2 (unusable input).

`make test` runs a bounded number of examples; `make fuzz` runs many more
(ARCHLINT_FUZZ_EXAMPLES).
"""
from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.cli import main

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINTS = sorted((ROOT / "blueprints").glob("*.yaml"))
POLICIES = sorted((ROOT / "policies").glob("*.yaml"))
CONFIG = """[tool.archlint]
paths = ["blueprints"]
select = ["ALL"]
ignore = ["COST001"]
fail-on = "warning"
rules-dirs = ["policies"]
severity = { SPOF001 = "warning" }
per-file-ignores = { "blueprints/dev-*.yaml" = ["AZ001"] }
"""
EXAMPLES = int(os.environ.get("ARCHLINT_FUZZ_EXAMPLES", "100"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize="ARCHLINT_FUZZ_EXAMPLES" not in os.environ,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SECONDS_PER_RUN = 20

# Values people (and attackers) write where archlint expects something else.
HOSTILE = ["~", "null", "yes", "on", "No", "True", "1", "1.5", "99e-1", ".nan", "-.inf", "0x1F", "0o17",
           "9" * 400, "-1", "''", '""', "!!int ''", "!!bool maybe", "!!float x", "!!binary aGk=", "!custom x",
           "[]", "{}", "[a, [b, [c]]]", "{a: {b: {c: d}}}", "*", "a*a*a*a*a*a*a*a*a*a*b", "?", "&a x", "*a",
           "\"\\x1b[31mred\\r\"", "\"\\u2028\"", "\"\\u0085\"", "\"a\\\\b\\\"c\"", "2026-13-45", "tomorrow",
           "us-east-1", "[us-east-1a, us-east-1a]", "0.0.0.0/0", "s3:*", "\"{}\"", "\"<b>\"", "|\n  block"]
EDITS = st.sampled_from(["replace-value", "delete-line", "duplicate-line", "dedent", "indent", "truncate", "insert-raw"])
RAW = st.sampled_from(["\t", "\x00", "\ufeff", "\r", "\x85", "\u2028", "\x1b[2J", "---\n", "...\n", "%YAML 1.1\n",
                       "- ", ": ", "? ", "[" * 50, "{" * 50, "&anchor ", "*anchor ", "<<: *a\n", "#", "!!str "])


@contextmanager
def time_limit(seconds: int):
    """A hang is a failure, not a stuck CI job."""
    def expire(signum, frame):
        raise TimeoutError(f"archlint ran longer than {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def mutate(text: str, edits: list[tuple[str, int, int, str]], separator: str = ":") -> str:
    """Apply line-level edits: each (kind, line index, column, material) picks its target modulo the text's size;
    `replace-value` replaces what follows the line's key `separator`."""
    lines = text.split("\n")
    for kind, index, column, material in edits:
        if not lines:
            break
        i = index % len(lines)
        line = lines[i]
        if kind == "replace-value" and separator in line:
            lines[i] = line[:line.index(separator) + len(separator)] + " " + material
        elif kind == "delete-line":
            del lines[i]
        elif kind == "duplicate-line":
            lines.insert(i, line)
        elif kind == "dedent":
            lines[i] = line[2:]
        elif kind == "indent":
            lines[i] = "  " + line
        elif kind == "truncate":
            lines[i] = line[:column % (len(line) + 1)]
        else:
            at = column % (len(line) + 1)
            lines[i] = line[:at] + material + line[at:]
    return "\n".join(lines)


edit_lists = st.lists(st.tuples(EDITS, st.integers(0, 10_000), st.integers(0, 200),
                                st.one_of(st.sampled_from(HOSTILE), RAW)), min_size=1, max_size=5)


def run_cli(argv: list[str], capsys) -> tuple[int, str]:
    with time_limit(SECONDS_PER_RUN):
        status = main(argv)
    captured = capsys.readouterr()
    return status, captured.err


def assert_handled(status: int, err: str) -> None:
    assert status in (0, 1, 2), status
    assert "Traceback" not in err, err
    assert "internal error" not in err, err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway project: the real blueprints and policies, and a configuration using them."""
    (tmp_path / "blueprints").mkdir()
    (tmp_path / "policies").mkdir()
    for source in BLUEPRINTS:
        (tmp_path / "blueprints" / source.name).write_text(source.read_text())
    for source in POLICIES:
        (tmp_path / "policies" / source.name).write_text(source.read_text())
    (tmp_path / "archlint.toml").write_text(CONFIG.replace("[tool.archlint]\n", ""))
    return tmp_path


def write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(source=st.sampled_from(BLUEPRINTS), edits=edit_lists,
       command=st.sampled_from(["lint-text", "lint-json", "lint-sarif", "graph", "report"]))
def test_mutated_blueprints_through_the_cli(project, capsys, source, edits, command):
    target = project / "blueprints" / source.name
    write(target, mutate(source.read_text(), edits))
    verb, _, fmt = command.partition("-")
    argv = [verb, str(target), "--no-config"] + (["--format", fmt] if fmt else [])
    assert_handled(*run_cli(argv, capsys))


@SETTINGS
@given(source=st.sampled_from(POLICIES), edits=edit_lists)
def test_mutated_policies_through_the_cli(project, capsys, monkeypatch, source, edits):
    write(project / "policies" / source.name, mutate(source.read_text(), edits))
    monkeypatch.chdir(project)
    assert_handled(*run_cli(["lint", "blueprints/core-banking-ha.yaml"], capsys))


@SETTINGS
@given(edits=edit_lists, is_pyproject=st.booleans())
def test_mutated_configurations_through_the_cli(project, capsys, monkeypatch, edits, is_pyproject):
    for old in ("archlint.toml", "pyproject.toml"):
        (project / old).unlink(missing_ok=True)
    name, text = ("pyproject.toml", CONFIG) if is_pyproject else ("archlint.toml", CONFIG.replace("[tool.archlint]\n", ""))
    write(project / name, mutate(text, edits, separator="="))
    monkeypatch.chdir(project)
    assert_handled(*run_cli(["lint", "blueprints/lambda-dlq.yaml"], capsys))
