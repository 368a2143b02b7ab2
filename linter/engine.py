"""The engine: run the selected rules over a blueprint, stamp and suppress findings.

Rules yield `Violation`s; the engine adds the rule id, name and severity (with
configured overrides), maps the element to its source position, drops what is
waived (blueprint waivers, inline `# archlint: ignore[...]` comments,
per-file ignores) and audits the waivers themselves (WVR001, WVR002).
"""
from __future__ import annotations

import datetime
import fnmatch
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Iterator, cast

from .config import ConfigError
from .findings import Finding, LoadProblem, Report
from .graph import Context
from .loading import BaseScope, LoadError, display_path, load_blueprint
from .model import Blueprint
from .parallel import ordered_map
from .repo import relative_path
from .rules import AuditCheck, Rule, RuleSet, Violation, builtin_rules
from .rules.wvr import WaiverAudit


@dataclass
class Options:
    """What a lint run checks, and how findings are scoped and graded."""

    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    today: datetime.date = field(default_factory=datetime.date.today)
    # The configuration file's folder: per-file-ignores patterns are relative to it
    # (None: the working directory), and outside git it bounds `extends`.
    config_root: str | None = None
    allow_extends_outside: bool = False
    # The rules to choose from: the built-ins plus the configuration's policies and plugins.
    rules: RuleSet = field(default_factory=builtin_rules)
    # For a process that ends with the run: the last blueprint is not freed object by
    # object (half a second for 20,000 components) but left to the process's exit.
    keep_last_blueprint: bool = False


