"""Turn a `Scene` into DOT text with the `diagrams` library.

`diagrams` gives the icons, the node and cluster conventions and the DOT
writer; archlint runs Graphviz itself (see `output.py`), so the Diagram here
never renders on exit. Node ids and cluster names come from the scene (never
`diagrams`' random uuids or its label-derived cluster names, which collide when
two VPCs both have an "us-east-1a" group), and icon paths are relative, so the
DOT text is byte-identical across runs and machines.
"""
from __future__ import annotations

import html

from graphviz import nohtml

from diagrams import Cluster, Diagram, Node, setdiagram

from ..dotescape import dot_escape, printable
from .highlight import Highlights, Mark
from .icons import icon_class, icon_image
from .layout import Group, Item, Link, Scene
from .ordering import Ordering, order_scene

LARGE = 150  # nodes; past this, groups and ranks are packed tighter
# Largest side, in inches at 96 dpi (6,000 px): a big design is scaled down to it instead of
# painting hundreds of megapixels (minutes and gigabytes for 200 components); cairo's limit is 32,767.
MAX_INCHES = 62.5

INK, MUTED = "#232F3E", "#545B64"
# AWS architecture-icon group conventions: (border, fill, dashed)
GROUP_STYLES = {
    "cloud": ("#232F3E", "#FFFFFF", False),
    "region": ("#00A4A6", "#FFFFFF", True),
    "network": ("#8C4FFF", "#FBF9FF", False),
    "az": ("#147EBA", "#F4F9FD", True),
    "public": ("#7AA116", "#F2F7E9", False),
    "private": ("#00A4A6", "#E9F6F7", False),
    "tier": ("#879196", "#FAFAFA", True),  # the overview's tier groups: a light frame, not an AWS group
}
EDGE_STYLES = {  # kind -> (colour, arrowhead direction)
    "flow": ("#545B64", "forward"),
    "replica": ("#8C4FFF", "forward"),
    "standby": ("#8C4FFF", "none"),
    "dlq": ("#B0084D", "forward"),
    "waf": ("#DD344C", "forward"),
    "peering": ("#8C4FFF", "none"),
    "attachment": ("#8C4FFF", "none"),
    "tgw_peering": ("#8C4FFF", "none"),
    "attached": ("#DD344C", "none"),  # a component assumes an IAM role
    "grant": ("#DD344C", "forward"),  # an IAM role's actions on a resource
}
# `archlint diff`: (strong colour, light fill, dashed) per change
CHANGE_STYLES = {
    "added": ("#1D8102", "#E9F7E4", False),
    "removed": ("#D13212", "#FDECEA", True),
    "changed": ("#FF9900", "#FFF5E0", False),
}
LINE_HEIGHT = 0.2  # inches per label line at 11 pt
ICON = 1.3  # inches: the node's width, which the icon fills


class _Canvas(Diagram):
    """A Diagram that only collects: archlint writes the files itself."""

    def __exit__(self, exc_type, exc_value, traceback):
        setdiagram(None)


class _Group(Cluster):
    """A Cluster whose DOT name is a stable key, not its label."""

    def __init__(self, key: str, label: str, graph_attr: dict):
        super().__init__(dot_escape(label), graph_attr=graph_attr)
        self.name = self.dot.name = f"cluster_{key}"


def build_dot(scene: Scene, highlights: Highlights) -> str:
    """The DOT source of a scene, with findings highlighted."""
    large = scene.node_count > LARGE
    # Left to right, ranks carry the order of regions and AZs (see ordering.py); top to bottom they would stack them.
    ordering = order_scene(scene) if scene.direction == "LR" else Ordering()
    title = f"{scene.title}\n{ordering.note}" if ordering.note else scene.title
    with _Canvas(scene.name, filename="archlint", direction=scene.direction, show=False,
                 graph_attr={**_graph_attrs(large, scene.max_width), "label": _title_label(title)}, node_attr={"fontsize": "12", "fontcolor": INK},
                 edge_attr={"fontsize": "11", "fontname": "Sans-Serif"}) as canvas:
        gate_keys = {gate for gates in ordering.gates.values() for gate in gates}
        _draw_group_contents(scene.root, highlights, ordering)
        for index, link in enumerate(scene.links):
            _draw_link(canvas, link, ordering.head(index, link), highlights, constrain=index not in ordering.loose)
        for tail, head in ordering.edges:
            canvas.dot.edge(tail, head, style="invis", weight="0", minlen="0" if tail in gate_keys else "1")
        _legend(scene, highlights)
    return canvas.dot.source


