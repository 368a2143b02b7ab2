"""SARIF 2.1.0 output, in the subset GitHub code scanning reads.

One run; `tool.driver.rules` describes every registered rule (so that alerts
keep their help text even for rules that found nothing this time); each result
points at its file relative to the repository root under `%SRCROOT%`, and
carries a fingerprint of rule, file and element, which GitHub uses to follow
an alert while lines move. Files that could not be loaded are reported as
tool execution notifications, and make the invocation unsuccessful.
"""
from __future__ import annotations

import hashlib
import json
import os
import urllib.parse
from pathlib import Path

from .. import __version__
from ..findings import Finding, LoadProblem, Report
from ..repo import identity, relative_path
from ..rules import Rule, all_rules
from . import OutputContext

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/archlint/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "archlintIdentity/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(report: Report, context: OutputContext) -> str:
    rules = all_rules()
    index = {rule.id: position for position, rule in enumerate(rules)}
    run = {
        "tool": {"driver": driver(rules)},
        "originalUriBaseIds": {SRCROOT: {"uri": Path(os.path.abspath(context.root)).as_uri() + "/"}},
        "invocations": [invocation(report.errors, context.root)],
        "results": [result(f, index, context.root) for f in report.findings],
        "columnKind": "unicodeCodePoints",
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def driver(rules: list[Rule]) -> dict:
    return {"name": "archlint", "version": __version__, "semanticVersion": __version__,
            "informationUri": INFORMATION_URI, "rules": [descriptor(rule) for rule in rules]}


def descriptor(rule: Rule) -> dict:
    body = rule.doc.split("\n", 1)[1].strip() if "\n" in rule.doc else ""
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _plain(rule.sections.get("What it does") or rule.summary)},
        "help": {"text": _plain(body or rule.summary), "markdown": f"**{rule.id} {rule.name}**: {rule.summary}\n\n{body}".strip()},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["architecture", rule.family], "precision": "high",
                       "problem.severity": "recommendation" if rule.severity == "info" else rule.severity},
    }


def _plain(text: str) -> str:
    """Markdown headings read as plain titles in the text form."""
    return "\n".join(line[3:] if line.startswith("## ") else line for line in text.splitlines())


def result(finding: Finding, index: dict[str, int], root: str) -> dict:
    entry = {
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


def fingerprint(finding: Finding, root: str) -> str:
    """Stable while lines move: a hash of rule, repository-relative file and element."""
    return hashlib.sha256("\0".join(identity(finding, root)).encode("utf-8")).hexdigest()


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
