"""Property tests: random and mutated blueprints never produce a traceback."""
from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.engine import Engine, Options
from linter.findings import Report
from linter.loading import LoadError, load_blueprint
from linter.rules import builtin_rules

EXAMPLE = yaml.safe_load((Path(__file__).parent / "fixtures" / "spec_example.yaml").read_text())
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 70000), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["aws.rds", "us-east-1a", "app-a", "db", "*", "s3:*", "10.0.0.0/8", "all", "1m"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)


def lint_text(tmp_path: Path, text: str | bytes) -> Report:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    return Engine(Options()).lint_files([str(path)], Report())


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(tmp_path, data):
    try:
        load_blueprint_bytes(tmp_path, data)
    except LoadError as exc:
        assert exc.problems and all(p.pos.line >= 1 for p in exc.problems)


def load_blueprint_bytes(tmp_path: Path, data: bytes):
    path = tmp_path / "raw.yaml"
    path.write_bytes(data)
    return load_blueprint(str(path), builtin_rules())


@SETTINGS
@given(st.text(alphabet="ab:-[]{}&*!|>'\"#\n ,?", max_size=200))
def test_yaml_punctuation_soup_never_crashes(tmp_path, text):
    report = lint_text(tmp_path, "blueprint: x\n" + text)
    assert report.files and not any(" failed: " in e.message for e in report.errors)


def paths_of(tree, prefix=()):
    """Every (path) into a nested dict/list tree."""
    yield prefix
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from paths_of(value, (*prefix, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from paths_of(value, (*prefix, index))


ALL_PATHS = [p for p in paths_of(EXAMPLE) if p]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["replace", "delete"]), values), min_size=1, max_size=4))
def test_mutated_blueprints_never_crash(tmp_path, mutations):
    tree = copy.deepcopy(EXAMPLE)
    for path, action, value in mutations:
        parent = tree
        for step in path[:-1]:
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                break
        else:
            last = path[-1]
            try:
                if action == "delete":
                    del parent[last]
                else:
                    parent[last] = value
            except (KeyError, IndexError, TypeError):
                pass
    report = lint_text(tmp_path, yaml.safe_dump(tree, sort_keys=False))
    for error in report.errors:
        assert error.line >= 1 and error.message
        assert " failed: " not in error.message, error.message  # a rule crashed on valid input