def _graph_attrs(large: bool, max_width: float | None) -> dict:
    # Splines with ordinary edge labels, for which `dot` reserves room between the ranks, so a label never
    # overlaps an icon; orthogonal routing cannot carry them (its `xlabel`s are placed after routing, on top of icons).
    attrs = {"pad": "0.4", "compound": "true", "newrank": "true", "labelloc": "t", "fontsize": "22",
             "fontcolor": INK, "dpi": "96", "size": f"{max_width or MAX_INCHES},{MAX_INCHES}", "splines": "spline"}
    attrs.update({"nodesep": "0.35", "ranksep": "0.9"} if large else {"nodesep": "0.5", "ranksep": "1.1"})
    return attrs


def _title_label(title: str) -> str:
    head, _, rest = title.partition("\n")
    lines = "<BR/>".join(_html(line) for line in rest.split("\n"))
    body = f'<BR/><FONT POINT-SIZE="13" COLOR="{MUTED}">{lines}</FONT>' if rest else ""
    return f"<<B>{_html(head)}</B>{body}>"


# -- clusters and nodes ----------------------------------------------------------
def _draw_group_contents(group: Group, highlights: Highlights, ordering: Ordering) -> None:
    for item in group.items:
        _draw_item(item, highlights)
    for gate in ordering.gates.get(group.key, []):
        Node("", nodeid=gate, shape="point", style="invis", width="0.01", height="0.01", fixedsize="true")
    for child in group.groups:
        with _Group(child.key, *_group_style(child, highlights)):
            _draw_group_contents(child, highlights, ordering)


def _group_style(group: Group, highlights: Highlights) -> tuple[str, dict]:
    style_key = ("public" if group.public else "private") if group.kind == "subnet" else group.kind
    border, fill, dashed = GROUP_STYLES[style_key]
    attrs = {"pencolor": border, "bgcolor": fill, "fontcolor": border, "style": "rounded,dashed" if dashed else "rounded",
             "penwidth": "1.5", "fontsize": "13" if group.kind in ("cloud", "region", "network") else "11",
             "margin": "14"}
    label = group.label
    mark = highlights.mark(group.kind, group.element) if group.kind in ("network", "az") else None
    if mark:
        attrs.update({"pencolor": mark.color, "fontcolor": mark.color, "penwidth": "4", "style": "rounded,bold"})
        label = f"{label}  ▲ {mark.text}"
    if group.change:
        color, _, dashed = CHANGE_STYLES[group.change]
        attrs.update({"pencolor": color, "fontcolor": color, "penwidth": "4",
                      "style": "rounded,dashed,bold" if dashed else "rounded,bold"})
        label = f"{label}  ({group.change})"
    return label, attrs


def _draw_item(item: Item, highlights: Highlights) -> None:
    if item.kind == "placeholder":
        Node(item.title, nodeid=item.key, shape="plaintext", fixedsize="false", width="0", height="0",
             fontcolor=MUTED, fontsize="11")
        return
    mark = highlights.mark(item.kind, item.element)
    lines = item.title.count("\n") + 1 + _line_count(item.note) + bool(mark)
    # The icon fills the node's width at the top (imagepos=tc); the label lines sit under it.
    attrs = {"image": icon_image(item.icon), "imagepos": "tc", "imagescale": "true", "labelloc": "b",
             "width": f"{ICON:.2f}", "height": f"{ICON + 0.12 + LINE_HEIGHT * lines:.2f}", "fixedsize": "true",
             "fontsize": "11"}
    if mark:  # icon nodes are shape=none: draw a coloured box around the icon and label
        attrs.update({"shape": "box", "style": "rounded,filled,bold", "color": mark.color, "fillcolor": mark.fill,
                      "penwidth": "3"})
        attrs.update(_escaped(highlights.tooltip(item.kind, item.element)))
    if item.change:
        color, fill, dashed = CHANGE_STYLES[item.change]
        attrs.update({"shape": "box", "style": "rounded,filled,dashed,bold" if dashed else "rounded,filled,bold",
                      "color": color, "fillcolor": fill, "penwidth": "3"})
    icon_class(item.icon)(_item_label(item, mark), nodeid=item.key, **attrs)


def _item_label(item: Item, mark: Mark | None) -> str:
    parts = ["<BR/>".join(_html(line) for line in item.title.split("\n"))]
    if item.note:
        note = "<BR/>".join(_html(line) for line in item.note.split("\n"))
        parts.append(f'<FONT POINT-SIZE="11" COLOR="{MUTED}">{note}</FONT>')
    if mark:
        parts.append(f'<FONT COLOR="{mark.color}"><B>{_html(mark.text)}</B></FONT>')
    return f"<{'<BR/>'.join(parts)}>"


