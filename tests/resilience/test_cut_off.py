"""Components cut off by failures: the downstream search against a search of the whole design."""
from __future__ import annotations

import random

import pytest

from linter.analysis.resilience import resilience
from linter.graph import Context
from linter.loading import load_blueprint
from linter.rules import builtin_rules


def random_design(seed: int) -> str:
    rng = random.Random(seed)
    services = [f"s{i}" for i in range(rng.randint(2, 25))]
    nodes = ["u0", "u1", *services]
    # u1 is also called back (a partner's webhook): an entry point can be downstream of a failure.
    flows = sorted({f"{a} -> {b}" for a in nodes for b in ["u1", *services] if a != b and rng.random() < 0.12})
    lines = ["blueprint: random", "components:", "  u0: {type: external.users}", "  u1: {type: external.users}"]
    lines += [f"  {service}: {{type: aws.lambda}}" for service in services]
    lines += ["flows:", *(f"  - {flow}" for flow in flows)]
    return "\n".join(lines) + "\n"


def cut_off_by_whole_search(ctx: Context, fails: frozenset[str]) -> list[str]:
    after = ctx.reachable_from(ctx.entry_points, removed=fails, graph=ctx.serving_graph)
    return sorted(cid for cid in ctx.serving_reachable if cid not in fails and cid not in after)


@pytest.mark.parametrize("seed", range(120))
def test_downstream_search_finds_what_a_whole_search_finds(tmp_path, seed: int) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(random_design(seed))
    ctx = Context(load_blueprint(str(path), builtin_rules()))
    rng = random.Random(seed)
    for _ in range(5):
        fails = frozenset(rng.sample(sorted(ctx.components), rng.randint(1, 4)))
        assert resilience(ctx).cut_off_by(fails) == cut_off_by_whole_search(ctx, fails)
