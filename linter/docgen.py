"""Generate `docs/rules.md` from the rules' own documentation.

The docstrings that `archlint rule ID` prints are the single source; this
module lays them out as one Markdown page. `python -m linter.docgen` rewrites
the page, `python -m linter.docgen --check` fails when it is out of date.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .fsutil import atomic_write
from .rules import DOC_SECTIONS, Rule, all_rules, load_builtin_rules

DOCS_PAGE = Path(__file__).resolve().parent.parent / "docs" / "rules.md"

INTRO = """\
# Rule reference

Generated from the rules' documentation by `python -m linter.docgen`; do not
edit by hand. `archlint rule ID` prints the same text, `archlint rules` lists
every rule (built-in and custom).

Severities are defaults; change them with `[tool.archlint.severity]`. Rules
marked *prod only* are silent for elements whose environment (the network's
`environment`, else the blueprint's) is not `prod`.

Every example is a complete blueprint: save it as a file and run
`archlint lint FILE --select ID` to see the rule fire or stay silent.
"""


def rule_markdown(rule: Rule) -> str:
    head = (f"## {rule.id} `{rule.name}`\n\n"
            f"**Severity:** {rule.severity} · **Applies to:** {rule.applies_to}\n\n{rule.summary}\n")
    body = "".join(f"\n### {title}\n\n{rule.sections[title]}\n" for title in DOC_SECTIONS)
    return head + body


def rules_markdown(rules: list[Rule]) -> str:
    index = "".join(f"| [{r.id}](#{r.id.lower()}-{r.name}) | `{r.name}` | {r.severity} | {r.applies_to} |\n"
                    for r in rules)
    table = "| id | name | severity | applies to |\n| --- | --- | --- | --- |\n" + index
    return INTRO + "\n" + table + "".join("\n" + rule_markdown(r) for r in rules)


def builtin_rules() -> list[Rule]:
    load_builtin_rules()
    return [r for r in all_rules() if r.origin == "built-in"]


def main(argv: list[str]) -> int:
    text = rules_markdown(builtin_rules())
    if "--check" in argv:
        current = DOCS_PAGE.read_text(encoding="utf-8") if DOCS_PAGE.exists() else ""
        if current != text:
            print(f"{DOCS_PAGE} is out of date; run `python -m linter.docgen`", file=sys.stderr)
            return 1
        return 0
    atomic_write(str(DOCS_PAGE), text)
    print(f"wrote {DOCS_PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
