"""The loader and the JSON Schema read one description of the format (linter/format.py)."""
from __future__ import annotations

import pytest

from linter import format as fmt
from linter import schema
from linter.format import Section

SECTIONS = {name: value for name, value in vars(fmt).items() if isinstance(value, Section)}


def test_the_schema_refuses_keys_that_differ_from_the_format() -> None:
    with pytest.raises(ValueError):
        schema._section(fmt.THROTTLE, {"rate": schema.RATE})
    with pytest.raises(ValueError):
        schema._section(fmt.THROTTLE, {"rate": schema.RATE, "burst": schema.RATE, "window": schema.RATE})


def test_a_section_object_has_the_format_keys_and_required_keys() -> None:
    built = schema._section(fmt.SUBNET, {"az": {}, "cidr": {}, "public": {}})
    assert list(built["properties"]) == list(fmt.SUBNET.keys)
    assert built["required"] == list(fmt.SUBNET.required)


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_required_keys_are_keys_of_their_section(name: str) -> None:
    section = SECTIONS[name]
    assert set(section.required) <= set(section.keys)
    assert len(set(section.keys)) == len(section.keys)


def _objects(node: object) -> list[dict]:
    """Every object schema (with `properties`) inside `node`."""
    if isinstance(node, list):
        return [found for item in node for found in _objects(item)]
    if not isinstance(node, dict):
        return []
    own = [node] if "properties" in node and node.get("additionalProperties") is False else []
    return own + [found for value in node.values() for found in _objects(value)]


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_every_section_of_the_format_is_an_object_of_the_schema(name: str) -> None:
    key_sets = {frozenset(obj["properties"]) for obj in _objects(schema.blueprint_schema())}
    assert frozenset(SECTIONS[name].keys) in key_sets
