"""AV rules: the estimated availability meets the target.

The estimate comes from `linter.analysis.resilience` (shared with `archlint report`)."""
from __future__ import annotations

from typing import Iterator

from ..analysis.resilience import resilience
from ..graph import Context
from ..wording import name_list
from . import Violation, rule


@rule("AV001", "availability-below-target", "error")
def availability_below_target(ctx: Context) -> Iterator[Violation]:
    """The design's estimated availability is below its target.

    ## What it does
    When `targets.availability` is set, estimates the probability that every
    target is served: components fail independently with their SLA figure
    (`sla:` override, else the catalog's — the multi-AZ figure for multi-AZ
    zonal components); the targets are the `critical: true` components, else
    every reachable stateful component that is not a replica; a target is
    served when it or one of its replicas is up and reachable from an entry
    point through components that are up. Admin paths (SSH/RDP, flows from a
    bastion) are not serving paths and are left out. The computation is exact
    for up to 25 uncertain components on the serving paths; beyond, within
    1e-6 percentage points, or, for a design so large and entangled that this
    would take long, within a wider bound that `archlint report` states (the
    rule then fires only when even the upper end of the bound misses the
    target). Large meshes are bounded target by target, in linear time (see
    `linter/analysis/availability.py`).
    A target that no entry point reaches even with every component up is
    reported as such: no redundancy can fix a missing path.

    ## Why it matters
    Availability multiplies along a path: three 99.9 % services in series give
    99.7 %. A target that the drawing cannot reach is a promise nobody can keep.

    ## Example that fails
    ```yaml
    blueprint: catalog
    targets: {availability: 99.99}
    components:
      users: {type: external.users}
      cdn:   {type: aws.cloudfront}           # 99.9
      api:   {type: aws.api_gateway}          # 99.95
      table: {type: aws.dynamodb}             # 99.99
    flows: [users -> cdn, cdn -> api, api -> table]
    ```

    ## Example that passes
    ```yaml
    blueprint: catalog
    targets: {availability: 99.5}             # 99.9 × 99.95 × 99.99 ≈ 99.84
    components:
      users: {type: external.users}
      cdn:   {type: aws.cloudfront}
      api:   {type: aws.api_gateway}
      table: {type: aws.dynamodb}
    flows: [users -> cdn, cdn -> api, api -> table]
    ```

    ## How to fix
    Add redundancy where the message says the unavailability comes from
    (a second region behind Route 53, replicas), or lower the target.
    """
    target = ctx.blueprint.targets.get("availability")
    if target is None:
        return
    estimate = resilience(ctx).estimate
    if estimate.unreachable:
        yield Violation("blueprint", ctx.blueprint.name,
                        f"availability target {target:g} % cannot be met: no entry point reaches {name_list(estimate.unreachable)}; "
                        f"draw the flows that serve it (or drop `critical: true`)")
        return
    if estimate.percent is None or estimate.highest_possible >= target:  # a bounded figure must not cry wolf
        return
    costly = ", ".join(f"`{cid}` ({share:.0%})" for cid, share in estimate.costliest[:3])
    yield Violation("blueprint", ctx.blueprint.name,
                    f"estimated availability {estimate.percent:.4f} % is below the target {target:g} %; "
                    f"most unavailability comes from {costly or 'the entry points'}")
