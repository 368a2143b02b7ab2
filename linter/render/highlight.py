"""Findings onto the picture: which drawn element gets which colour and rule ids.

A finding names an element (`kind`, `element`); the elements a diagram draws
are components (nodes), flows (edges), networks and AZs (clusters), peerings
and transit gateways (nodes and their edges). Findings about anything else
(roles, waivers, keys, the blueprint) are listed in the legend instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..findings import Finding
from .layout import Scene

# Strong colour for outlines and text, light colour for fills.
COLORS = {"error": ("#D62728", "#FDE8E8"), "warning": ("#E67E00", "#FFF1DC")}
RANK = {"warning": 1, "error": 2}
DRAWN_KINDS = {"component", "flow", "network", "az", "peering", "transit_gateway", "role"}


@dataclass(frozen=True)
class Mark:
    severity: str  # error | warning
    rules: tuple[str, ...]

    @property
    def color(self) -> str:
        return COLORS[self.severity][0]

    @property
    def fill(self) -> str:
        return COLORS[self.severity][1]

    @property
    def text(self) -> str:
        return " · ".join(self.rules)


RULE_DOCS = "../docs/rules.md"  # from diagrams_out/ to the rule reference; `render --rule-docs` changes it


def rule_anchor(finding: Finding) -> str:
    """The GitHub/GitLab heading anchor of a rule in docs/rules.md (`## SPOF001 `name``)."""
    return f"{finding.rule}-{finding.name}".lower()


class Highlights:
    """Marks per (kind, element); empty when highlighting is off."""

    def __init__(self, findings: Iterable[Finding] = (), enabled: bool = True, rule_docs: str = RULE_DOCS):
        self.enabled = enabled  # off: no colours and no severity rows in the legend
        self.rule_docs = rule_docs
        self.findings = sorted((f for f in findings if enabled and f.severity in RANK), key=lambda f: (f.rule, f.kind, f.element))
        grouped: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault((finding.kind, finding.element), []).append(finding)
        self.marks = {key: _mark(found) for key, found in grouped.items()}
        self.grouped = grouped

    def tooltip(self, kind: str, element: str) -> dict[str, str]:
        """SVG tooltip listing the element's findings and a link to its first rule's documentation."""
        found = self.grouped.get((kind, element))
        if not found:
            return {}
        lines = [f"{f.rule} ({f.severity}): {f.message}" for f in found]
        return {"tooltip": "\n".join(lines), "URL": f"{self.rule_docs}#{rule_anchor(found[0])}", "target": "_top"}

    def mark(self, kind: str, element: str) -> Mark | None:
        return self.marks.get((kind, element))

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def unplaced(self, scene: Scene) -> list[Finding]:
        """Findings about an element the diagram does not draw."""
        drawn = _drawn_elements(scene)
        return [f for f in self.findings if (f.kind, f.element) not in drawn]


def _mark(findings: list[Finding]) -> Mark:
    severity = max((f.severity for f in findings), key=RANK.__getitem__)
    return Mark(severity, tuple(sorted({f.rule for f in findings})))


def _drawn_elements(scene: Scene) -> set[tuple[str, str]]:
    drawn = {(item.kind, item.element) for item in scene.root.walk_items()}
    drawn |= {(link.kind, link.element) for link in scene.links if link.kind == "flow"}
    stack = [scene.root]
    while stack:
        group = stack.pop()
        drawn.add(("network" if group.kind == "network" else group.kind, group.element))
        stack.extend(group.groups)
    return {pair for pair in drawn if pair[0] in DRAWN_KINDS}
