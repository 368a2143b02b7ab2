"""How archlint's own code is laid out, so that contributors find things by name."""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator

from linter.rules import all_rules


def test_every_builtin_rule_lives_in_the_module_named_after_its_family() -> None:
    builtin = [rule for rule in all_rules() if rule.check.__module__.startswith("linter.")]
    assert builtin
    misplaced = [(rule.id, rule.check.__module__) for rule in builtin
                 if rule.check.__module__ != f"linter.rules.{rule.family.lower()}"]
    assert not misplaced


# The layers from the bottom up (see docs/CONTRIBUTING.md): a module imports only from its own
# layer or lower ones, lazily or not, so that there is one direction of flow and no cycle.
LAYERS = (
    ("linter.fsutil", "linter.lazy", "linter.wildcards", "linter.wording", "linter.catalog", "linter.format", "linter.dominance"),
    ("linter.yaml_reader",),
    ("linter.checks", "linter.model"),
    ("linter.graph", "linter.loading"),
    ("linter.analysis",),
    ("linter.rules",),
    ("linter.engine", "linter.resilience_report"),
    ("linter.session",),
    ("linter.cli", "linter.__main__"),
)
LINTER = Path(__file__).resolve().parent.parent / "linter"


def layer_of(module: str) -> int | None:
    for index, names in enumerate(LAYERS):
        if any(module == name or module.startswith(name + ".") for name in names):
            return index
    return None


def imported_modules(path: Path, module: str) -> Iterator[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            target = f"{base}.{node.module}" if node.module else base
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def module_name(path: Path) -> str:
    return ".".join(("linter", *path.relative_to(LINTER).with_suffix("").parts)).removesuffix(".__init__")


def test_layers_import_only_downwards() -> None:
    upward = []
    for path in sorted(LINTER.rglob("*.py")):
        module = module_name(path)
        own = layer_of(module)
        if own is None:
            continue
        for target in imported_modules(path, module):
            other = layer_of(target)
            if other is not None and other > own:
                upward.append((module, target))
    assert not upward


def test_nothing_imports_the_command_line() -> None:
    """The command line parses and prints; what it runs lives below it, for editors and tests too."""
    importers = [module_name(path) for path in sorted(LINTER.rglob("*.py")) if path.name not in ("cli.py", "__main__.py")
                 and any(t.startswith("linter.cli") for t in imported_modules(path, module_name(path)))]
    assert not importers
