"""The import benchmark's generated template: 13 stacks, 140 resources, imported whole."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from importer_helpers import imported, run  # noqa: F401 - fixtures

BENCH = Path(__file__).parents[2] / "bench" / "bench_import.py"


def bench_module():
    spec = importlib.util.spec_from_file_location("bench_import", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_template_is_13_stacks_of_140_resources_and_imports_whole(imported, tmp_path) -> None:
    bench = bench_module()
    parent = bench.write_stacks(str(tmp_path))
    assert bench.count_resources(str(tmp_path)) == (13, 140)
    data = imported("cfn", parent)
    assert len(data["networks"]["Vpc"]["subnets"]) == 6
    assert len([c for c in data["components"].values() if c["type"] == "aws.asg"]) == 11
    assert data["components"]["Service11-App"]["subnets"] == ["Private0", "Private1", "Private2"]
