"""Free text from a blueprint (AZ names, labels, descriptions) never breaks a DOT file.

Checked by Graphviz itself: the DOT must parse, and every text must read back
unchanged once DOT's escapes (`\\\\`, `\\"`, `\\n`) are undone.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.cli import main
from linter.dotescape import dot_escape, dot_id_part, printable
from linter.render.layout import wrap

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")

NASTY = ['a\\', 'q"uote', '<b>&{x}|</b>', 'two\nlines', 'tab\there', '\\N \\G \\"', 'x:y', 'ctl\x00\x01\x1b\x7f\x85']
AZS = NASTY[:5] + ["x:y", "per%cent"]


def hostile_blueprint(folder: Path) -> Path:
    """Every free-text field filled with characters DOT, HTML labels or C strings care about."""
    quoted = json.dumps  # a JSON string is a YAML double-quoted scalar: control characters included
    subnets = "\n".join(f"      s{i}: {{az: {quoted(az)}, cidr: 10.0.{i}.0/24}}" for i, az in enumerate(AZS))
    components = "\n".join(f"  c{i}: {{type: aws.sqs, label: {quoted(text)}}}" for i, text in enumerate(NASTY))
    flows = "\n".join(f"  - {{from: web, to: c{i}, protocol: https, label: {quoted(text)}}}" for i, text in enumerate(NASTY))
    path = folder / "hostile.yaml"
    path.write_text(f"""blueprint: hostile
description: {quoted(" ".join(NASTY))}
regions:
  us-east-1:
    azs: {quoted(AZS)}
networks:
  net:
    cidr: 10.0.0.0/16
    subnets:
{subnets}
components:
  web: {{type: aws.ec2, subnets: [{", ".join(f"s{i}" for i in range(len(AZS)))}], count: {len(AZS)}, label: {quoted(NASTY[1])}}}
{components}
flows:
{flows}
""", encoding="utf-8")
    return path


def unescape(text: str) -> str:
    """What a DOT escString means: `\\n` a newline, any other `\\c` the character c."""
    return re.sub(r"\\(.)", lambda match: "\n" if match.group(1) == "n" else match.group(1), text, flags=re.DOTALL)


def graphviz_objects(dot_file: Path) -> tuple[list[dict], list[dict]]:
    """(nodes and clusters, edges) as Graphviz parsed them; fails the test if it cannot parse the file."""
    done = subprocess.run(["dot", "-Tjson", str(dot_file)], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    parsed = json.loads(done.stdout)
    return parsed.get("objects", []), parsed.get("edges", [])


def test_escaped_text_reads_back_unchanged():
    for text in NASTY:
        escaped = dot_escape(text)
        assert "\n" not in escaped and re.search(r'(?<!\\)(\\\\)*"', escaped) is None
        assert unescape(escaped) == printable(text)


def test_control_characters_become_visible_stand_ins():
    assert printable("a\x00b\x1b\x7f\x85\tc\nd") == "a\u2400b\u241b\u2421\ufffd\tc\nd"


def test_id_parts_are_distinct_and_free_of_dot_syntax():
    parts = [dot_id_part(text) for text in AZS + NASTY]
    assert len(set(parts)) == len(set(AZS + NASTY))
    assert all(re.fullmatch(r"[A-Za-z0-9_./%-]+", part) for part in parts)


@needs_dot
def test_graph_dot_export_parses_and_keeps_the_text(tmp_path, capsys):
    blueprint = hostile_blueprint(tmp_path)
    assert main(["graph", "--no-config", str(blueprint), "--format", "dot"]) == 0
    dot_file = tmp_path / "graph.dot"
    dot_file.write_text(capsys.readouterr().out, encoding="utf-8")
    nodes, edges = graphviz_objects(dot_file)
    labels = {node["name"]: unescape(node["label"]) for node in nodes}
    assert all(labels[f"c{i}"] == printable(text) for i, text in enumerate(NASTY))
    assert {unescape(edge["label"]) for edge in edges} == {printable(text) for text in NASTY}
    assert printable(AZS[0]) in unescape(nodes[[n["name"] for n in nodes].index("web")]["azs"])


@needs_dot
def test_rendered_dot_parses_and_keeps_the_text(tmp_path):
    blueprint = hostile_blueprint(tmp_path)
    out = tmp_path / "out"
    assert main(["render", "--no-config", str(blueprint), "-o", str(out), "--format", "dot"]) == 0
    nodes, edges = graphviz_objects(out / "hostile.dot")
    names = {node["name"] for node in nodes}
    # an AZ called `x:y` is not read as node `c/web/s5` port `y`: no stray node appears
    assert all(name.startswith(("c/", "cluster_", "empty/", "archlint/", "gate/")) for name in names)
    cluster_labels = {unescape(node.get("label", "")) for node in nodes if node["name"].startswith("cluster_")}
    assert {f"Availability Zone {printable(az)}" for az in AZS} <= cluster_labels
    edge_labels = "\n".join(unescape(edge.get("xlabel", edge.get("label", ""))) for edge in edges)
    assert all(printable(wrap(text, 28)) in edge_labels for text in NASTY)  # flow labels are wrapped, as drawn
    node_labels = html.unescape(" ".join(node.get("label", "") for node in nodes))
    assert 'q"uote' in node_labels and "&#92;" not in node_labels


@needs_dot
def test_hostile_blueprint_draws_png_and_svg(tmp_path):
    blueprint = hostile_blueprint(tmp_path)
    out = tmp_path / "out"
    assert main(["render", "--no-config", str(blueprint), "-o", str(out), "--format", "png,svg", "--engine", "dot"]) == 0
    assert (out / "hostile.png").stat().st_size > 0 and (out / "hostile.svg").stat().st_size > 0
