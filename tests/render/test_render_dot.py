"""The DOT text `archlint render` builds: golden files, nesting, labels, highlight.

Golden files live in `golden/`; after an intended change regenerate them with
`ARCHLINT_UPDATE_GOLDEN=1 pytest tests/render` and review the diff.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest.importorskip("diagrams", reason="the `render` extra (diagrams) is not installed")

from linter.findings import Finding  # noqa: E402
from linter.loading import load_blueprint  # noqa: E402
from linter.render.builder import build_dot  # noqa: E402
from linter.render.highlight import Highlights  # noqa: E402
from linter.render.icons import icon_root  # noqa: E402
from linter.render.layout import build_scene  # noqa: E402
from linter.rules import builtin_rules  # noqa: E402

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
RED, ORANGE = "#D62728", "#E67E00"


def load(name: str):
    return load_blueprint(str(FIXTURES / f"{name}.yaml"), builtin_rules())


def finding(rule: str, severity: str, kind: str, element: str) -> Finding:
    return Finding(rule, rule.lower(), severity, "message", "bp.yaml", 1, 1, "bp", element, kind)


# Fixed findings rather than a lint run, so that rule changes elsewhere do not move the golden files.
HIGHLIGHTED = [
    finding("SPOF001", "error", "component", "db"),
    finding("AZ001", "error", "component", "tools"),
    finding("NET003", "error", "peering", "shop<->shared"),
    finding("LP004", "warning", "flow", "web->queue"),
    finding("NETX01", "warning", "network", "shared"),
    finding("AZX01", "error", "az", "us-east-1b"),
    finding("LP002", "warning", "role", "web-role"),
    finding("INF001", "info", "component", "alb"),
]


def dot_for(name: str, findings=(), enabled: bool = True) -> str:
    return build_dot(build_scene(load(name)), Highlights(findings, enabled=enabled))


@pytest.mark.parametrize("name, findings", [("web_shop", []), ("plumbing", []), ("highlighted", HIGHLIGHTED)])
def test_golden_dot(name, findings):
    text = dot_for(name, findings)
    golden = GOLDEN / f"{name}.dot"
    if os.environ.get("ARCHLINT_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text)
    assert text == golden.read_text(), f"DOT for {name} changed; regenerate with ARCHLINT_UPDATE_GOLDEN=1 if intended"


def test_same_blueprint_same_dot():
    assert dot_for("plumbing") == dot_for("plumbing")


def test_no_file_system_paths_in_dot():
    text = dot_for("web_shop")
    assert icon_root() not in text
    assert 'image="resources/aws/network/elb-application-load-balancer.png"' in text


# -- structure -----------------------------------------------------------------------
def cluster_parents(text: str) -> dict[str, str]:
    """Cluster name -> enclosing cluster name ("" at the top), from the DOT text."""
    parents, stack = {}, [""]
    for line in text.splitlines():
        opened = re.match(r'\s*subgraph "?([^"{]+?)"? \{', line)
        if opened:
            parents[opened.group(1)] = stack[-1]
            stack.append(opened.group(1))
        elif line.strip() == "}" and len(stack) > 1:
            stack.pop()
    return parents


def node_cluster(text: str, node: str) -> str:
    """The innermost cluster a node is declared in."""
    stack = [""]
    for line in text.splitlines():
        opened = re.match(r'\s*subgraph "?([^"{]+?)"? \{', line)
        if opened:
            stack.append(opened.group(1))
        elif line.strip() == "}" and len(stack) > 1:
            stack.pop()
        elif re.match(rf'\s*"?{re.escape(node)}"? \[', line):
            return stack[-1]
    raise AssertionError(f"node {node} not in the DOT text")


def test_clusters_nest_region_vpc_az_subnet():
    parents = cluster_parents(dot_for("web_shop"))
    assert parents["cluster_cloud"] == ""
    assert parents["cluster_region/us-east-1"] == "cluster_cloud"
    assert parents["cluster_vpc/shop"] == "cluster_region/us-east-1"
    assert parents["cluster_az/shop/us-east-1a"] == "cluster_vpc/shop"
    assert parents["cluster_subnet/public-a"] == "cluster_az/shop/us-east-1a"
    assert parents["cluster_subnet/data-b"] == "cluster_az/shop/us-east-1b"


def test_scopes_place_components():
    text = dot_for("web_shop")
    assert node_cluster(text, "c/users") == ""  # external: outside the cloud
    assert node_cluster(text, "c/dns") == "cluster_cloud"  # global: outside every region
    assert node_cluster(text, "c/trail") == "cluster_region/us-east-1"  # regional: outside the VPC
    assert node_cluster(text, "c/alb/public-a") == "cluster_subnet/public-a"


def test_multi_az_components_drawn_in_each_az():
    text = dot_for("web_shop")
    assert node_cluster(text, "c/web/app-a") == "cluster_subnet/app-a"
    assert node_cluster(text, "c/web/app-b") == "cluster_subnet/app-b"
    assert re.search(r'"c/db/data-a" \[label=<[^>]*<BR/><FONT[^>]*>primary<', text)
    assert re.search(r'"c/db/data-b" \[label=<[^>]*<BR/><FONT[^>]*>standby<', text)
    assert '"c/db/data-a" -> "c/db/data-b"' in text  # the standby link


def test_instances_spread_over_azs_and_zonal_without_subnets():
    text = dot_for("plumbing")
    assert node_cluster(text, "c/batch/eu-west-1a") == "cluster_az/eu-west-1/eu-west-1a"
    assert "×2 of 3" in text and "×1 of 3" in text


def edge(text: str, tail: str, head: str) -> str:
    """The attribute list of the first edge tail -> head."""
    found = re.search(rf'"{re.escape(tail)}" -> "{re.escape(head)}" \[(.*)\]', text)
    assert found, f"no edge {tail} -> {head}"
    return found.group(1)


def test_edges_carry_port_protocol_label_and_async_is_dashed():
    assert 'label="5432/postgres"' in edge(dot_for("web_shop"), "c/web/app-a", "c/db/data-a")
    plumbing = dot_for("plumbing")
    assert 'label="443/https\\norders \\"v2\\""' in edge(plumbing, "c/partner", "c/api")
    assert "style=dashed" in edge(plumbing, "c/api", "c/worker/spoke-a")
    assert "style" not in edge(plumbing, "c/partner", "c/api")
    assert 'label="5432,6000-6010/tcp"' in edge(plumbing, "c/batch/eu-west-1a", "c/store/spoke-a")


def test_peering_and_transit_gateway_drawn_between_vpcs():
    text = dot_for("plumbing")
    assert 'lhead="cluster_vpc/hub"' in edge(text, "peering/hub/spoke", "empty/subnet/hub-a")
    # west peers with a gateway of a later region, so it sits right of its VPCs: attachments end in their last AZ
    assert 'lhead="cluster_vpc/spoke"' in edge(text, "tgw/west", "c/store/spoke-b")
    assert 'label="TGW peering"' in edge(text, "tgw/west", "tgw/central")
    assert '"empty/subnet/hub-a" [label="(no components)"' in text  # an empty VPC still shows, with its subnet


def test_replica_and_dlq_links():
    text = dot_for("plumbing")
    assert "label=replica" in edge(text, "c/store/spoke-a", "c/copy/far-a")
    assert "label=DLQ" in edge(text, "c/worker/spoke-a", "c/dead")


def test_labels_cannot_inject_dot_or_html():
    assert "label=<Partner &lt;b&gt;API&lt;/b&gt;<BR/>&#92;N>" in dot_for("plumbing")


# -- highlight ------------------------------------------------------------------------
def node_line(text: str, node: str) -> str:
    return next(line for line in text.splitlines() if re.match(rf'\s*"{re.escape(node)}" \[', line))


def test_error_component_is_boxed_red_with_rule_ids():
    line = node_line(dot_for("highlighted", HIGHLIGHTED), "c/db/data-a")
    assert f'color="{RED}"' in line and "shape=box" in line and "penwidth=3" in line and "filled" in line
    assert "SPOF001" in line


def test_warning_flow_is_orange_with_rule_id():
    text = dot_for("highlighted", HIGHLIGHTED)
    attrs = edge(text, "c/web/app-a", "c/queue")
    assert f'color="{ORANGE}"' in attrs and 'label="aws-api\\nLP004"' in attrs and "penwidth=3" in attrs


def test_clusters_and_unplaced_findings():
    text = dot_for("highlighted", HIGHLIGHTED)
    assert re.search(rf'label="VPC shared · 10.0.0.0/20  ▲ NETX01"[^]]*pencolor="{ORANGE}"', text)
    assert re.search(rf'label="Availability Zone us-east-1b  ▲ AZX01"[^]]*pencolor="{RED}"', text)
    legend = node_line(text, "archlint/legend")
    assert "LP002" in legend and "role web-role" in legend and "error finding: 4" in legend
    assert "INF001" not in text  # info findings are not highlighted


def test_no_highlight_draws_no_colours():
    text = dot_for("highlighted", HIGHLIGHTED, enabled=False)
    assert RED not in text and ORANGE not in text and "SPOF001" not in text


def test_large_blueprint_is_drawn_tighter_and_caps_the_size(tmp_path):
    lines = ["blueprint: big", "regions:", "  us-east-1: {azs: [us-east-1a]}", "components:"]
    lines += [f"  fn{i}: {{type: aws.lambda}}" for i in range(160)]
    lines += ["flows:"] + [f"  - fn{i} -> fn{i + 1}" for i in range(159)]
    (tmp_path / "big.yaml").write_text("\n".join(lines) + "\n")
    text = build_dot(build_scene(load_blueprint(str(tmp_path / "big.yaml"), builtin_rules())), Highlights())
    assert "nodesep=0.35" in text and 'size="62.5,62.5"' in text and "xlabel=" not in text
    assert "nodesep=0.5" in dot_for("web_shop") and "xlabel=" not in dot_for("web_shop")
