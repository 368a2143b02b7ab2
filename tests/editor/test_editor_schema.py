"""The JSON Schema editors use agrees with the loader: overlays are accepted,
YAML 1.1 booleans too, and one mistake gives one error."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from linter.loading import LoadError, load_blueprint
from linter.rules import builtin_rules
from linter.schema import blueprint_schema

ROOT = Path(__file__).parents[2]
VALIDATOR = jsonschema.Draft7Validator(blueprint_schema())


class Yaml12Loader(yaml.SafeLoader):
    """How an editor (yaml-language-server) reads a file: YAML 1.2 core, where `yes` and dates are strings."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def editor_errors(text: str) -> list:
    return list(VALIDATOR.iter_errors(yaml.load(text, Loader=Yaml12Loader)))


def loads(path: Path) -> bool:
    try:
        load_blueprint(str(path), builtin_rules())
        return True
    except LoadError:
        return False


@pytest.mark.parametrize("path", sorted((ROOT / "blueprints").glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_blueprint_is_valid_in_an_editor(path):
    assert editor_errors(path.read_text()) == []


def test_the_banking_overlays_are_accepted():
    for name in ("banking-env-dev.yaml", "banking-env-staging.yaml"):
        text = (ROOT / "blueprints" / name).read_text()
        assert text.startswith("# yaml-language-server: $schema=") and "extends:" in text
        assert editor_errors(text) == []


BASE = """\
blueprint: shop
regions: {us-east-1: {azs: [us-east-1a, us-east-1b]}}
components:
  db: {type: aws.rds, region: us-east-1, multi_az: MULTI, encrypted: true}
"""


@pytest.mark.parametrize("value, valid", [("yes", True), ("on", True), ("No", True), ("true", True), ("maybe", False), ("1", False)])
def test_booleans_as_the_loader_reads_them(tmp_path, value, valid):
    text = BASE.replace("MULTI", value)
    (tmp_path / "bp.yaml").write_text(text)
    assert loads(tmp_path / "bp.yaml") == valid
    assert (editor_errors(text) == []) == valid


def test_overlay_writes_only_differences_and_null_removes(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE.replace("MULTI", "true"))
    overlay = "extends: base.yaml\nblueprint: shop-dev\nenvironment: dev\ncomponents:\n  db: {multi_az: false, encrypted: null}\n"
    (tmp_path / "dev.yaml").write_text(overlay)
    assert loads(tmp_path / "dev.yaml") and editor_errors(overlay) == []
    partial_without_extends = overlay.replace("extends: base.yaml\n", "")
    assert editor_errors(partial_without_extends)  # a blueprint of its own still needs every required key


GOOD = (ROOT / "tests" / "fixtures" / "spec_example.yaml").read_text()


def mutate(change) -> dict:
    document = copy.deepcopy(yaml.load(GOOD, Loader=Yaml12Loader))
    change(document)
    return document


def first_of_type(document: dict, kind: str) -> dict:
    return next(c for c in document["components"].values() if c["type"].startswith(kind))


MISTAKES = {
    "unknown component key": lambda d: first_of_type(d, "aws.rds").update(multi_azz=True),
    "key the type does not take": lambda d: first_of_type(d, "aws.cloudtrail").update(multi_az=True),
    "misspelt type": lambda d: first_of_type(d, "aws.rds").update(type="aws.rdss"),
    "misspelt top-level key": lambda d: d.update(componets={}),
    "flow arrow": lambda d: d["flows"].append("web => db"),
    "flow port": lambda d: d["flows"].append({"from": "web", "to": "db", "port": "al"}),
    "flow endpoint type": lambda d: d["flows"].append({"from": 3, "to": "db"}),
    "boolean as text": lambda d: first_of_type(d, "aws.rds").update(encrypted="maybe"),
    "overlay typo": lambda d: d.update(extends="base.yaml", components={"db": {"multi_azz": True}}),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_one_error_per_mistake(name):
    assert editor_errors(GOOD) == []
    errors = list(VALIDATOR.iter_errors(mutate(MISTAKES[name])))
    assert len(errors) == 1 and not errors[0].context, [e.message for e in errors]
