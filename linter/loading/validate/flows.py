"""`flows`: who calls whom, on which ports and protocols."""
from __future__ import annotations

import re
from typing import Any

from ... import format as fmt
from ...catalog import AUTH_METHODS
from ...checks import describe, described
from ...format import MAX_PORT
from ...model import Component, Flow
from ...yaml_reader import Pos, YMap, YSeq
from .base import SectionValidator

PROTOCOL_RE = re.compile(fmt.PROTOCOL + r"\Z")
PORT_RANGE_RE = re.compile(fmt.PORT_RANGE + r"\Z")
SHORT_FLOW_RE = re.compile(r"\s*(\S+)\s*->\s*(\S+)\s*\Z")
TLS_PROTOCOLS = {"https", "tls", "grpc", "ssh", "aws-api"}
PLAINTEXT_PROTOCOLS = {"http", "ftp", "telnet", "smtp"}


class Flows(SectionValidator):
    """`flows`, in their short (`a -> b`) and long forms."""

    def flows(self, components: dict[str, Component]) -> list[Flow]:
        items = self.c.seq(self.root, "flows", "the blueprint")
        if items is None:
            return []
        flows: list[Flow] = []
        seen: dict[str, int] = {}
        declared: dict[tuple, Pos] = {}  # every flow's content, to refuse exact repeats
        for index in range(len(items)):
            for flow in self.flow(items, index, components):
                if not self.distinct_flow(flow, declared):
                    continue
                count = seen.get(flow.id, 0) + 1
                seen[flow.id] = count
                if count > 1:
                    flow.id = f"{flow.id}#{count}"
                flows.append(flow)
        return flows

    def distinct_flow(self, flow: Flow, declared: dict[tuple, Pos]) -> bool:
        """Refuse a flow from a component to itself and a flow that repeats another exactly.

        Two flows between one pair that differ (ports, protocol, actions...)
        are fine: the second gets the id `<from>-><to>#2`.
        """
        if flow.source == flow.target:
            self.c.error(flow.pos, f"flow `{flow.id}` goes from `{flow.source}` to itself; traffic inside a component is not a flow")
            return False
        ports = tuple(flow.ports) if isinstance(flow.ports, list) else flow.ports
        content = (flow.source, flow.target, ports, flow.protocol, tuple(flow.actions), flow.is_async, flow.tls, flow.label)
        if content in declared:
            first = declared[content]
            where = "in the same entry" if first == flow.pos else f"at line {first.line}"
            self.c.error(flow.pos, f"flow `{flow.id}` repeats the flow {where}; declare each flow once")
            return False
        declared[content] = flow.pos
        return True

    def flow(self, items: YSeq, index: int, components: dict[str, Component]) -> list[Flow]:
        item, pos = items[index], items.item_pos(index)
        if isinstance(item, str):
            match = SHORT_FLOW_RE.match(item)
            if not match:
                self.c.error(pos, f"a short flow is written `<from> -> <to>`, not `{item}`")
                return []
            ends = [(match.group(1), pos)], [(match.group(2), pos)]
            return [self.make_flow(s, t, pos, None, {}, components) for s, t in self.ends(ends, components)]
        if not isinstance(item, YMap):
            self.c.error(pos, f"a flow is `<from> -> <to>` or a map with `from` and `to`, not {describe(item, items.item_text(index))}")
            return []
        what = f"the flow at line {pos.line}"
        self.c.keys(item, fmt.FLOW.keys, "a flow")
        if not (self.c.required(item, "from", what) & self.c.required(item, "to", what)):
            return []
        ends = self.c.strings(item, "from", what), self.c.strings(item, "to", what)
        attrs = self.flow_attributes(item, what)
        return [self.make_flow(s, t, pos, item, attrs, components) for s, t in self.ends(ends, components)]

    def ends(self, ends, components) -> list[tuple[str, str]]:
        sources, targets = ([n for n, p in side if self.c.reference(n, p, components, "component")] for side in ends)
        return [(s, t) for s in sources for t in targets]

    def flow_attributes(self, item: YMap, what: str) -> dict[str, Any]:
        c = self.c
        protocol = c.string(item, "protocol", what)
        if protocol is not None and not PROTOCOL_RE.match(protocol):
            c.error(item.value_pos("protocol"), f"`protocol` of {what} is a lowercase word such as https or postgres, not `{protocol}`")
        actions = [a for a, p in c.string_items(item, "actions", what) if self.action(a, p)]
        return {"ports": self.ports(item, what), "protocol": protocol, "actions": actions,
                "is_async": bool(c.boolean(item, "async", what)), "tls": c.boolean(item, "tls", what),
                "label": c.string(item, "label", what), "auth": c.choice(item, "auth", what, AUTH_METHODS)}

    def ports(self, item: YMap, what: str) -> list[tuple[int, int]] | str | None:
        value = item.get("port")
        if value is None:
            return None
        if value == "all":
            return "all"
        values = list(value) if isinstance(value, YSeq) else [value]
        ranges = [self.port_range(v) for v in values]
        if any(r is None for r in ranges) or not ranges:
            self.c.error(item.value_pos("port"), f"`port` of {what} is a port (1-{MAX_PORT}), a range such as \"8000-8100\", a list of those, or \"all\"; not {described(item, 'port')}")
            return None
        return ranges  # type: ignore[return-value]

    @staticmethod
    def port_range(value: Any) -> tuple[int, int] | None:
        if isinstance(value, int) and not isinstance(value, bool):
            low = high = value
        elif isinstance(value, str) and PORT_RANGE_RE.match(value):  # longer is out of range, and slow to parse
            low, high = map(int, value.split("-"))
        else:
            return None
        return (low, high) if 1 <= low <= high <= MAX_PORT else None

    def make_flow(self, source: str, target: str, pos: Pos, spec: YMap | None, attrs: dict,
                  components: dict[str, Component]) -> Flow:
        protocol = attrs.get("protocol")
        tls = attrs.get("tls")
        if tls is None:
            if protocol in TLS_PROTOCOLS or (protocol not in PLAINTEXT_PROTOCOLS and components[target].info.iam_called):
                tls = True
            elif protocol in PLAINTEXT_PROTOCOLS:
                tls = False
        return Flow(f"{source}->{target}", source, target, attrs.get("ports"), protocol, attrs.get("actions", []),
                    attrs.get("is_async", False), tls, attrs.get("label"), pos, spec, attrs.get("auth"))
