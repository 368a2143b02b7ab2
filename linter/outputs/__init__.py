"""Output formats: one module per format, each with `render(report, context) -> str`.

Modules are imported only when their format is asked for, keeping the lint
path light.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable

from ..findings import Report
from ..rules import RuleSet, builtin_rules

FORMATS = {"text": "text", "json": "json_format", "sarif": "sarif", "junit": "junit", "github": "github"}


@dataclass
class OutputContext:
    """What a report format needs besides the report."""

    color: bool = False
    root: str = "."  # repository root, for formats that want paths relative to it
    rules: RuleSet = field(default_factory=builtin_rules)  # the run's rules, for formats that describe them
    context: bool = False  # text: the offending YAML line under each finding
    quiet: bool = False  # text: findings only, no summary
    statistics: bool = False  # text: a count per rule instead of each finding


def formatter(name: str) -> Callable[[Report, OutputContext], str]:
    return importlib.import_module(f"{__name__}.{FORMATS[name]}").render
