"""`waivers`: findings accepted in the blueprint, with a reason."""
from __future__ import annotations

from ... import format as fmt
from ...checks import did_you_mean
from ...model import Waiver
from ...yaml_reader import YMap
from .base import SectionValidator

class Waivers(SectionValidator):
    """`waivers`."""

    def waivers(self) -> list[Waiver]:
        items = self.c.seq(self.root, "waivers", "the blueprint")
        if items is None:
            return []
        waivers: list[Waiver] = []
        for index, item in enumerate(items):
            pos = items.item_pos(index)
            if not isinstance(item, YMap):
                self.c.error(pos, "a waiver is a map with `rule`, `element`, `reason` and optional `expires`")
                continue
            self.c.keys(item, fmt.WAIVER.keys, "a waiver")
            present = [self.c.required(item, k, "a waiver") for k in fmt.WAIVER.required]
            rule, element, reason = (self.c.string(item, k, "a waiver") for k in fmt.WAIVER.required)
            if rule is not None and rule not in self.rule_ids:
                self.c.error(item.value_pos("rule"), f"waiver names unknown rule `{rule}`{did_you_mean(rule, self.rule_ids)}")
                rule = None
            if reason is not None and not reason.strip():
                self.c.error(item.value_pos("reason"), "a waiver's `reason` must say why the finding is accepted")
            expires = self.c.date(item, "expires", "a waiver")
            if all(present) and rule is not None and element is not None and reason is not None:
                waivers.append(Waiver(rule, element, reason, expires, pos))
        return waivers
