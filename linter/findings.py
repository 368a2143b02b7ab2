"""A finding as reported: a rule's violation stamped with id, severity and location."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "never": 4}


class Finding(NamedTuple):
    """One rule's verdict on one element, with where it was written."""

    rule: str
    name: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    blueprint: str
    element: str
    kind: str

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.rule, self.column, self.element, self.message)

    def as_dict(self) -> dict:
        return {"rule": self.rule, "name": self.name, "severity": self.severity, "message": self.message,
                "file": self.file, "line": self.line, "column": self.column, "blueprint": self.blueprint,
                "element": self.element, "kind": self.kind}


class LoadProblem(NamedTuple):
    """A file that could not be loaded, as reported in `errors`."""

    file: str
    line: int
    column: int
    message: str

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "message": self.message}


@dataclass
class Report:
    """Everything one lint run found, ready for an output format."""

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[LoadProblem] = field(default_factory=list)
    waived: int = 0
    rules_run: dict[str, list[str]] = field(default_factory=dict)  # file -> ids of rules that applied

    def merge(self, other: Report) -> None:
        """Add another run's results (of other files) after this one's."""
        self.files.extend(other.files)
        self.findings.extend(other.findings)
        self.errors.extend(other.errors)
        self.waived += other.waived
        self.rules_run.update(other.rules_run)

    def sort(self) -> None:
        self.findings.sort(key=lambda f: f.sort_key)
        self.errors.sort(key=lambda e: (e.file, e.line, e.column, e.message))

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
