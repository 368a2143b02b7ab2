"""`archlint diff BASE_REF`: what a change does to each blueprint, drawn and summarised."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.ci.ci_fixtures import GOOD, cli, git, repo  # noqa: F401  (fixtures)

GREEN, RED, AMBER = "#1D8102", "#D13212", "#FF9900"
# The base version has a cache the change removes; the change adds a queue and a flow to it,
# and drops `web` to one instance (a single point of failure: a finding introduced).
BASE = GOOD.replace("  trail:   {type: aws.cloudtrail}\n",
                    "  trail:   {type: aws.cloudtrail}\n"
                    "  cache:\n    type: aws.elasticache\n    engine: redis\n    subnets: [data-a, data-b]\n"
                    "    multi_az: true\n    encrypted: true\n") + "  - {from: web, to: cache, port: 6379, protocol: redis}\n"
CHANGED = GOOD.replace("autoscaling: {min: 2, max: 10}", "autoscaling: {min: 1, max: 10}").replace(
    "  trail:   {type: aws.cloudtrail}\n", "  trail:   {type: aws.cloudtrail}\n  queue:   {type: aws.sqs, encrypted: true}\n"
) + "  - {from: web, to: queue, protocol: https, async: true}\n"


@pytest.fixture
def history(repo: Path, git) -> Path:  # noqa: F811
    (repo / "blueprints").mkdir()
    (repo / "blueprints" / "shop.yaml").write_text(BASE)
    (repo / "blueprints" / "same.yaml").write_text(GOOD)
    git("commit-all", "base")
    (repo / "blueprints" / "shop.yaml").write_text(CHANGED)
    return repo


def _statements(dot: str, needle: str) -> list[str]:
    return [line for line in dot.splitlines() if needle in line]


def test_markdown_summary_lists_changes_findings_and_images(history, cli):  # noqa: F811
    code, out, err = cli("diff", "main", "blueprints", "--format", "dot,markdown", "-o", "out")
    assert code == 0, err
    assert "blueprints/shop.yaml" in out and "same.yaml" not in out  # unchanged blueprints are left out
    assert re.search(r"\*\*added\*\* component `queue`", out)
    assert re.search(r"\*\*removed\*\* component `cache`", out)
    assert re.search(r"\*\*added\*\* flow `web->queue", out) and re.search(r"\*\*removed\*\* flow `web->cache", out)
    assert re.search(r"\*\*changed\*\* component `web`: autoscaling", out)
    assert re.search(r"finding \*\*introduced\*\*: \w+ \(\w+\) component `web`", out)
    assert "out/shop.dot" in out


def test_added_is_green_removed_red_and_dashed_changed_amber(history, cli):  # noqa: F811
    code, _, err = cli("diff", "main", "--format", "dot", "-o", "out")
    assert code == 0, err
    dot = (history / "out" / "shop.dot").read_text()
    queue = _statements(dot, '"c/queue" [')
    assert queue and f'color="{GREEN}"' in queue[0]
    cache = _statements(dot, '"c/cache/data-a" [')  # drawn where the old version placed it
    assert cache and f'color="{RED}"' in cache[0] and "dashed" in cache[0]
    assert all(f'color="{GREEN}"' in edge for edge in _statements(dot, '-> "c/queue"'))
    removed_edges = _statements(dot, '-> "c/cache/data-a"')
    assert removed_edges and all(f'color="{RED}"' in e and 'style=dashed' in e for e in removed_edges)
    web = _statements(dot, '"c/web/app-a" [')
    assert web and f'color="{AMBER}"' in web[0] and "changed: autoscaling" in web[0]
    unchanged = _statements(dot, '"c/db/data-a" [')
    assert unchanged and not any(color in unchanged[0] for color in (GREEN, RED, AMBER))


def test_new_and_deleted_blueprints_are_all_added_or_all_removed(history, git, cli):  # noqa: F811
    (history / "blueprints" / "same.yaml").unlink()
    (history / "blueprints" / "fresh.yaml").write_text(GOOD)  # untracked
    code, out, err = cli("diff", "main", "--format", "markdown,dot", "-o", "out")
    assert code == 0, err
    fresh, same = (history / "out" / "fresh.dot").read_text(), (history / "out" / "same.dot").read_text()
    assert f'color="{GREEN}"' in _statements(fresh, '"c/cdn" [')[0]
    assert f'color="{RED}"' in _statements(same, '"c/cdn" [')[0]
    assert "**removed** component `cdn`" in out and "**added** component `cdn`" in out


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")
def test_png_is_drawn_into_the_default_folder(history, cli):  # noqa: F811
    code, out, _ = cli("diff", "main")
    assert code == 0
    assert (history / "diagrams_out" / "diff" / "shop.png").read_bytes().startswith(b"\x89PNG")
    assert "diagrams_out/diff/shop.png" in out


@pytest.mark.parametrize("ref", ["no-such-branch", "main~5", ""])
def test_bad_ref_is_a_usage_error(history, cli, ref):  # noqa: F811
    code, out, err = cli("diff", ref, "--format", "dot", "-o", "out")
    assert code == 2 and out == "" and "Traceback" not in err and "revision" in err
    assert not (history / "out").exists()


def test_outside_a_repository_is_a_usage_error(tmp_path, monkeypatch, cli):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shop.yaml").write_text(GOOD)
    code, _, err = cli("diff", "main", "shop.yaml", "--format", "dot")
    assert code == 2 and "git repository" in err


def test_unknown_format_is_a_usage_error(history, cli):  # noqa: F811
    code, _, err = cli("diff", "main", "--format", "gif")
    assert code == 2 and "--format" in err


def test_a_changed_base_is_followed_to_the_overlays_built_on_it(repo, git, cli):  # noqa: F811
    (repo / "blueprints").mkdir()
    (repo / "blueprints" / "base.yaml").write_text(BASE)
    (repo / "blueprints" / "prod.yaml").write_text("extends: base.yaml\nblueprint: prod\n")
    (repo / "blueprints" / "alone.yaml").write_text(GOOD)
    git("commit-all", "base")
    (repo / "blueprints" / "base.yaml").write_text(CHANGED)  # the overlay's own text is unchanged
    code, out, err = cli("diff", "main", "blueprints", "--format", "dot,markdown", "-o", "out")
    assert code == 0, err
    assert "blueprints/prod.yaml" in out and "alone.yaml" not in out
    assert re.search(r"\*\*added\*\* component `queue`", out.split("blueprints/prod.yaml", 1)[1])
    assert (repo / "out" / "prod.dot").is_file()
