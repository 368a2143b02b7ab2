"""A lint session: what a run of archlint lints, and with which options.

The one place between the command line (which parses and prints) and the
engine (which lints loaded files). A session is built once from the
configuration and the request: the engine options (the configuration, with
the request winning), the files (PATH arguments or the configured paths,
policy files left out, overlays added with `with_dependents`), and the
repository root that identities are relative to. It answers with reports:
every finding, the findings `--baseline` and `--diff-base` leave, a recorded
baseline. `--watch`, `--fix`, editors and the other commands reuse it.

Paths have one meaning each: a finding's identity (baseline, `--diff-base`,
SARIF fingerprints) is relative to the repository root; what is shown is
relative to the working directory; `per-file-ignores` and `paths` are
relative to the configuration file's folder.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import os
from typing import Callable, NamedTuple

from .config import Config, check_rule_ids, check_rules_dirs, load_config
from .discovery import discover
from .findings import SEVERITY_RANK, Report

Warn = Callable[[str], None]
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage: printed as `archlint: message`, exit status 2."""


class Configured(NamedTuple):
    """The configuration and the rule set it makes: built-ins, installed plugins, its policies."""
    config: Config
    broken_plugins: tuple[str, ...] = ()  # plugins that could not be loaded: their rules did not run


def read_configuration(config_file: str | None, search: bool) -> Configured:
    from .custom import load_custom_rules
    config = load_config(config_file, search=search)
    check_rules_dirs(config)
    config.rules, broken = load_custom_rules(config.root, config.rules_dirs)
    check_rule_ids(config, config.rules)
    return Configured(config, tuple(broken))


def configured_options(config: Config):
    """Engine options from the configuration alone (diagrams, reports, editors)."""
    from .engine import Options
    return Options(select=config.select, ignore=config.ignore, severity=config.severity,
                   per_file_ignores=config.per_file_ignores, config_root=config.base_scope.config_root,
                   allow_extends_outside=config.allow_extends_outside, rules=config.rules)


def configured_paths(config: Config) -> list[str]:
    """The configured `paths`, relative to the configuration file's folder."""
    return [os.path.join(config.root, p) for p in config.paths]


def paths_to_read(paths: list[str], config: Config) -> list[str]:
    """The PATH arguments of a command, else the configured paths."""
    return paths or configured_paths(config)


@dataclasses.dataclass(frozen=True)
class LintRequest:
    """What one `archlint lint` asks for, however it was asked (flags, an editor, a test)."""
    paths: list[str] = dataclasses.field(default_factory=list)  # empty: the configured paths
    select: list[str] | None = None  # None: the configuration's
    ignore: list[str] = dataclasses.field(default_factory=list)  # added to the configuration's
    today: datetime.date | None = None
    fail_on: str | None = None
    baseline: str | None = None
    diff_base: str | None = None
    jobs: int = 1
    with_dependents: bool = False
    exits_after: bool = False  # the process ends with this run (the `archlint` command, without --watch)


    def __post_init__(self) -> None:
        if self.diff_base is not None and not self.diff_base.strip():
            raise UsageError("--diff-base needs a git revision (a branch, tag or commit), not an empty string")


class LintSession:
    def __init__(self, request: LintRequest, config: Config, warn: Warn | None = None):
        from .repo import repository_root
        self.request, self.config, self.warn = request, config, warn
        self.root = repository_root(fallback=config.root)

    @functools.cached_property
    def engine(self):
        """Built when first needed: listing the files (`--show-files`) checks no rule selection."""
        from .engine import Engine
        return Engine(self.options())

    def options(self):
        """The configuration's options, the request winning."""
        request = self.request
        return dataclasses.replace(configured_options(self.config), select=request.select or self.config.select,
                                   ignore=self.config.ignore + request.ignore, today=request.today or datetime.date.today(),
                                   # Relative to the working folder: `--diff-base` lints from the mirrored
                                   # working folder, where this names the mirrored configuration folder.
                                   config_root=os.path.relpath(self.config.root) if self.config.source else None,
                                   keep_last_blueprint=request.exits_after)

    @property
    def checks_nothing(self) -> bool:
        """`select = []`, or an `ignore` that covers everything: a run would pass, checking nothing."""
        return not self.engine.selected

    @property
    def fail_on(self) -> str:
        return self.request.fail_on or self.config.fail_on

    def watched_paths(self) -> list[str]:
        """The PATH arguments (or configured paths) and, with `with_dependents`, the overlays built on them."""
        paths = paths_to_read(self.request.paths, self.config)
        if not self.request.with_dependents:
            return paths
        from .dependents import with_dependents
        configured = discover([p for p in configured_paths(self.config) if os.path.exists(p)])
        return with_dependents(discover(paths, self.warn), configured)

    def files(self) -> list[str]:
        """The blueprint files a run lints: discovered, less the policy files."""
        return self.blueprints(discover(self.watched_paths(), self.warn))

    def blueprints(self, files: list[str]) -> list[str]:
        """Policy files are not blueprints (pre-commit passes every changed YAML file);
        they were validated when the custom rules were loaded."""
        folders = [os.path.join(os.path.abspath(self.config.root), folder) + os.sep for folder in self.config.rules_dirs]
        return [f for f in files if not any(os.path.abspath(f).startswith(folder) for folder in folders)]

    def lint(self, paths: list[str] | None = None) -> Report:
        """Every finding of the files (default: the session's), loading problems included."""
        files = self.files() if paths is None else self.blueprints(discover(paths))
        return self.engine.lint_files(files, Report(), jobs=self.request.jobs)

    def lint_imported(self, kind: str, sources: list[str], parameters: str | None) -> Report:
        """CloudFormation templates or Terraform plans, imported first; findings point at their lines."""
        from .importers.command import lint_iac
        return lint_iac(kind, sources, parameters, lambda paths: self.engine.lint_files(paths, Report()))

    def lint_text(self, name: str, text: str) -> Report:
        """An unsaved buffer or standard input, linted as if it were the file `name`."""
        from .unsaved import unsaved_text
        with unsaved_text(name, text):
            return self.engine.lint_files([name], Report())

    def new_findings(self, report: Report) -> Report:
        """`report` less what `--diff-base` (present at REF) and `--baseline` (recorded) hide."""
        if self.request.diff_base is not None:
            from .diffbase import DiffBaseError, keep_new_findings  # git and a mirror: only for runs that ask
            try:
                keep_new_findings(report, self.request.diff_base, self.lint)
            except DiffBaseError as exc:
                raise UsageError(str(exc)) from None
        if self.request.baseline:
            from .baseline import BaselineError, apply_baseline, read_baseline
            try:
                apply_baseline(report, read_baseline(self.request.baseline), self.root)
            except BaselineError as exc:
                raise UsageError(str(exc)) from None
        return report

    def record_baseline(self, path: str, report: Report) -> None:
        """`--write-baseline`: never from a run where some blueprint could not be loaded,
        since its findings would be missing and come back as new later."""
        from .baseline import write_baseline
        if report.errors:
            raise UsageError(f"baseline not written: {len({e.file for e in report.errors})} file(s) could not be loaded")
        write_baseline(path, report, self.root)

    def exit_status(self, report: Report) -> int:
        """2 when a blueprint could not be loaded; 1 with a finding at or above `fail-on`; else 0."""
        if report.errors:
            return EXIT_USAGE
        threshold = SEVERITY_RANK[self.fail_on]
        return EXIT_FINDINGS if any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings) else EXIT_OK
