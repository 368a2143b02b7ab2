"""Helpers for the importer tests: the real inputs, and running the CLI in-process."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from linter.cli import main



@pytest.fixture
def run(capsys):
    """archlint with arguments -> (exit status, stdout, stderr)."""
    def call(*argv: str) -> tuple[int, str, str]:
        status = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return status, out, err
    return call


@pytest.fixture
def imported(run, tmp_path):
    """Import a template or plan and return the blueprint data."""
    def call(kind: str, path, *options: str) -> dict:
        target = tmp_path / "imported.yaml"
        status, _, err = run("import", kind, path, "--output", target, *options)
        assert status == 0, err
        return yaml.safe_load(target.read_text())
    return call

REAL = Path(__file__).parent / "real"
WORDPRESS = REAL / "wordpress" / "aws-refarch-wordpress-master-newvpc.yaml"