def resolve(rules: RuleSet, selectors: Iterable[str], where: str) -> set[str]:
    """Rule ids named by selectors; an unknown selector is a configuration error."""
    ids: set[str] = set()
    for selector in selectors:
        found = rules.expand(selector)
        if found is None:
            raise ConfigError(f"{where}: unknown rule `{selector}`")
        ids |= found
    return ids


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Loading and linting allocate millions of objects and free few cycles: the cyclic
    collector would re-scan them again and again (a third of the time on big files).
    Reference counting still frees everything that is not a cycle."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Engine:
    def __init__(self, options: Options):
        self.options = options
        self.rules = options.rules
        self.selected = resolve(self.rules, options.select, "select") - resolve(self.rules, options.ignore, "ignore")
        self.severity = {self.rule_named(key).id: level for key, level in options.severity.items()}
        self.per_file = {pattern: resolve(self.rules, ids, f"per-file-ignores `{pattern}`")
                         for pattern, ids in options.per_file_ignores.items()}
        self.scope = BaseScope(options.config_root, options.allow_extends_outside)
        self.kept: Context | None = None  # see `Options.keep_last_blueprint`

    def rule_named(self, key: str) -> Rule:
        found = self.rules.find(key)
        if found is None:
            raise ConfigError(f"severity: unknown rule `{key}`")
        return found

    def rules_for(self, file: str) -> list[Rule]:
        # Matched against the path from the configuration's folder, so that the
        # result does not depend on where archlint was started.
        relative = relative_path(file, self.options.config_root or ".")
        ignored = set().union(*(ids for pattern, ids in self.per_file.items() if fnmatch.fnmatch(relative, pattern)))
        return [rule for rule in self.rules.values() if rule.id in self.selected and rule.id not in ignored]

    def lint_files(self, paths: list[str], report: Report, jobs: int = 1) -> Report:
        """Lint every file; with `jobs` > 1, in that many worker processes. The
        result is the same as a serial run's: parts are merged in file order."""
        for part in ordered_map(self.lint_one, paths, jobs):
            report.merge(part)
        report.sort()
        return report

    def findings_of(self, blueprint: Blueprint) -> list[Finding]:
        """The sorted findings of one loaded blueprint (for reports and diagrams)."""
        report = Report()
        self.lint_blueprint(blueprint, report).release()
        report.sort()
        return report.findings

    def lint_one(self, path: str) -> Report:
        report = Report()
        self.lint_file(path, report)
        return report

    def lint_file(self, path: str, report: Report) -> None:
        report.files.append(display_path(path))
        with cyclic_gc_paused():
            # The blueprint is released before the collector resumes: otherwise its
            # first pass would scan every object of the file (a second on 20,000
            # components) only to free nothing.
            if self.kept is not None:  # the previous file's
                self.kept.release()
                self.kept = None
            ctx = self.load_and_lint(path, report)
            if ctx is not None and self.options.keep_last_blueprint:
                self.kept = ctx
                gc.freeze()  # out of the collector's sight instead, for the same reason
            elif ctx is not None:
                ctx.release()

    def load_and_lint(self, path: str, report: Report) -> Context | None:
        try:
            blueprint = load_blueprint(path, self.rules, self.scope)
        except LoadError as exc:
            report.errors.extend(LoadProblem(p.pos.file, p.pos.line, p.pos.col, p.message) for p in exc.problems)
            return None
        return self.lint_blueprint(blueprint, report)

    def lint_blueprint(self, blueprint: Blueprint, report: Report) -> Context:
        """Lint a loaded blueprint into `report`; the caller releases the context returned."""
        ctx = Context(blueprint)
        rules = self.rules_for(blueprint.file)
        report.rules_run[blueprint.file] = [r.id for r in rules]
        raw: list[Finding] = []
        for rule in rules:
            if rule.audit:
                continue
            try:
                violations = list(rule.check(ctx))
            except Exception as exc:  # a broken (plugin) rule must not stop the run
                report.errors.append(LoadProblem(blueprint.file, 1, 1, f"rule {rule.id} ({rule.origin}) failed: {type(exc).__name__}: {exc}"))
                continue
            raw.extend(self.stamp(rule, v, ctx) for v in violations if self.applies(rule, v, ctx))
        kept, used = self.apply_waivers(blueprint, raw)
        waived = len(raw) - len(kept)
        kept.extend(self.audit_waivers(blueprint, rules, used, ctx))
        visible = [f for f in kept if not self.inline_ignored(blueprint, f)]
        report.findings.extend(visible)
        report.waived += waived + len(kept) - len(visible)
        return ctx

    def applies(self, rule: Rule, violation: Violation, ctx: Context) -> bool:
        """Whether the element's environment is one the rule applies to."""
        return rule.all_environments or ctx.blueprint.environment_of(violation.kind, violation.element) in rule.environments

    def stamp(self, rule: Rule, violation: Violation, ctx: Context) -> Finding:
        pos = ctx.blueprint.locate(violation.kind, violation.element, violation.key)
        return Finding(rule.id, rule.name, self.severity.get(rule.id, rule.severity), violation.message,
                       pos.file, pos.line, pos.col, ctx.blueprint.name, violation.element, violation.kind)

    def apply_waivers(self, blueprint: Blueprint, raw: list[Finding]) -> tuple[list[Finding], set[int]]:
        """Drop findings an unexpired waiver hides; also return which waivers matched a finding."""
        matching: dict[tuple[str, str], list[int]] = {}
        for index, waiver in enumerate(blueprint.waivers):
            matching.setdefault((waiver.rule, waiver.element), []).append(index)
        today, kept, used = self.options.today, [], set()
        for finding in raw:
            indexes = matching.get((finding.rule, finding.element), [])
            used.update(indexes)
            if not any(blueprint.waivers[i].in_force(today) for i in indexes):
                kept.append(finding)
        return kept, used

    def audit_waivers(self, blueprint: Blueprint, rules: list[Rule], used: set[int], ctx: Context) -> list[Finding]:
        """The audit rules' findings (WVR001 expired, WVR002 matches nothing)."""
        audit = WaiverAudit(blueprint, frozenset(r.id for r in rules), frozenset(used), self.options.today)
        # An audit rule's check takes the audit, not a Context (see `AuditCheck`).
        return [self.stamp(rule, violation, ctx) for rule in rules if rule.audit
                for violation in cast(AuditCheck, rule.check)(audit)]

    @staticmethod
    def inline_ignored(blueprint: Blueprint, finding: Finding) -> bool:
        """`# archlint: ignore[...]` on the finding's line or on the element's first line."""
        ignores = blueprint.inline_ignores
        if not ignores:
            return False
        lines = {(finding.file, finding.line)}
        if finding.kind != "waiver":
            lines.update((p.file, p.line) for p in blueprint.element_lines(finding.kind, finding.element))
        names = {finding.rule, finding.name, "ALL"}
        return any(names & ignores.get(line, set()) for line in lines)
