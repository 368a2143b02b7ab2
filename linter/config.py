"""Configuration: `[tool.archlint]` in pyproject.toml or `archlint.toml`.

The nearest file walking up from the working directory wins; command-line
options override it. Unknown keys and rule ids are errors (exit status 2).
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from typing import Any

from .fsutil import MIB, read_regular
from .loading.checks import did_you_mean

KEYS = ("paths", "select", "ignore", "fail-on", "diagrams-out", "rules-dirs", "severity", "per-file-ignores")
FAIL_ON = ("error", "warning", "info", "never")
MAX_CONFIG_BYTES = 10 * MIB


class ConfigError(Exception):
    pass


@dataclass
class Config:
    paths: list[str] = field(default_factory=lambda: ["blueprints"])
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    diagrams_out: str = "diagrams_out"
    rules_dirs: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    source: str | None = None  # the file it came from
    root: str = "."  # the folder of that file: relative paths in it start here


def find_config_file(start: str = ".") -> tuple[str, bool] | None:
    """The nearest archlint.toml, or pyproject.toml with [tool.archlint]; (path, is_pyproject)."""
    folder = os.path.abspath(start)
    while True:
        own = os.path.join(folder, "archlint.toml")
        if os.path.lexists(own):  # not a regular file: reading it says so, rather than skipping it
            return own, False
        pyproject = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(pyproject) and _has_archlint_table(pyproject):
            return pyproject, True
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_archlint_table(path: str) -> bool:
    try:
        return "archlint" in tomllib.loads(_read_toml_bytes(path).decode("utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False


def _read_toml_bytes(path: str) -> bytes:
    """The bytes of a configuration file (bounded, regular files only); ConfigError naming it otherwise."""
    try:
        return read_regular(path, MAX_CONFIG_BYTES)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None


def load_config(path: str | None = None, *, search: bool = True) -> Config:
    """Read the configuration file (given, or found by walking up)."""
    if path is None:
        found = find_config_file() if search else None
        if found is None:
            return Config()
        path, is_pyproject = found
    else:
        is_pyproject = os.path.basename(path) == "pyproject.toml"
    try:
        data = tomllib.loads(_read_toml_bytes(path).decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("archlint", {}) if is_pyproject else data
    where = f"{path} [tool.archlint]" if is_pyproject else path
    config = _from_table(table, where)
    config.source, config.root = path, os.path.dirname(os.path.abspath(path))
    return config


def _from_table(table: dict[str, Any], where: str) -> Config:
    problems = [f"{where}: unknown key `{key}`{did_you_mean(key, KEYS)}" for key in table if key not in KEYS]
    config = Config()
    for key in ("paths", "select", "ignore", "rules-dirs"):
        if key in table:
            value = table[key]
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                setattr(config, key.replace("-", "_"), value)
            else:
                problems.append(f"{where}: `{key}` must be a list of strings")
    for key, choices in (("fail-on", FAIL_ON), ("diagrams-out", None)):
        if key in table:
            value = table[key]
            if not isinstance(value, str) or (choices and value not in choices):
                problems.append(f"{where}: `{key}` must be {' | '.join(choices) if choices else 'a string'}")
            else:
                setattr(config, key.replace("-", "_"), value)
    severity = table.get("severity", {})
    if not isinstance(severity, dict) or not all(v in ("error", "warning", "info") for v in severity.values()):
        problems.append(f"{where}: `severity` maps rule ids to error | warning | info")
    else:
        config.severity = dict(severity)
    ignores = table.get("per-file-ignores", {})
    if not isinstance(ignores, dict) or not all(isinstance(v, list) and all(isinstance(i, str) for i in v) for v in ignores.values()):
        problems.append(f"{where}: `per-file-ignores` maps glob patterns to lists of rule ids")
    else:
        config.per_file_ignores = dict(ignores)
    if problems:
        raise ConfigError("\n".join(problems))
    return config
