"""graphviz-pure chosen as the engine, then gone before a diagram is drawn:
a `GraphvizMissing` (reported per file, exit 2), never a TypeError from running nothing."""
from __future__ import annotations

import pytest

from linter.render import output
from linter.render.output import GraphvizMissing, draw


def test_drawing_with_a_vanished_pure_engine_names_the_extra(monkeypatch):
    monkeypatch.setattr(output, "find_pure", lambda: None)
    with pytest.raises(GraphvizMissing, match=r"\.\[pure\]"):
        draw("digraph { a -> b }", "svg", engine="pure")


def test_dot_text_needs_no_engine_even_when_pure_is_gone(monkeypatch):
    monkeypatch.setattr(output, "find_pure", lambda: None)
    assert draw("digraph { a -> b }", "dot", engine="pure").endswith(b"digraph { a -> b }")
