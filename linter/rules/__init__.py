"""The rule registry and the public API for writing rules.

A rule is a small function with an id, a kebab-case name that names the
flagged pattern, a default severity, and documentation in its docstring; it
takes the blueprint's `Context` and yields `Violation`s. The engine stamps id,
name, severity and source location: rules never compute line numbers.

Built-in rules are catalogued in `BUILTINS` as their modules are imported
(`@rule`). What runs is a `RuleSet`: a value built from the built-ins plus the
YAML policies and Python plugins (entry point group `archlint.rules`) a
configuration adds, handed to the engine through its options. Custom rules
never change the built-in catalogue.
"""
from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
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
    """A rule: its identity, its check and its documentation."""

    id: str
    name: str
    severity: str
    check: Check | AuditCheck
    summary: str
    written_doc: str  # as written: a docstring keeps its indentation until the text is first read
    environments: tuple[str, ...] = ENVIRONMENTS
    origin: str = "built-in"
    audit: bool = False  # run after suppression, see `AuditCheck`

    # Read by `rule`, SARIF and the docs, never by a lint: cleaned and split when first asked for.
    @functools.cached_property
    def doc(self) -> str:
        return inspect.cleandoc(self.written_doc)

    @functools.cached_property
    def sections(self) -> dict[str, str]:
        return parse_doc(self.doc)

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

    @property
    def help_text(self) -> str:
        """The rule's documentation as `archlint rule ID` prints it and editors show it."""
        head = f"{self.id} {self.name}  ·  {self.severity}  ·  {self.applies_to}  ·  {self.origin}\n\n{self.summary}\n"
        return head + "".join(f"\n{title}\n{'-' * len(title)}\n{self.sections.get(title, '')}\n" for title in DOC_SECTIONS)


BUILTINS: dict[str, Rule] = {}  # the built-in catalogue, filled by `@rule` as rule modules are imported
# Where `@rule` puts what it declares: the catalogue, or a plugin being read (see `collecting`).
_targets: list[dict[str, Rule]] = [BUILTINS]


@contextmanager
def collecting() -> Iterator[dict[str, Rule]]:
    """Rules declared with `@rule` inside go to the dict yielded, not to the built-in
    catalogue: how a plugin's rules are read without changing the built-ins."""
    found: dict[str, Rule] = {}
    _targets.append(found)
    try:
        yield found
    finally:
        _targets.remove(found)


def register(rule: Rule) -> Rule:
    if not ID_RE.match(rule.id):
        raise ValueError(f"rule id `{rule.id}` must be letters then three digits, such as ORG001")
    if not NAME_RE.match(rule.name):
        raise ValueError(f"rule name `{rule.name}` must be kebab-case")
    if rule.severity not in SEVERITIES:
        raise ValueError(f"rule severity `{rule.severity}` must be one of {', '.join(SEVERITIES)}")
    target = _targets[-1]
    if any(rule.id in rules or any(r.name == rule.name for r in rules.values()) for rules in (BUILTINS, target)):
        raise ValueError(f"rule `{rule.id}` / `{rule.name}` is already registered")
    target[rule.id] = rule
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
    doc = check.__doc__ or ""
    return Rule(id, name, severity, check, first_line(doc) or name, doc, **fields)


def first_line(doc: str) -> str:
    """A documentation text's first line: the rule's summary."""
    return doc.strip().split("\n", 1)[0].strip()


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


class RuleSet(Mapping[str, Rule]):
    """The rules of one run, by id: an immutable value, so that a run's custom
    rules never leak into another run (or another test)."""

    def __init__(self, rules: Iterable[Rule] = ()):
        self._rules = {r.id: r for r in sorted(rules, key=lambda r: r.id)}

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def adding(self, rules: Iterable[Rule]) -> RuleSet:
        """This set with more rules; a rule whose id is taken keeps the first one."""
        return RuleSet([*[r for r in rules if r.id not in self._rules], *self._rules.values()])

    @property
    def builtin_families(self) -> set[str]:
        """Families custom rules may not use."""
        return {r.family for r in self._rules.values() if r.origin == "built-in"}

    def all(self) -> list[Rule]:
        return list(self._rules.values())

    def find(self, key: str) -> Rule | None:
        """A rule by id or by name (case-insensitive id)."""
        upper = key.upper()
        if upper in self._rules:
            return self._rules[upper]
        return next((r for r in self._rules.values() if r.name == key), None)

    def expand(self, selector: str) -> set[str] | None:
        """Ids matched by an id, a prefix (`LP`, `SEC00`), a name, or `ALL`; None if nothing."""
        token = selector.strip()
        if token.upper() == "ALL":
            return set(self._rules)
        found = self.find(token)
        if found:
            return {found.id}
        matched = {rid for rid in self._rules if rid.startswith(token.upper())}
        return matched or None


def builtin_rules() -> RuleSet:
    """The built-in rules alone."""
    load_builtin_rules()
    return RuleSet(BUILTINS.values())


def all_rules() -> list[Rule]:
    """Every built-in rule, by id."""
    return builtin_rules().all()


def load_builtin_rules() -> None:
    """Import the built-in rule families (each registers its rules on import)."""
    from . import av, az, cost, dr, drift, lp, net, ops, reg, sec, spof, wvr  # noqa: F401