def _line_count(text: str) -> int:
    return text.count("\n") + 1 if text else 0


def _html(text: str) -> str:
    """Text for an HTML-like label; backslashes too, or Graphviz expands `\\N` to the node id."""
    return html.escape(printable(text), quote=True).replace("\\", "&#92;")


# -- edges -------------------------------------------------------------------------
def _draw_link(canvas: Diagram, link: Link, head: str, highlights: Highlights, constrain: bool) -> None:
    color, direction = EDGE_STYLES[link.kind]
    attrs = {"color": color, "fontcolor": MUTED, "dir": direction, "penwidth": "1.3"}
    if not constrain:  # it would close a cycle with the order of the groups: drawn, but not ranked
        attrs["constraint"] = "false"
    if link.kind != "flow":
        attrs["fontcolor"] = color
    if link.dashed:
        attrs["style"] = "dashed"
    if link.kind in ("peering", "attachment", "tgw_peering"):
        attrs["penwidth"] = "2.5"
    if link.head_group:
        attrs["lhead"] = f"cluster_{link.head_group}"
    label = link.label
    mark = highlights.mark(_link_kind(link), link.element)
    if mark:
        attrs.update({"color": mark.color, "fontcolor": mark.color, "penwidth": "3"})
        label = f"{label}\n{mark.text}" if label else mark.text
        attrs.update(_escaped(highlights.tooltip(_link_kind(link), link.element)))
    if link.change:
        color, _, dashed = CHANGE_STYLES[link.change]
        attrs.update({"color": color, "fontcolor": color, "penwidth": "3"})
        if dashed:
            attrs["style"] = "dashed"
    if label:
        attrs["label"] = nohtml(dot_escape(label))
    canvas.dot.edge(link.tail, head, **attrs)


def _escaped(attrs: dict[str, str]) -> dict[str, str]:
    """Free text (finding messages) as DOT strings: line breaks read back as line breaks in the tooltip."""
    return {key: nohtml(dot_escape(value)) for key, value in attrs.items()}


def _link_kind(link: Link) -> str:
    """The finding kind an edge stands for."""
    return {"flow": "flow", "peering": "peering", "attachment": "transit_gateway", "tgw_peering": "transit_gateway"}.get(link.kind, "")


# -- legend ------------------------------------------------------------------------
def _severity_row(severity: str, count: int) -> str:
    mark = Mark(severity, ())
    return (f'<TR><TD BGCOLOR="{mark.fill}" COLOR="{mark.color}" WIDTH="28"> </TD>'
            f'<TD ALIGN="LEFT">{severity} finding: {count} (rule ids on the element)</TD></TR>')


def _legend(scene: Scene, highlights: Highlights) -> None:
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>']
    if highlights.enabled:
        rows += [_severity_row(severity, highlights.count(severity)) for severity in ("error", "warning")]
    rows += [
        f'<TR><TD><FONT COLOR="{EDGE_STYLES["flow"][0]}">———▶</FONT></TD><TD ALIGN="LEFT">flow: port/protocol, label</TD></TR>',
        f'<TR><TD><FONT COLOR="{EDGE_STYLES["flow"][0]}">- - -▶</FONT></TD><TD ALIGN="LEFT">async flow (queue, stream, event)</TD></TR>',
        f'<TR><TD><FONT COLOR="{EDGE_STYLES["replica"][0]}">- - -</FONT></TD><TD ALIGN="LEFT">replica, standby, VPC peering, TGW attachment</TD></TR>',
        '<TR><TD>×2 of 4</TD><TD ALIGN="LEFT">instances in this AZ, of the total</TD></TR>',
    ]
    rows += [f'<TR><TD><FONT COLOR="{color}"><B>{_html(mark)}</B></FONT></TD><TD ALIGN="LEFT">{_html(text)}</TD></TR>'
             for color, mark, text in scene.legend]
    for finding in highlights.unplaced(scene)[:12]:
        mark = Mark(finding.severity, (finding.rule,))
        rows.append(f'<TR><TD><FONT COLOR="{mark.color}"><B>{_html(finding.rule)}</B></FONT></TD>'
                    f'<TD ALIGN="LEFT">{_html(finding.kind)} {_html(finding.element)}</TD></TR>')
    table = f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="4" COLOR="#AAB7B8">{"".join(rows)}</TABLE>>'
    Node(table, nodeid="archlint/legend", shape="plaintext", fixedsize="false", width="0", height="0", fontsize="11")
