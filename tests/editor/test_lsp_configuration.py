"""The language server lints each file under the configuration that applies to it."""
from __future__ import annotations

import argparse
from pathlib import Path

from linter.lsp import Linter

# One zonal component in one AZ: AZ001 fires (LP003 does not: no IAM).
BLUEPRINT = """\
blueprint: shop
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
components:
  worker: {type: aws.ec2, azs: [us-east-1a]}
"""


def server_args(config: str | None = None, no_config: bool = False) -> argparse.Namespace:
    return argparse.Namespace(config=config, no_config=no_config)


def project(root: Path, name: str, configuration: str | None) -> Path:
    folder = root / name / "blueprints"
    folder.mkdir(parents=True)
    if configuration is not None:
        (root / name / "archlint.toml").write_text(configuration)
    path = folder / "shop.yaml"
    path.write_text(BLUEPRINT)
    return path


def codes(linter: Linter, path: Path) -> set[str]:
    return {problem.code for problem in linter.problems(str(path), path.read_text())}


def test_each_project_of_a_workspace_uses_its_own_configuration(tmp_path: Path) -> None:
    quiet = project(tmp_path, "quiet", 'ignore = ["AZ001"]\n')
    strict = project(tmp_path, "strict", 'select = ["AZ001"]\n')
    linter = Linter(server_args())
    assert "AZ001" not in codes(linter, quiet)
    assert codes(linter, strict) == {"AZ001"}


def test_config_names_one_configuration_for_every_file(tmp_path: Path) -> None:
    quiet = project(tmp_path, "quiet", 'ignore = ["AZ001"]\n')
    strict = tmp_path / "strict.toml"
    strict.write_text('select = ["AZ001"]\n')
    assert codes(Linter(server_args(config=str(strict))), quiet) == {"AZ001"}
    assert "AZ001" in codes(Linter(server_args(no_config=True)), quiet)


def test_a_broken_configuration_is_a_load_diagnostic_not_a_crash(tmp_path: Path) -> None:
    broken = project(tmp_path, "broken", 'select = "AZ001"\n')  # a string where a list belongs
    fine = project(tmp_path, "fine", None)
    linter = Linter(server_args())
    problems = linter.problems(str(broken), broken.read_text())
    assert [(p.line, p.code) for p in problems] == [(0, "LOAD")]
    assert "AZ001" in codes(linter, fine)
