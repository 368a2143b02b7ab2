"""The reader's lean parser events: the same fields as PyYAML's, and PyYAML left as it was."""
from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml
import yaml.events

from linter import yaml_reader
from linter.yaml_reader import LoadError

pytestmark = pytest.mark.skipif(yaml_reader._libyaml_wrapper is None, reason="PyYAML built without libyaml")

# Every kind of event: anchors, aliases, tags, merge keys, flow and block styles, quoting.
DOCUMENT = """%YAML 1.1
---
base: &base {a: 1, b: [x, "y"]}
other:
  <<: *base
  c: !!str 3
  d: 'quoted'
  e: |
    literal
list:
  - &item one
  - *item
  - {k: v}
...
"""


def _comparable(value):
    if hasattr(value, "line") and hasattr(value, "column"):
        return ("mark", value.line, value.column, value.index)
    return value


def _fields(event) -> tuple:
    """The event's name and fields; not a scalar's style, which the parsers write differently
    (libyaml '' for plain, PyYAML None) and the reader never reads."""
    name = type(event).__name__
    named = zip(yaml_reader._EVENT_FIELDS[name], event.args, strict=True)
    return name, tuple((field, _comparable(value)) for field, value in named if field != "style")


def _lean_from_libyaml(text: str) -> list[tuple]:
    with yaml_reader._events(io.StringIO(text)) as events:
        return [_fields(e) for e in events]


def _lean_from_pure_python(text: str) -> list[tuple]:
    return [_fields(yaml_reader._as_lean(e)) for e in yaml.parse(io.StringIO(text), Loader=yaml.SafeLoader)]


def test_lean_events_carry_pyyamls_fields_in_order():
    assert _lean_from_libyaml(DOCUMENT) == _lean_from_pure_python(DOCUMENT)


@pytest.mark.parametrize("text", [DOCUMENT, "a: [1, 2\n", "a: *missing\n", "a: 1\n---\nb: 2\n"])
def test_pyyaml_builds_its_own_events_again_after_a_parse(text):
    try:
        yaml_reader.parse(text, "t.yaml")
    except LoadError:
        pass
    for name in yaml_reader._EVENT_FIELDS:
        assert getattr(yaml_reader._libyaml_wrapper, name) is getattr(yaml.events, name)
    kinds = {type(e) for e in yaml.parse(io.StringIO("a: [b]"), Loader=yaml.CSafeLoader)}
    assert yaml.events.ScalarEvent in kinds and yaml.events.SequenceStartEvent in kinds


def test_the_pure_python_parser_gives_the_same_tree_and_positions(monkeypatch):
    with_libyaml = yaml_reader.parse(DOCUMENT, "t.yaml")
    monkeypatch.setattr(yaml_reader, "_libyaml_wrapper", None)
    monkeypatch.setattr(yaml_reader, "_EventLoader", yaml.SafeLoader)
    pure = yaml_reader.parse(DOCUMENT, "t.yaml")
    assert pure.root == with_libyaml.root
    other, pure_other = with_libyaml.root["other"], pure.root["other"]
    assert [other.key_pos(k) for k in other] == [pure_other.key_pos(k) for k in pure_other]
    assert [other.value_pos(k) for k in other] == [pure_other.value_pos(k) for k in pure_other]
    assert pure.keys == with_libyaml.keys


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[A-Za-z][A-Za-z0-9_.-]{0,7}", fullmatch=True))
def test_a_plain_word_starting_with_a_letter_is_read_as_yaml_1_1_reads_it(word):
    expected = yaml.safe_load(f"k: {word}")["k"]
    assert yaml_reader.parse(f"k: {word}", "t.yaml").root["k"] == expected


@pytest.mark.parametrize("word", ["yes", "No", "OFF", "on", "True", "FALSE", "null", "Null", "y", "n", "nulls", "onward"])
def test_bool_and_null_words_and_their_near_misses(word):
    value = yaml_reader.parse(f"k: {word}", "t.yaml").root["k"]
    assert value == yaml.safe_load(f"k: {word}")["k"] and type(value) is type(yaml.safe_load(f"k: {word}")["k"])


def test_nested_parses_keep_lean_events_until_the_last_one_ends():
    with yaml_reader._lean_events():
        with yaml_reader._lean_events():
            pass
        assert yaml_reader._libyaml_wrapper.ScalarEvent is not yaml.events.ScalarEvent
        assert yaml_reader.parse("a: [b]", "t.yaml").root == {"a": ["b"]}
        assert yaml_reader._libyaml_wrapper.ScalarEvent is not yaml.events.ScalarEvent
    assert yaml_reader._libyaml_wrapper.ScalarEvent is yaml.events.ScalarEvent


def test_events_pyyaml_builds_its_own_way_are_converted(monkeypatch):
    """Should a PyYAML release stop building events from its module's names, parsing stays the same."""
    expected = yaml_reader.parse(DOCUMENT, "t.yaml")
    monkeypatch.setattr(yaml_reader, "_lean_events", contextlib.nullcontext)
    converted = yaml_reader.parse(DOCUMENT, "t.yaml")
    assert converted.root == expected.root and converted.keys == expected.keys
    other, converted_other = expected.root["other"], converted.root["other"]
    assert [other.value_pos(k) for k in other] == [converted_other.value_pos(k) for k in converted_other]
