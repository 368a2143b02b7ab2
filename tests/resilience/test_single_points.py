"""First-order shares: the single points found by walking up the dominator tree, against a
component-by-component intersection of dominator chains."""
from __future__ import annotations

import random

import pytest

from linter.analysis.resilience import component_availability, resilience
from linter.graph import Context
from linter.loading import load_blueprint
from linter.rules import builtin_rules


def random_design(seed: int) -> str:
    """Functions in front of DynamoDB tables, some with a replica (a second table of the pair)."""
    rng = random.Random(seed)
    functions = [f"f{i}" for i in range(rng.randint(2, 30))]
    tables = [f"t{i}" for i in range(rng.randint(1, 8))]
    replicas = [f"{table}r" for table in tables if rng.random() < 0.5]
    lines = ["blueprint: random", "components:", "  users: {type: external.users}"]
    lines += [f"  {name}: {{type: aws.lambda}}" for name in functions]
    lines += [f"  {name}: {{type: aws.dynamodb}}" for name in tables]
    lines += [f"  {name}: {{type: aws.dynamodb, replica_of: {name[:-1]}}}" for name in replicas]
    flows = [f"users -> {name}" for name in functions if rng.random() < 0.2] or [f"users -> {functions[0]}"]
    flows += [f"{a} -> {b}" for a in functions for b in [*functions, *tables, *replicas] if a != b and rng.random() < 0.1]
    lines += ["flows:", *(f"  - {flow}" for flow in sorted(set(flows)))]
    return "\n".join(lines) + "\n"


def single_points_by_intersection(ctx: Context, groups: list[list[str]]) -> set[str]:
    found: set[str] = set()
    for group in groups:
        common: set[str] | None = None
        for member in group:
            chain = {member, *ctx.dominators(member)} if member in ctx.serving_reachable else set()
            common = chain if common is None else common & chain
        found |= common or set()
    return found


@pytest.mark.parametrize("seed", range(150))
def test_same_shares_as_intersecting_every_chain(tmp_path, seed: int) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(random_design(seed))
    ctx = Context(load_blueprint(str(path), builtin_rules()))
    analysis = resilience(ctx)
    figures = {cid: component_availability(component) for cid, component in ctx.components.items()}
    expected = single_points_by_intersection(ctx, analysis.target_groups)
    shares = analysis.first_order_costliest(figures, 0.5, top=len(figures))
    assert {cid for cid, _ in shares} == {cid for cid in expected if figures[cid] < 1.0}
