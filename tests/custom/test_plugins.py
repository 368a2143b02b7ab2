"""Python plugins: the example package in tests/custom/plugin_pkg, installed through its entry point."""
from __future__ import annotations

import json
import sys
import types
from importlib.metadata import EntryPoint, entry_points

import pytest

from linter.cli import main
from linter.custom import plugins
from linter.rules import builtin_rules, rule

TWO_REGIONS = """\
blueprint: two-regions
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b], role: primary}
  us-west-2: {azs: [us-west-2a, us-west-2b], role: dr}
components:
  app: {type: aws.lambda, region: us-east-1}
  ledger: {type: aws.dynamodb, region: us-west-2}
  events: {type: aws.sqs, region: us-west-2, dlq: dead}
  dead: {type: aws.sqs, region: us-west-2}
flows:
  - {from: app, to: ledger, actions: ["dynamodb:PutItem"]}
  - {from: app, to: events, async: true, actions: ["sqs:SendMessage"]}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bp.yaml").write_text(TWO_REGIONS)
    return tmp_path


def lint_json(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["lint", "bp.yaml", "--no-config", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_example_plugin_is_installed() -> None:
    names = [point.name for point in entry_points(group=plugins.GROUP)]
    assert "example" in names, "install the example plugin: pip install -e tests/custom/plugin_pkg (make test does)"


def test_plugin_rule_is_listed_and_documented(capsys) -> None:
    assert main(["rules", "--no-config"]) == 0
    assert "EXP001   sync-cross-region-data-call" in capsys.readouterr().out
    assert main(["rule", "EXP001", "--no-config"]) == 0
    out = capsys.readouterr().out
    assert "plugin example" in out.splitlines()[0]
    for section in ("What it does", "Why it matters", "Example that fails", "Example that passes", "How to fix"):
        assert f"\n{section}\n" in out


def test_plugin_rule_fires_on_the_exact_flow(project, capsys) -> None:
    code, data, _ = lint_json(capsys, "--select", "EXP001")
    assert code == 0  # a warning does not fail the default gate
    assert [(f["rule"], f["element"], f["line"]) for f in data["findings"]] == [("EXP001", "app->ledger", 11)]


def test_broken_plugin_is_reported_by_name_and_the_rest_runs(project, capsys, monkeypatch) -> None:
    installed = list(entry_points(group=plugins.GROUP))
    broken = EntryPoint(name="broken", value="archlint_no_such_plugin.rules", group=plugins.GROUP)
    monkeypatch.setattr(plugins, "entry_points", lambda group: [*installed, broken])
    code, data, err = lint_json(capsys, "--select", "EXP001")
    assert code == 2
    assert "plugin `broken` (archlint_no_such_plugin.rules) failed to load: ModuleNotFoundError" in err
    assert [f["rule"] for f in data["findings"]] == ["EXP001"]


def fake_plugin(monkeypatch, name: str, register) -> EntryPoint:
    """An installed-looking plugin whose entry point is a `register()` callable."""
    module = types.ModuleType(f"archlint_{name}_plugin")
    module.register = register
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(plugins, "_loaded", dict(plugins._loaded))
    return EntryPoint(name=name, value=f"{module.__name__}:register", group=plugins.GROUP)


def test_plugin_rule_that_crashes_is_reported_by_name(project, capsys, monkeypatch) -> None:
    def register() -> None:
        @rule("CRS001", "crashes-while-checking", "error")
        def crashes(ctx):
            """Crashes."""
            raise RuntimeError("boom")
            yield
    crashy = fake_plugin(monkeypatch, "crashy", register)
    installed = list(entry_points(group=plugins.GROUP))
    monkeypatch.setattr(plugins, "entry_points", lambda group: [*installed, crashy])
    code = main(["lint", "bp.yaml", "--no-config", "--select", "CRS001,EXP001"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "rule CRS001 (plugin crashy) failed: RuntimeError: boom" in out + err
    assert "EXP001 [warning]" in out


def test_plugin_in_a_builtin_family_is_refused(monkeypatch) -> None:
    def register() -> None:
        rule("SEC900", "clashing-rule", "error")(lambda ctx: iter(()))
    clashing = fake_plugin(monkeypatch, "clashing", register)
    monkeypatch.setattr(plugins, "entry_points", lambda group: [clashing])
    rules, [message] = plugins.load_plugins(builtin_rules())
    assert "plugin `clashing`" in message and "SEC900" in message and "SEC900" not in rules and "SEC900" not in builtin_rules()
