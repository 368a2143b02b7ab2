"""Configuration: `[tool.archlint]` in pyproject.toml or `archlint.toml`.

The nearest file walking up from the working directory wins; command-line
options override it. Every problem in the file is reported at once, each
naming the file (exit status 2): unreadable or non-UTF-8 TOML, unknown keys,
values of the wrong type at any level, and (once custom rules are loaded)
unknown rule ids.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

from .fsutil import MIB, read_regular
from .loading import BaseScope, display_path
from .checks import did_you_mean
from .rules import RuleSet, builtin_rules
from .yaml_reader import byte_position

KEYS = ("paths", "select", "ignore", "fail-on", "diagrams-out", "rules-dirs", "severity", "per-file-ignores",
        "allow-extends-outside")
FAIL_ON = ("error", "warning", "info", "never")
SEVERITIES = ("error", "warning", "info")
STRING_LISTS = ("paths", "select", "ignore", "rules-dirs")
PATH_KEYS = ("paths", "rules-dirs", "diagrams-out")
MAX_CONFIG_BYTES = 10 * MIB


class ConfigError(Exception):
    pass


@dataclass
class Config:
    """The configuration file's settings, with their defaults."""

    paths: list[str] = field(default_factory=lambda: ["blueprints"])
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    diagrams_out: str = "diagrams_out"
    rules_dirs: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    allow_extends_outside: bool = False
    source: str | None = None  # the file it came from
    root: str = "."  # the folder of that file: relative paths in it start here
    rules: RuleSet = field(default_factory=builtin_rules)  # with the custom rules, once the CLI loaded them

    @property
    def base_scope(self) -> BaseScope:
        """Where `extends` bases may be read from under this configuration."""
        return BaseScope(self.root if self.source else None, self.allow_extends_outside)

    @property
    def where(self) -> str:
        """How messages name this configuration: its file (and table), or the defaults."""
        return describe_source(self.source) if self.source else "default configuration"


def describe_source(path: str) -> str:
    """A configuration file as messages name it: pyproject.toml with its table."""
    shown = display_path(path)
    return f"{shown} [tool.archlint]" if os.path.basename(path) == "pyproject.toml" else shown


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
    """Whether a pyproject.toml met on the walk configures archlint.

    A pyproject.toml belongs to many tools: one that is not TOML at all is
    skipped, unless it mentions archlint (then the user meant to configure
    it and hears why it cannot be read). A `tool` or `tool.archlint` that is
    not a table is archlint's business: `_archlint_table` reports it.
    """
    try:
        data = _read_toml(path)
    except ConfigError:
        if _mentions_archlint(path):
            raise
        return False
    tool = data.get("tool")
    return "tool" in data and (not isinstance(tool, dict) or "archlint" in tool)


def _mentions_archlint(path: str) -> bool:
    try:
        return b"archlint" in _read_toml_bytes(path)
    except ConfigError:
        return False


def _read_toml_bytes(path: str) -> bytes:
    """The bytes of a configuration file (bounded, regular files only); ConfigError naming it otherwise."""
    try:
        return read_regular(path, MAX_CONFIG_BYTES)
    except OSError as exc:
        raise ConfigError(f"{display_path(path)}: cannot read configuration: {exc.strerror or exc}") from None


def load_config(path: str | None = None, *, search: bool = True) -> Config:
    """Read the configuration file (given, or found by walking up)."""
    if path is None:
        found = find_config_file() if search else None
        if found is None:
            return Config()
        path, is_pyproject = found
    else:
        is_pyproject = os.path.basename(path) == "pyproject.toml"
    data = _read_toml(path)
    table = _archlint_table(data, path) if is_pyproject else data
    config = _from_table(table, describe_source(path))
    config.source, config.root = path, os.path.dirname(os.path.abspath(path))
    return config


def _read_toml(path: str) -> dict[str, Any]:
    """The file's TOML document; ConfigError naming the file when it cannot be had."""
    raw = _read_toml_bytes(path)
    try:
        text = raw.decode("utf-8-sig")  # editors on Windows may start the file with a BOM
    except UnicodeDecodeError as exc:
        where = byte_position(raw, exc.start, display_path(path))
        raise ConfigError(f"{where}: configuration is not valid UTF-8 (TOML files are UTF-8)") from None
    import tomllib  # here, not at the top: a run without a configuration file never parses TOML
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{display_path(path)}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise ConfigError(f"{display_path(path)}: invalid TOML: values nested too deeply") from None


