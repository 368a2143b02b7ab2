"""The top level of a blueprint: its name, targets and `organization`."""
from __future__ import annotations

import re
from typing import Any

from ... import format as fmt
from ...catalog import ENVIRONMENTS
from ...format import ENV_ALIASES, MAX_NAME_LENGTH
from .base import SectionValidator

NAME_RE = re.compile(fmt.BLUEPRINT_NAME + r"\Z")


class TopLevel(SectionValidator):
    """The name, `targets` and `organization` of the blueprint."""

    def top_level(self) -> tuple[str | None, str]:
        """The blueprint's own keys, its name and its environment (`prod` unless stated)."""
        c, root = self.c, self.root
        c.keys(root, fmt.TOP.keys, "the blueprint")
        name = self.name()
        environment = c.choice(root, "environment", "the blueprint", ENVIRONMENTS, ENV_ALIASES) or "prod"
        c.string(root, "description", "the blueprint")
        if root.get("version") is not None and c.integer(root, "version", "the blueprint") not in (None, 1):
            c.error(root.value_pos("version"), "only format `version: 1` is supported")
        return name, environment

    def name(self) -> str | None:
        if not self.c.required(self.root, "blueprint", "a blueprint"):
            return None
        name = self.c.string(self.root, "blueprint", "the blueprint")
        if name is not None and (not NAME_RE.match(name) or len(name) > MAX_NAME_LENGTH):
            self.c.error(self.root.value_pos("blueprint"), f"blueprint name `{name}` must match {fmt.BLUEPRINT_NAME} and have at most {MAX_NAME_LENGTH} characters")
        return name

    def targets(self) -> dict[str, Any]:
        node = self.c.map(self.root, "targets", "the blueprint")
        if node is None:
            return {}
        self.c.keys(node, fmt.TARGETS.keys, "targets")
        result: dict[str, Any] = {}
        availability = self.c.number(node, "availability", "targets")
        if availability is not None:
            if 0 < availability < 100:
                result["availability"] = availability
            else:
                self.c.error(node.value_pos("availability"), f"`availability` is a percentage strictly between 0 and 100, not {availability:g}")
        for key in ("rpo", "rto"):
            seconds = self.c.duration(node, key, "targets")
            if seconds is not None:
                result[key] = seconds
        return result

    def organization(self) -> dict[str, bool]:
        """Services the AWS organisation runs outside this blueprint (an organisation trail)."""
        node = self.c.map(self.root, "organization", "the blueprint")
        if node is None:
            return {}
        self.c.keys(node, fmt.ORGANIZATION.keys, "`organization`")
        return {key: self.c.boolean(node, key, "`organization`") is True for key in fmt.ORGANIZATION.keys}
