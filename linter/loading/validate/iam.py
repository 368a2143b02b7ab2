"""`iam`: roles, what they are attached to and what they allow."""
from __future__ import annotations

import re

from ... import format as fmt
from ...catalog import SERVICE_PRINCIPAL
from ...model import Component, Grant, Role
from ...yaml_reader import YMap, at
from .base import SectionValidator

SERVICE_PRINCIPAL_RE = re.compile(SERVICE_PRINCIPAL + r"\Z")


class Iam(SectionValidator):
    """`iam` roles and their grants."""

    def roles(self, components: dict[str, Component]) -> dict[str, Role]:
        roles: dict[str, Role] = {}
        for rid, node, pos, what in self.named_entries(self.root, "iam", "the blueprint", "role", fmt.ROLE):
            attached = self.c.references(self.c.string_items(node, "attached_to", what), components, "component")
            roles[rid] = Role(rid, attached, self.grants(node, what, components), pos, self.assumed_by(node, what))
        return roles

    def assumed_by(self, node: YMap, what: str) -> str | None:
        principal = self.c.string(node, "assumed_by", what)
        if principal is not None and not SERVICE_PRINCIPAL_RE.match(principal):
            self.c.error(node.value_pos("assumed_by"),
                         f"`assumed_by` of {what} is an AWS service principal such as s3.amazonaws.com, not `{principal}`")
            return None
        return principal

    def grants(self, node: YMap, what: str, components: dict[str, Component]) -> list[Grant]:
        grants: list[Grant] = []
        items = self.c.seq(node, "allow", what)
        if items is None:
            return []
        for index, grant in enumerate(items):
            pos = items.item_pos(index)
            if not isinstance(grant, YMap):
                self.c.error(pos, f"each `allow` entry of {what} is a map with `actions` and `resources`")
                continue
            self.c.keys(grant, fmt.GRANT.keys, f"a grant of {what}")
            actions = self.actions(self.c.string_items(grant, "actions", what))
            resources = [r for r, m in zip(*self.c.string_items(grant, "resources", what), strict=True)
                         if r == "*" or self.c.reference(r, at(m), components, "component")]
            if not self.c.required(grant, "actions", f"a grant of {what}") or not self.c.required(grant, "resources", f"a grant of {what}"):
                continue
            grants.append(Grant(actions, resources, pos))
        return grants