def _archlint_table(data: dict[str, Any], path: str) -> Any:
    """`[tool.archlint]` of a pyproject.toml; a `tool` that is not a table is an error."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{display_path(path)}: `tool` must be a table (`[tool.archlint]`), not {kind(tool)}")
    return tool.get("archlint", {})


def kind(value: Any) -> str:
    """A TOML value's type, as the TOML specification names it."""
    kinds = ((bool, "a boolean"), (int, "an integer"), (float, "a float"), (str, "a string"),
             (list, "an array"), (dict, "a table"))
    return next((name for cls, name in kinds if isinstance(value, cls)), "a date or time")


def _from_table(table: Any, where: str) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table of settings, not {kind(table)}")
    problems = [f"{where}: unknown key `{key}`{did_you_mean(key, KEYS)}" for key in table if key not in KEYS]
    config = Config()
    for key, value in table.items():
        if key not in KEYS:
            continue
        wrong = _value_problems(key, value)
        problems += [f"{where}: {problem}" for problem in wrong]
        if not wrong:
            setattr(config, key.replace("-", "_"), value)
    _raise_all(problems)
    return config


def _value_problems(key: str, value: Any) -> list[str]:
    """What is wrong with one setting's value, at any depth."""
    name = key
    if key in STRING_LISTS:
        problems = _string_array_problems(name, value)
    elif key == "fail-on":
        problems = _choice_problems(name, value, FAIL_ON)
    elif key == "diagrams-out":
        problems = [] if isinstance(value, str) else [f"`{name}` must be a string, not {kind(value)}"]
    elif key == "allow-extends-outside":
        problems = [] if isinstance(value, bool) else [f"`{name}` must be true or false, not {kind(value)}"]
    elif key == "severity":
        problems = _table_problems(name, value, lambda entry, item: _choice_problems(entry, item, SEVERITIES))
    else:  # per-file-ignores
        problems = _table_problems(name, value, _string_array_problems)
    if not problems and key in PATH_KEYS and any("\0" in path for path in (value if isinstance(value, list) else [value])):
        problems = [f"`{name}` must not contain a NUL character"]
    return problems


def _string_array_problems(name: str, value: Any) -> list[str]:
    if not isinstance(value, list):
        return [f"`{name}` must be an array of strings, not {_shape(value)}"]
    return [f"`{name}[{index}]` must be a string, not {kind(item)}" for index, item in enumerate(value) if not isinstance(item, str)]


def _choice_problems(name: str, value: Any, choices: tuple[str, ...]) -> list[str]:
    if isinstance(value, str) and value in choices:
        return []
    return [f"`{name}` must be {' | '.join(choices)}, not {_shape(value)}"]


def _table_problems(name: str, value: Any, entry_problems: Callable[[str, Any], list[str]]) -> list[str]:
    """The problems of every entry of a table setting (`severity`, `per-file-ignores`)."""
    if not isinstance(value, dict):
        return [f"`{name}` must be a table, not {kind(value)}"]
    return [problem for entry, item in value.items() for problem in entry_problems(f"{name}.{entry}", item)]


def _shape(value: Any) -> str:
    """The value itself when it is a short string, its kind otherwise."""
    return f"`{value}`" if isinstance(value, str) and len(value) <= 40 else kind(value)


def check_rules_dirs(config: Config) -> None:
    """Every `rules-dirs` entry that is not a folder, named with the configuration file."""
    problems = []
    for folder in config.rules_dirs:
        path = os.path.join(config.root, folder)
        if not os.path.isdir(path):
            what = "is not a folder" if os.path.exists(path) else "does not exist"
            problems.append(f"{config.where}: `rules-dirs`: `{folder}` {what} (relative to {config.root})")
    _raise_all(problems)


def check_rule_ids(config: Config, rules: RuleSet) -> None:
    """Every unknown rule id or selector in the configuration, among `rules` (with its custom rules)."""
    known = [rule.id for rule in rules.values()] + [rule.name for rule in rules.values()]
    named = [("select", s) for s in config.select] + [("ignore", s) for s in config.ignore]
    named += [(f"per-file-ignores.{pattern}", s) for pattern, ids in config.per_file_ignores.items() for s in ids]
    problems = [f"{config.where}: `{key}`: unknown rule `{s}`{did_you_mean(s, known)}"
                for key, s in named if rules.expand(s) is None]
    problems += [f"{config.where}: `severity`: unknown rule `{rid}`{did_you_mean(rid, known)}"
                 for rid in config.severity if rules.find(rid) is None]
    _raise_all(problems)


def _raise_all(problems: list[str]) -> None:
    if problems:
        raise ConfigError("\n".join(problems))
