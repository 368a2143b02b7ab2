"""SEC005 reads the whole file only when some key could name a secret: the keys of
every file a blueprint is made of (its bases included) are known from loading."""
from __future__ import annotations

from pathlib import Path

from conftest import lint_paths

BASE = """\
blueprint: shop
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
x-deploy:
  db_password: hunter2
components:
  api: {type: aws.lambda}
"""


def sec005(report) -> list[tuple[str, int, str]]:
    return [(Path(f.file).name, f.line, f.element) for f in report.findings if f.rule == "SEC005"]


def test_a_secret_in_a_base_is_found_through_an_overlay(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "prod.yaml").write_text("extends: base.yaml\nenvironment: prod\n")
    report = lint_paths([tmp_path / "prod.yaml"], select=["SEC005"])
    assert sec005(report) == [("base.yaml", 5, "x-deploy.db_password")]


def test_no_secret_looking_key_no_finding(tmp_path):
    (tmp_path / "bp.yaml").write_text(BASE.replace("db_password", "db_name"))
    assert sec005(lint_paths([tmp_path / "bp.yaml"], select=["SEC005"])) == []
