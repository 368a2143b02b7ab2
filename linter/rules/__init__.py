"""The rule registry and the public API for writing rules.

A rule is a small function with an id, a kebab-case name that names the
flagged pattern, a default severity, and documentation in its docstring; it
takes the blueprint's `Context` and yields `Violation`s. The engine stamps id,
name, severity and source location: rules never compute line numbers.

Built-in rules, YAML policies and Python plugins (entry point group
`archlint.rules`) all register through `register`.
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, NamedTuple

from ..catalog import ENVIRONMENTS
from ..graph import Context

SEVERITIES = ("error", "warning", "info")
DOC_SECTIONS = ("What it does", "Why it matters", "Example that fails", "Example that passes", "How to fix")
ID_RE = re.compile(r"[A-Z]+[0-9]{3}\Z")
NAME_RE = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*\Z")


class Violation(NamedTuple):
    """What a rule yields: the element it is about and a message.

    `key` names the value the finding is about (e.g. `encrypted`), so the
    finding points at the line where that value was written.
    """

    kind: str
    element: str
    message: str
    key: str | None = None


Check = Callable[[Context], Iterator[Violation]]
# Audit rules (the waiver rules) judge what the other rules did: the engine runs them
# after suppression with what it knows then, instead of a `Context`.
AuditCheck = Callable[[Any], Iterator[Violation]]


@dataclass
class Rule:
    id: str
    name: str
    severity: str
    check: Check | AuditCheck
    summary: str
    doc: str
    environments: tuple[str, ...] = ENVIRONMENTS
    origin: str = "built-in"
    sections: dict[str, str] = field(default_factory=dict)
    audit: bool = False  # run after suppression, see `AuditCheck`

    @property
    def family(self) -> str:
        return re.sub(r"\d+$", "", self.id)

    @property
    def all_environments(self) -> bool:
        return set(self.environments) >= set(ENVIRONMENTS)

    @property
    def applies_to(self) -> str:
        """The environments the rule applies to, as users read it."""
        if self.all_environments:
            return "all environments"
        return f"{' and '.join(self.environments)} only"


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if not ID_RE.match(rule.id):
        raise ValueError(f"rule id `{rule.id}` must be letters then three digits, such as ORG001")
    if not NAME_RE.match(rule.name):
        raise ValueError(f"rule name `{rule.name}` must be kebab-case")
    if rule.severity not in SEVERITIES:
        raise ValueError(f"rule severity `{rule.severity}` must be one of {', '.join(SEVERITIES)}")
    if rule.id in REGISTRY or any(r.name == rule.name for r in REGISTRY.values()):
        raise ValueError(f"rule `{rule.id}` / `{rule.name}` is already registered")
    rule.sections = parse_doc(rule.doc)
    REGISTRY[rule.id] = rule
    return rule


def rule(id: str, name: str, severity: str, *, prod: bool = False,
         environments: tuple[str, ...] = ENVIRONMENTS) -> Callable[[Check], Check]:
    """Register a rule function; its docstring is the rule's documentation.

    `prod=True` is shorthand for `environments=("prod",)`.
    """
    def decorate(check: Check) -> Check:
        register(documented(check, id, name, severity, environments=("prod",) if prod else environments))
        return check
    return decorate


def audit_rule(id: str, name: str, severity: str) -> Callable[[AuditCheck], AuditCheck]:
    """Register an audit rule (see `AuditCheck`); its docstring is the rule's documentation."""
    def decorate(check: AuditCheck) -> AuditCheck:
        register(documented(check, id, name, severity, audit=True))
        return check
    return decorate


def documented(check: Check | AuditCheck, id: str, name: str, severity: str, **fields: Any) -> Rule:
    """A rule whose documentation is its function's docstring."""
    doc = inspect.cleandoc(check.__doc__ or "")
    summary = doc.strip().splitlines()[0] if doc.strip() else name
    return Rule(id, name, severity, check, summary, doc, **fields)


def parse_doc(doc: str) -> dict[str, str]:
    """Split a rule docstring into its `## Section` parts."""
    sections: dict[str, str] = {}
    current = None
    for line in doc.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = ""
        elif current is not None:
            sections[current] += line + "\n"
    return {name: text.strip("\n") for name, text in sections.items()}


def all_rules() -> list[Rule]:
    return [REGISTRY[key] for key in sorted(REGISTRY)]


def find_rule(key: str) -> Rule | None:
    """A rule by id or by name (case-insensitive id)."""
    upper = key.upper()
    if upper in REGISTRY:
        return REGISTRY[upper]
    return next((r for r in REGISTRY.values() if r.name == key), None)


def expand_selector(selector: str) -> set[str] | None:
    """Ids matched by an id, a prefix (`LP`, `SEC00`), a name, or `ALL`; None if nothing."""
    token = selector.strip()
    if token.upper() == "ALL":
        return set(REGISTRY)
    found = find_rule(token)
    if found:
        return {found.id}
    matched = {rid for rid in REGISTRY if rid.startswith(token.upper())}
    return matched or None


def load_builtin_rules() -> None:
    """Import the built-in rule families (each registers its rules on import)."""
    from . import av, az, cost, dr, drift, lp, net, ops, reg, sec, spof, wvr  # noqa: F401
