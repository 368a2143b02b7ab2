"""CloudFormation template reader: YAML with short-form tags, or JSON, with line numbers.

The blueprint reader refuses custom tags on purpose; CloudFormation templates
are full of them (`!Ref`, `!Sub`, ...). This reader turns each short form into
its long form (`{"Fn::Sub": ...}`) and remembers where every mapping was
written, so that imported elements can name their template line. It builds
plain data only: no tag ever constructs an object.
"""
from __future__ import annotations

import json
import os

import yaml

from .resources import ImportFailure
from ..yaml_reader import MAX_FILE_BYTES, Pos, Problem

_SHORT_FUNCTIONS = ("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
                    "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString")


class Mapping(dict):
    """A template mapping that knows its own line and the line of each key."""

    line: int = 1
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _TemplateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml when present: 4x faster
    """SafeLoader plus CloudFormation's short-form tags, keeping positions."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Mapping:  # type: ignore[override]
        mapping = Mapping()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise yaml.constructor.ConstructorError(None, None, "a mapping key must be a plain value", key_node.start_mark)
            mapping[str(key) if not isinstance(key, str) else key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[str(key)] = key_node.start_mark.line + 1
        return mapping


def _construct_yaml_map(loader: _TemplateLoader, node: yaml.MappingNode):
    yield loader.construct_mapping(node)


def _long_form(name: str):
    def construct(loader: _TemplateLoader, node: yaml.ScalarNode | yaml.SequenceNode | yaml.MappingNode) -> Mapping:
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
            if name == "Fn::GetAtt" and isinstance(value, str):
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        result = Mapping({name: value})
        result.line, result.key_lines = node.start_mark.line + 1, {}
        return result
    return construct


_TemplateLoader.add_constructor("tag:yaml.org,2002:map", _construct_yaml_map)
_TemplateLoader.add_constructor("!Ref", _long_form("Ref"))
_TemplateLoader.add_constructor("!Condition", _long_form("Condition"))
_TemplateLoader.add_constructor("!GetAtt", _long_form("Fn::GetAtt"))
for _name in _SHORT_FUNCTIONS:
    _TemplateLoader.add_constructor(f"!{_name}", _long_form(f"Fn::{_name}"))
# Timestamps stay strings: CloudFormation has no date type (AWSTemplateFormatVersion is text).
_TemplateLoader.add_constructor("tag:yaml.org,2002:timestamp", _TemplateLoader.construct_yaml_str)


def read_template(path: str, shown: str) -> Mapping:
    """The template as data; ImportFailure (with file:line:col) when it is not CloudFormation."""
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise ImportFailure([Problem(Pos(shown, 1, 1), "file is larger than 10 MiB")])
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise ImportFailure([Problem(Pos(shown, 1, 1), f"cannot read the template: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise ImportFailure([Problem(Pos(shown, 1, 1), "the template is not UTF-8 text")]) from None
    data = _parse(text, shown)
    _check_shape(data, shown)
    return data


def _parse(text: str, shown: str):
    try:
        loader = _TemplateLoader(text)
        loader.name = shown
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        if text.lstrip().startswith("{"):
            return _parse_json(text, shown)  # JSON with tabs is valid JSON but not YAML
        mark = exc.problem_mark or exc.context_mark
        where = Pos(shown, mark.line + 1, mark.column + 1) if mark else Pos(shown, 1, 1)
        raise ImportFailure([Problem(where, f"not a CloudFormation template: {exc.problem or exc.context}")]) from None
    except yaml.YAMLError as exc:
        raise ImportFailure([Problem(Pos(shown, 1, 1), f"not a CloudFormation template: {exc}")]) from None


def _parse_json(text: str, shown: str):
    try:
        return json.loads(text, object_hook=_json_mapping)
    except json.JSONDecodeError as exc:
        raise ImportFailure([Problem(Pos(shown, exc.lineno, exc.colno), f"not a CloudFormation template: {exc.msg}")]) from None


def _json_mapping(pairs: dict) -> Mapping:
    mapping = Mapping(pairs)
    mapping.key_lines = {}
    return mapping


def _check_shape(data, shown: str) -> None:
    if not isinstance(data, Mapping):
        raise ImportFailure([Problem(Pos(shown, 1, 1), "not a CloudFormation template: the top level is not a map")])
    resources = data.get("Resources")
    if not isinstance(resources, Mapping) or not resources:
        line = data.line_of("Resources") if "Resources" in data else 1
        raise ImportFailure([Problem(Pos(shown, line, 1), "not a CloudFormation template: it has no `Resources` map")])
    problems = [Problem(Pos(shown, resources.line_of(rid), 3), f"resource `{rid}` has no `Type`")
                for rid, body in resources.items() if not isinstance(body, Mapping) or not isinstance(body.get("Type"), str)]
    if problems:
        raise ImportFailure(problems)
