"""A blueprint's scene as a Mermaid `flowchart`, for docs that are text.

GitHub, GitLab and most wikis render Mermaid inside Markdown, so a design page
can embed its diagram as text that reviews as a diff. The picture is the same
scene the PNG is drawn from (`layout`): subgraphs nest region ▸ VPC ▸ AZ ▸
subnet, a multi-AZ component appears once per AZ it runs in, and elements with
findings carry the classes `error` or `warning` (with the rule ids in their
label). Icons are left out: Mermaid has none for AWS services.

No `diagrams` import: this is text only.
"""
from __future__ import annotations

import re

from .highlight import COLORS, Highlights, Mark
from .layout import Group, Item, Link, Scene

# Characters Mermaid reads as syntax inside a quoted label, written as its entity codes.
_ENTITIES = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "|": "#124;",
             "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;", "`": "#96;", "\\": "#92;"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ARROWS = {False: "-->", True: "-.->"}


def mermaid_text(scene: Scene, highlights: Highlights) -> str:
    """The flowchart: deterministic for a given scene and findings."""
    writer = _Writer(highlights)
    writer.line("flowchart TB")
    writer.group_body(scene.root, depth=1)
    for link in scene.links:
        writer.link(link)
    writer.styles()
    return "\n".join(writer.lines) + "\n"


def label(text: str) -> str:
    """Text as a quoted Mermaid label: syntax characters escaped, line breaks as <br/>."""
    escaped = "".join(_ENTITIES.get(ch, ch) for ch in text)
    lines = [_CONTROL.sub(" ", part) for part in escaped.split("\n")]
    return '"' + "<br/>".join(lines) + '"'


class _Writer:
    def __init__(self, highlights: Highlights):
        self.highlights = highlights
        self.lines: list[str] = []
        self.ids: dict[str, str] = {}  # scene key (item or group) -> Mermaid id
        self.classes: dict[str, list[str]] = {"error": [], "warning": []}
        self.link_styles: dict[str, list[int]] = {"error": [], "warning": []}
        self.link_count = 0

    def line(self, text: str, depth: int = 0) -> None:
        self.lines.append("    " * depth + text)

    def id_for(self, key: str, prefix: str) -> str:
        """Scene keys hold `/` and user text; Mermaid ids are short and safe."""
        if key not in self.ids:
            self.ids[key] = f"{prefix}{len(self.ids)}"
        return self.ids[key]

    def group_body(self, group: Group, depth: int) -> None:
        for item in group.items:
            self.item(item, depth)
        for child in group.groups:
            self.line(f"subgraph {self.id_for(child.key, 'g')}[{label(child.label)}]", depth)
            self.group_body(child, depth + 1)
            self.line("end", depth)
            self.mark(self.ids[child.key], self.group_mark(child))

    def group_mark(self, group: Group) -> Mark | None:
        return self.highlights.mark("network" if group.kind == "network" else group.kind, group.element)

    def item(self, item: Item, depth: int) -> None:
        mark = self.highlights.mark(item.kind, item.element)
        parts = [item.title, item.note, mark.text if mark else ""]
        node = self.id_for(item.key, "n")
        self.line(f"{node}[{label(chr(10).join(p for p in parts if p))}]", depth)
        self.mark(node, mark)

    def mark(self, node: str, mark: Mark | None) -> None:
        if mark is not None:
            self.classes[mark.severity].append(node)

    def link(self, link: Link) -> None:
        tail = self.ids[link.tail]
        head = self.ids[link.head_group] if link.head_group else self.ids[link.head]
        text = f"|{label(link.label)}|" if link.label else ""
        self.line(f"{tail} {_ARROWS[link.dashed]}{text} {head}", 1)
        mark = self.highlights.mark("flow", link.element) if link.kind == "flow" else None
        if mark is not None:
            self.link_styles[mark.severity].append(self.link_count)
        self.link_count += 1

    def styles(self) -> None:
        for severity, (stroke, fill) in sorted(COLORS.items()):
            self.line(f"classDef {severity} fill:{fill},stroke:{stroke},color:{stroke},stroke-width:2px", 1)
            if self.classes[severity]:
                self.line(f"class {','.join(self.classes[severity])} {severity}", 1)
            if self.link_styles[severity]:
                self.line(f"linkStyle {','.join(map(str, self.link_styles[severity]))} stroke:{stroke},stroke-width:2px", 1)
