"""YAML policies: organisation rules written as a selector and assertions.

A policy file holds one policy (a map) or several (a list of maps). Policies
are validated like blueprints: every mistake is reported with `file:line:col`
before anything runs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Iterator

from ..graph import Context
from ..loading import display_path
from ..checks import Checker, describe
from ..yaml_reader import LoadError, Pos, Problem, YMap, YSeq, parse, read_text
from ..rules import ID_RE, NAME_RE, SEVERITIES, Rule, RuleSet, Violation
from .assertions import Assertion, parse_assertions
from .selectors import Selector, parse_selector
from .selectors import select as select_components

POLICY_KEYS = ("id", "name", "severity", "message", "select", "assert", "why", "fix", "example_fails", "example_passes")


def policy_files(folders: list[str]) -> tuple[list[str], list[Problem]]:
    files, problems = [], []
    for folder in folders:
        if not os.path.isdir(folder):
            problems.append(Problem(Pos(display_path(folder), 1, 1), "rules folder (from `rules-dirs`) does not exist"))
            continue
        files += sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith((".yaml", ".yml")))
    return files, problems


def load_policies(folders: list[str], known: RuleSet) -> list[Rule]:
    """Every policy in the folders as a rule, beside the `known` ones; raises LoadError
    with every problem of every file."""
    files, problems = policy_files(folders)
    builtin_families = known.builtin_families
    taken = {rid: f"rule {rid} ({r.origin})" for rid, r in known.items()} | {r.name: f"rule {rid} ({r.origin})" for rid, r in known.items()}
    rules: list[Rule] = []
    for path in files:
        shown = display_path(path)
        try:
            root = parse(read_text(path, shown), shown).root
        except LoadError as exc:
            problems += exc.problems
            continue
        checker = Checker()
        items = root if isinstance(root, list) else [root]
        for index, node in enumerate(items):
            pos = root.item_pos(index) if isinstance(root, YSeq) else Pos(shown, 1, 1)
            rule = read_policy(checker, node, pos, shown, builtin_families, taken)
            if rule is not None:
                rules.append(rule)
        problems += checker.problems
    if problems:
        raise LoadError(problems)
    return rules


def read_policy(checker: Checker, node: Any, pos: Pos, file: str, builtin_families: set[str], taken: dict[str, str]) -> Rule | None:
    if not isinstance(node, YMap):
        checker.error(pos, f"a policy must be a map with id, name, severity, message, select and assert, not {describe(node)}")
        return None
    what = f"policy `{node.get('id')}`" if isinstance(node.get("id"), str) else "policy"
    checker.keys(node, POLICY_KEYS, what)
    for key in ("id", "name", "severity", "message", "select", "assert"):
        checker.required(node, key, what)
    rule_id, name = _identity(checker, node, what, builtin_families, taken)
    severity = checker.choice(node, "severity", what, SEVERITIES)
    message = checker.string(node, "message", what)
    docs = {key: checker.string(node, key, what) for key in ("why", "fix", "example_fails", "example_passes")}
    select = parse_selector(checker, node["select"], node.value_pos("select"), f"`select` of {what}") if "select" in node else None
    assertions = parse_assertions(checker, node["assert"], node.value_pos("assert"), what) if "assert" in node else []
    if rule_id is None or name is None or severity is None or message is None or select is None or not assertions:
        return None
    return Rule(rule_id, name, severity, PolicyCheck(select, assertions, message), message,
                policy_doc(message, select, assertions, docs, file), origin=f"policy {file}")


def _identity(checker: Checker, node: YMap, what: str, builtin_families: set[str], taken: dict[str, str]) -> tuple[str | None, str | None]:
    """The policy's id and name, refused when malformed, in a built-in family, or already used."""
    rule_id, name = checker.string(node, "id", what), checker.string(node, "name", what)
    if rule_id is not None:
        family = rule_id.rstrip("0123456789")
        if not ID_RE.match(rule_id):
            checker.error(node.value_pos("id"), f"policy id `{rule_id}` must be capital letters then three digits, such as ORG001")
            rule_id = None
        elif family in builtin_families:
            checker.error(node.value_pos("id"), f"policy id `{rule_id}` is in the built-in family {family}; use your own prefix, such as ORG")
            rule_id = None
    if name is not None and not NAME_RE.match(name):
        checker.error(node.value_pos("name"), f"policy name `{name}` must be kebab-case, such as payments-behind-gateway")
        name = None
    for key, value in (("id", rule_id), ("name", name)):
        if value is not None and value in taken:
            checker.error(node.value_pos(key), f"policy {key} `{value}` is already used by {taken[value]}")
            return None, None
    if rule_id and name:
        taken[rule_id] = taken[name] = f"policy {rule_id} at {node.value_pos('id')}"
    return rule_id, name


@dataclass(frozen=True)
class PolicyCheck:
    """A policy's check; it keeps its `selector` (what the policy applies to) for tools and tests."""

    selector: Selector
    assertions: list[Assertion]
    message: str

    def __call__(self, ctx: Context) -> Iterator[Violation]:
        selected = select_components(ctx, self.selector)
        if not selected:
            return
        reasons: dict[str, list[str]] = {}
        keys: dict[str, str | None] = {}
        for assertion in self.assertions:
            for cid, reason, key in assertion.failures(ctx, selected):
                reasons.setdefault(cid, []).append(reason)
                keys.setdefault(cid, key)
        for cid in selected:
            if cid in reasons:
                yield Violation("component", cid, f"{self.message}: `{cid}` {'; '.join(reasons[cid])}", keys[cid])


def policy_doc(message: str, select: Selector, assertions: list[Assertion], docs: dict, file: str) -> str:
    """The policy's documentation in the five sections `archlint rule ID` prints."""
    sections = {
        "What it does": f"Checks {select.text}: {' and '.join(a.text for a in assertions)}.",
        "Why it matters": docs["why"] or f"An organisation policy, defined in {file}.",
        "Example that fails": docs["example_fails"] or "(the policy gives no example)",
        "Example that passes": docs["example_passes"] or "(the policy gives no example)",
        "How to fix": docs["fix"] or "Change the design so the assertion holds, or waive the finding with the reason it does not apply.",
    }
    return message + "\n\n" + "\n\n".join(f"## {title}\n{text.strip()}" for title, text in sections.items())
