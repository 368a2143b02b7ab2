"""SARIF 2.1.0 output, in the subset GitHub code scanning reads.

One run; `tool.driver.rules` describes every registered rule (so that alerts
keep their help text even for rules that found nothing this time); each result
points at its file relative to the repository root under `%SRCROOT%`, and
carries a fingerprint of rule, file and element, which GitHub uses to follow
an alert while lines move. Files that could not be loaded are reported as
tool execution notifications, and make the invocation unsuccessful; they are
also results of the `LOAD` rule, since code scanning shows results as alerts
and never shows notifications.

Security families (SEC, LP) carry the `security` tag and a
`security-severity` score, which is how code scanning ranks security alerts.
`helpUri` links each rule to its section of the rule reference; organisations
that host the documentation elsewhere set `ARCHLINT_DOCS_URL`.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.parse
from pathlib import Path
from typing import Any

from .. import __version__
from ..findings import Finding, LoadProblem, Report
from ..repo import identity, relative_path
from ..rules import Rule
from . import OutputContext

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/archlint/archlint"
DOCS_URL = f"{INFORMATION_URI}/blob/main/docs/rules.md"
LOAD_RULE_ID = "LOAD"
SECURITY_FAMILIES = ("SEC", "LP")
# GitHub: over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, below 4.0 low.
SECURITY_SEVERITY = {"error": "8.0", "warning": "5.5", "info": "2.0"}
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "archlintIdentity/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(report: Report, context: OutputContext) -> str:
    rules = context.rules.all()
    index = {rule.id: position for position, rule in enumerate(rules)}
    run = {
        "tool": {"driver": driver(rules)},
        "originalUriBaseIds": {SRCROOT: {"uri": Path(os.path.abspath(context.root)).as_uri() + "/"}},
        "invocations": [invocation(report.errors, context.root)],
        "results": [load_result(e, len(rules), context.root) for e in report.errors]
                   + [result(f, index, context.root) for f in report.findings],
        "columnKind": "unicodeCodePoints",
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def driver(rules: list[Rule]) -> dict:
    return {"name": "archlint", "version": __version__, "semanticVersion": __version__,
            "informationUri": INFORMATION_URI, "rules": [descriptor(rule) for rule in rules] + [LOAD_DESCRIPTOR]}


def descriptor(rule: Rule) -> dict:
    body = rule.doc.split("\n", 1)[1].strip() if "\n" in rule.doc else ""
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _plain(rule.sections.get("What it does") or rule.summary)},
        "help": {"text": _plain(body or rule.summary), "markdown": f"**{rule.id} {rule.name}**: {rule.summary}\n\n{body}".strip()},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": rule_properties(rule),
    } | help_uri(rule)


def rule_properties(rule: Rule) -> dict:
    properties: dict[str, Any] = {"tags": ["architecture", rule.family], "precision": "high",
                  "problem.severity": "recommendation" if rule.severity == "info" else rule.severity}
    if rule.family in SECURITY_FAMILIES:
        properties["tags"].append("security")
        properties["security-severity"] = SECURITY_SEVERITY[rule.severity]
    return properties


def help_uri(rule: Rule) -> dict:
    """A built-in rule's section of the rule reference (GitHub's anchor of its heading `## ID `name``).
    Custom rules are documented by their authors: their full help travels in `help` instead."""
    if rule.origin != "built-in":
        return {}
    anchor = re.sub(r"[^a-z0-9 _-]", "", f"{rule.id} {rule.name}".lower()).replace(" ", "-")
    return {"helpUri": f"{os.environ.get('ARCHLINT_DOCS_URL') or DOCS_URL}#{anchor}"}


LOAD_DESCRIPTOR = {
    "id": LOAD_RULE_ID,
    "name": "blueprint-cannot-be-loaded",
    "shortDescription": {"text": "The blueprint cannot be loaded, so no rule checked it."},
    "fullDescription": {"text": "A YAML or format error: archlint reports where, and checks nothing else in the file."},
    "help": {"text": "Fix the reported problem; `archlint lint FILE` lists every problem of the file at once.",
             "markdown": "Fix the reported problem; `archlint lint FILE` lists every problem of the file at once."},
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["architecture"], "precision": "very-high", "problem.severity": "error"},
}


def _plain(text: str) -> str:
    """Markdown headings read as plain titles in the text form."""
    return "\n".join(line[3:] if line.startswith("## ") else line for line in text.splitlines())


def result(finding: Finding, index: dict[str, int], root: str) -> dict:
    entry: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location(finding.file, finding.line, finding.column, root)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, root)},
        "properties": {"element": finding.element, "kind": finding.kind, "blueprint": finding.blueprint},
    }
    if finding.rule in index:  # a rule's position in `rules`; absent only for an unregistered id
        entry["ruleIndex"] = index[finding.rule]
    return entry


def load_result(problem: LoadProblem, rule_index: int, root: str) -> dict:
    """A file that cannot be loaded, as an alert: otherwise a broken blueprint raises none."""
    return {"ruleId": LOAD_RULE_ID, "ruleIndex": rule_index, "level": "error",
            "message": {"text": problem.message},
            "locations": [location(problem.file, problem.line, problem.column, root)],
            "partialFingerprints": {FINGERPRINT_KEY: digest((LOAD_RULE_ID, relative_path(problem.file, root), problem.message))}}


def fingerprint(finding: Finding, root: str) -> str:
    """Stable while lines move: a hash of rule, repository-relative file and element."""
    return digest(identity(finding, root))


def digest(parts: tuple[str, ...]) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def location(file: str, line: int, column: int, root: str) -> dict:
    path = relative_path(file, root)
    if os.path.isabs(path):  # outside the repository: an absolute file URI, no base
        artifact = {"uri": Path(path).as_uri()}
    else:
        artifact = {"uri": urllib.parse.quote(path, safe="/"), "uriBaseId": SRCROOT}
    region = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def invocation(errors: list[LoadProblem], root: str) -> dict:
    notifications = [{"level": "error", "message": {"text": e.message},
                      "locations": [location(e.file, e.line, e.column, root)],
                      "descriptor": {"id": "load-error"}} for e in errors]
    return {"executionSuccessful": not errors, "toolExecutionNotifications": notifications}
