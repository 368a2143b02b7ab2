"""What the section validators share: the tree, the checker, the ids claimed so far and the checks several sections make."""
from __future__ import annotations

import functools
import re
from typing import Iterator

from ...checks import Checker, Mark, Strings
from ...format import Section
from ...model import Region
from ...yaml_reader import Pos, YMap, at

ACTION_RE = re.compile(r"(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)\Z")


@functools.lru_cache(maxsize=4096)
def looks_like_action(action: str) -> bool:
    """Remembered: a blueprint names few distinct actions, in many flows and grants."""
    return ACTION_RE.match(action) is not None


class SectionValidator:
    """The state of one validation; each section of the format adds its own methods in a module of its own."""

    def __init__(self, root: YMap, file: str, rule_ids: set[str], checker: Checker):
        self.root, self.file, self.rule_ids, self.c = root, file, rule_ids, checker
        self.ids: dict[str, tuple[str, Pos]] = {}  # every id of the blueprint, for uniqueness

    def claim(self, ident: str, pos: Pos, what: str) -> None:
        """Ids are unique across the whole blueprint, whatever they name."""
        if ident in self.ids:
            other_what, other = self.ids[ident]
            self.c.error(pos, f"id `{ident}` of this {what} is already used by the {other_what} at line {other.line}")
        else:
            self.ids[ident] = (what, pos)

    def named_entries(self, parent: YMap, key: str, parent_what: str, kind: str,
                      section: Section) -> Iterator[tuple[str, YMap, Pos, str]]:
        """The entries of a map of named elements (`networks`, `iam`...), each id claimed and its keys checked."""
        for ident, node, pos in self.c.entries(parent, key, parent_what, kind):
            self.claim(ident, pos, kind)
            what = f"{kind} `{ident}`"
            self.c.keys(node, section.keys, what)
            yield ident, node, pos, what

    def region_of(self, node: YMap, what: str, regions: dict[str, Region]) -> str | None:
        """The region of a network or transit gateway: stated, or the only one of the blueprint."""
        region = self.c.string(node, "region", what)
        if region is None:
            if len(regions) == 1:
                return next(iter(regions))
            self.c.error(node.pos, f"{what} needs `region` (the blueprint has {len(regions)} regions)")
            return None
        return region if self.c.reference(region, node.value_pos("region"), regions, "region") else None

    def actions(self, strings: Strings) -> list[str]:
        """The IAM actions, in a flow's `actions` or a role's grant, that look like one; the others are reported."""
        values, marks = strings
        if all(map(looks_like_action, values)):  # the common case, checked without a Python-level loop
            return list(values)
        return [action for action, mark in zip(values, marks, strict=True) if self.action(action, mark)]

    def action(self, action: str, mark: Mark) -> bool:
        if looks_like_action(action):
            return True
        self.c.error(at(mark), f"IAM action `{action}` must look like `service:Action` (wildcards `*` and `?` allowed)")
        return False
