"""`flows`: who calls whom, on which ports and protocols."""
from __future__ import annotations

import re
from typing import Any

from ... import format as fmt
from ...catalog import AUTH_METHODS
from ...checks import describe, described, stated
from ...format import MAX_PORT
from ...model import Component, Flow
from ...yaml_reader import Pos, YMap, YSeq, at
from .base import SectionValidator

PROTOCOL_RE = re.compile(fmt.PROTOCOL + r"\Z")
PORT_RANGE_RE = re.compile(fmt.PORT_RANGE + r"\Z")
SHORT_FLOW_RE = re.compile(r"\s*(\S+)\s*->\s*(\S+)\s*\Z")
TLS_PROTOCOLS = {"https", "tls", "grpc", "ssh", "aws-api"}
PLAINTEXT_PROTOCOLS = {"http", "ftp", "telnet", "smtp"}
# The attributes of a flow that states none.
UNSTATED = {"ports": None, "protocol": None, "is_async": False, "tls": None, "label": None, "auth": None}
FLOW_KEYS = frozenset(fmt.FLOW.keys)
# The optional keys of a long flow and the `Flow` fields they set.
FLOW_FIELDS = {"port": "ports", "protocol": "protocol", "actions": "actions", "async": "is_async", "tls": "tls",
               "label": "label", "auth": "auth"}


def flow_content(flow: Flow) -> tuple:
    """What makes two flows the same flow: everything but where they are written."""
    ports = tuple(flow.ports) if isinstance(flow.ports, list) else flow.ports
    return (flow.source, flow.target, ports, flow.protocol, tuple(flow.actions), flow.is_async, flow.tls, flow.label)


class Flows(SectionValidator):
    """`flows`, in their short (`a -> b`) and long forms."""

    def flows(self, components: dict[str, Component]) -> list[Flow]:
        items = self.c.seq(self.root, "flows", "the blueprint")
        if items is None:
            return []
        flows: list[Flow] = []
        # Per pair (`a->b`): its one flow so far, or the content of each of its flows. A pair's
        # first flow cannot repeat another: its content is made only when a second one comes.
        between: dict[str, Flow | dict[tuple, Pos]] = {}
        for index in range(len(items)):
            for flow in self.flow(items, index, components):
                if flow.source == flow.target:
                    self.c.error(flow.pos, f"flow `{flow.id}` goes from `{flow.source}` to itself; traffic inside a component is not a flow")
                    continue
                pair = flow.id
                declared = between.get(pair)
                if declared is None:
                    between[pair] = flow
                else:
                    if isinstance(declared, Flow):
                        declared = between[pair] = {flow_content(declared): declared.pos}
                    if not self.new_content(flow, declared):
                        continue
                    flow.id = f"{pair}#{len(declared)}"
                flows.append(flow)
        return flows

    def new_content(self, flow: Flow, declared: dict[tuple, Pos]) -> bool:
        """Refuse a flow that repeats another of its pair exactly; keep its content otherwise.

        Two flows between one pair that differ (ports, protocol, actions...)
        are fine: the second gets the id `<from>-><to>#2`.
        """
        content = flow_content(flow)
        if content in declared:
            first = declared[content]
            where = "in the same entry" if first == flow.pos else f"at line {first.line}"
            self.c.error(flow.pos, f"flow `{flow.id}` repeats the flow {where}; declare each flow once")
            return False
        declared[content] = flow.pos
        return True

    def flow(self, items: YSeq, index: int, components: dict[str, Component]) -> list[Flow]:
        item, mark = items[index], items.item_marks[index]
        pos = at(mark)
        if isinstance(item, str):
            match = SHORT_FLOW_RE.match(item)
            if not match:
                self.c.error(pos, f"a short flow is written `<from> -> <to>`, not `{item}`")
                return []
            sources, targets = (self.c.references(([end], [mark]), components, "component") for end in match.groups())
            return self.make_flows(sources, targets, pos, None, self.short_flow_attributes(), components)
        if not isinstance(item, YMap):
            self.c.error(pos, f"a flow is `<from> -> <to>` or a map with `from` and `to`, not {describe(item, items.item_text(index))}")
            return []
        what, c = f"the flow at line {pos.line}", self.c
        c.keys(item, FLOW_KEYS, "a flow")
        if item.get("from") is None or item.get("to") is None:  # reported by `required`
            c.required(item, "from", what)
            c.required(item, "to", what)
            return []
        sources = c.known_strings(item, "from", what, components, "component")
        targets = c.known_strings(item, "to", what, components, "component")
        return self.make_flows(sources, targets, pos, item, self.flow_attributes(item, what), components)

    def make_flows(self, sources: list[str], targets: list[str], pos: Pos, spec: YMap | None,
                   attrs: dict[str, Any], components: dict[str, Component]) -> list[Flow]:
        """One flow from each known source to each known target."""
        return [self.make_flow(s, t, pos, spec, attrs, components) for s in sources for t in targets]

    @staticmethod
    def short_flow_attributes() -> dict[str, Any]:
        """A short flow (`a -> b`) states nothing but its ends."""
        return dict(UNSTATED, actions=[])  # each flow has a list of its own, as when it is read

    def flow_attributes(self, item: YMap, what: str) -> dict[str, Any]:
        """The attributes a long flow states, over the defaults; only the keys it has are read (most have few)."""
        attrs = self.short_flow_attributes()
        for key in stated(item, FLOW_FIELDS):
            attrs[FLOW_FIELDS[key]] = self.flow_attribute(item, key, what)
        return attrs

    def flow_attribute(self, item: YMap, key: str, what: str) -> Any:
        c = self.c
        match key:
            case "port":
                return self.ports(item, what)
            case "protocol":
                return self.protocol(item, what)
            case "actions":
                return self.actions(c.string_items(item, key, what))
            case "async":
                return bool(c.boolean(item, key, what))
            case "auth":
                return c.choice(item, key, what, AUTH_METHODS)
            case "tls":
                return c.boolean(item, key, what)
        return c.string(item, key, what)  # label

    def protocol(self, item: YMap, what: str) -> str | None:
        protocol = self.c.string(item, "protocol", what)
        if protocol is not None and not PROTOCOL_RE.match(protocol):
            self.c.error(item.value_pos("protocol"), f"`protocol` of {what} is a lowercase word such as https or postgres, not `{protocol}`")
        return protocol

    def ports(self, item: YMap, what: str) -> list[tuple[int, int]] | str | None:
        value = item.get("port")
        if value is None:
            return None
        if value == "all":
            return "all"
        ranges = list(map(self.port_range, value)) if isinstance(value, YSeq) else [self.port_range(value)]
        if not ranges or None in ranges:
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
        protocol = attrs["protocol"]
        tls = attrs["tls"]
        if tls is None:
            if protocol in TLS_PROTOCOLS or (protocol not in PLAINTEXT_PROTOCOLS and components[target].info.iam_called):
                tls = True
            elif protocol in PLAINTEXT_PROTOCOLS:
                tls = False
        return Flow(f"{source}->{target}", source, target, attrs["ports"], protocol, attrs["actions"],
                    attrs["is_async"], tls, attrs["label"], pos, spec, attrs["auth"])
