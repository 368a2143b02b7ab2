"""Mermaid output: every blueprint's flowchart parses with the real Mermaid parser
(npm `mermaid` under node, installed by `make test`), hostile text cannot break
it, and findings become classes on the elements they name."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path


from linter.loading import load_blueprint
from linter.engine import Engine, Options
from linter.render.highlight import Highlights
from linter.render.layout import build_scene
from linter.render.mermaid import label, mermaid_text
from linter.rules import builtin_rules

ROOT = Path(__file__).resolve().parents[2]
PARSER = ROOT / "tests" / "mermaid" / "parse.mjs"
HOSTILE = """\
blueprint: hostile
description: 'quotes " and ] and `ticks` # and {braces} | pipes <b>bold</b> \\\\ end'
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
networks:
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      a: {az: us-east-1a, cidr: 10.0.0.0/24}
      b: {az: us-east-1b, cidr: 10.0.1.0/24}
components:
  users: {type: external.users, label: 'end'}
  app: {type: aws.ecs, subnets: [a, b], count: 2, label: 'say "hi" --> [x] <script> & #35; %%'}
  db: {type: aws.rds, subnets: [a], label: "subgraph\\nend"}
flows:
  - {from: users, to: app, port: 443, label: 'a|b "c" -->'}
  - {from: app, to: db, port: 5432}
"""


def mermaid_of(path: Path, highlight: bool = True) -> str:
    blueprint = load_blueprint(str(path), builtin_rules())
    findings = Engine(Options()).findings_of(blueprint) if highlight else []
    return mermaid_text(build_scene(blueprint), Highlights(findings))


def parse_with_mermaid(files: list[Path]) -> dict[str, str]:
    done = subprocess.run(["node", str(PARSER), *map(str, files)], capture_output=True, text=True, timeout=300)
    results = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    assert len(results) == len(files), done.stderr
    return results


def test_every_example_and_a_hostile_blueprint_parse(tmp_path):
    sources = sorted((ROOT / "blueprints").glob("*.yaml"))
    (tmp_path / "hostile.yaml").write_text(HOSTILE)
    sources.append(tmp_path / "hostile.yaml")
    written = []
    for source in sources:
        target = tmp_path / f"{source.stem}.mmd"
        target.write_text(mermaid_of(source))
        written.append(target)
    results = parse_with_mermaid(written)
    assert all(result.startswith("OK flowchart") for result in results.values()), results


def test_a_broken_flowchart_is_refused_by_the_parser(tmp_path):
    broken = tmp_path / "broken.mmd"
    broken.write_text('flowchart TB\n    n0["a"] --> \n    subgraph\n')
    assert parse_with_mermaid([broken])[str(broken)].startswith("ERROR")


def test_labels_escape_what_mermaid_reads_as_syntax():
    text = label('a "b" [c] <d> #e |f| `g` \\h\nline\x1b[2J')
    assert text.startswith('"') and text.endswith('"') and '"' not in text[1:-1]
    assert not re.search(r"[\[\]<>|`\\\x1b]", text.replace("<br/>", ""))
    assert "<br/>" in text


def test_nesting_is_region_vpc_az_subnet():
    text = mermaid_of(ROOT / "blueprints" / "multi-tier-web-app.yaml", highlight=False)
    depth = {}
    for line in text.splitlines():
        match = re.match(r"( *)subgraph \w+\[\"(\w+)", line)
        if match:
            depth.setdefault(match.group(2), len(match.group(1)) // 4)
    assert depth["Region"] < depth["VPC"] < depth["Availability"] < min(depth.get("public", 99), depth.get("private", 99))


def test_findings_become_classes_on_their_elements(tmp_path):
    path = tmp_path / "spof.yaml"
    path.write_text(HOSTILE.replace('label: "subgraph\\nend"', "label: DB1"))
    text = mermaid_of(path)
    node = re.search(r"(n\d+)\[\"DB1[^\]]*SPOF001", text)
    assert node, text
    classes = re.search(r"class ([\w,]+) error", text)
    assert classes and node.group(1) in classes.group(1).split(",")
    assert "class " not in mermaid_of(path, highlight=False)


def test_same_blueprint_same_text():
    path = ROOT / "blueprints" / "core-banking-ha.yaml"
    assert mermaid_of(path) == mermaid_of(path)
