"""Resilience figures shared by the AZ002/DR001/DR002/AV001 rules and `archlint report`.

One implementation, cached per `Context`: the availability figure of every
component, the estimated availability of the design, the achievable RPO of
every store, and the AZ-outage simulation.
"""
from __future__ import annotations

import functools
import heapq
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import cast

from ..catalog import PER_AZ_TYPES
from ..dominance import nearest_common_dominator
from ..graph import Context, is_admin_path, is_replication
from ..model import Component, Flow
from .availability import costliest, solve_serving

RPO_TYPES = frozenset({"aws.rds", "aws.aurora", "aws.dynamodb", "aws.s3", "aws.efs", "aws.documentdb",
                       "aws.opensearch", "aws.redshift", "aws.kinesis", "aws.msk"})
SNAPSHOT_SECONDS = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400}
REPLICA_SECONDS = 1
S3_REPLICATION_SECONDS = 15 * 60
PITR_SECONDS = 5 * 60
COSTLIEST_EXACT = 25


@dataclass(frozen=True)
class Rpo:
    component: str
    failure: str  # "az" or "region"
    mechanism: str
    seconds: int | None  # None: unbounded, data is lost


@dataclass(frozen=True)
class AzOutage:
    az: str
    fails: list[str]
    cut_off: list[str]


@dataclass(frozen=True)
class RegionOutage:
    region: str
    fails: list[str]
    # (surviving component, lost component it depends on), cut off or still calling in
    cut_off: list[tuple[str, str]]
    calls_in: list[tuple[str, str]]


@dataclass(frozen=True)
class Estimate:
    percent: float | None  # None when there is no target to serve
    targets: list[str]
    costliest: list[tuple[str, float]]
    unreachable: list[str]  # targets that no entry point reaches, even with everything up
    error: float = 0.0  # percentage points either way; 0 when exact

    @property
    def method(self) -> str:
        """How the figure was computed, for people reading a report."""
        if self.percent is None or self.error == 0.0:
            return "exact"
        return f"bounded: the true figure is within ±{self.error:.2g} percentage points"

    @property
    def highest_possible(self) -> float | None:
        """The highest availability the design may have: the estimate plus its error."""
        return None if self.percent is None else self.percent + self.error


def component_availability(component: Component) -> float:
    """The figure used by the estimate, as a probability."""
    sla = component.get("sla")
    if sla is None:
        info = component.info
        if component.scope == "external":
            sla = 100.0
        elif component.type == "aws.dynamodb" and component.get("global_table_regions"):
            sla = 99.999
        elif info.sla_multi is not None and _spread_over_azs(component):
            sla = info.sla_multi
        else:
            sla = info.sla_single
    return float(sla) / 100.0


def _spread_over_azs(component: Component) -> bool:
    if component.type == "aws.sagemaker_endpoint":  # regional, but spread when count >= 2
        return component.effective_count >= 2
    return component.multi_az


def resilience(ctx: Context) -> Resilience:
    """The blueprint's resilience analysis, computed once for every rule and report that asks."""
    return ctx.shared(Resilience)


class Resilience:
    """The resilience analysis of one blueprint (computed lazily, once)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.blueprint = ctx.blueprint

    # -- availability -----------------------------------------------------
    @functools.cached_property
    def target_groups(self) -> list[list[str]]:
        """Each target with its replicas as alternatives."""
        components = self.ctx.components
        critical = sorted(cid for cid, c in components.items() if c.get("critical") is True)
        targets = critical or sorted(cid for cid in self.ctx.serving_reachable
                                     if components[cid].stateful and not components[cid].replica_of)
        return [[target, *sorted(self.ctx.replicas.get(target, []))] for target in targets]

    @functools.cached_property
    def estimate(self) -> Estimate:
        groups = self.target_groups
        if not groups:
            return Estimate(None, [], [], [])
        graph, entries = self.ctx.serving_graph, self.ctx.entry_points
        reached = self.ctx.serving_reachable
        unreachable = [group[0] for group in groups if not reached.intersection(group)]
        if unreachable:  # nothing to apportion: no failure is to blame
            return Estimate(0.0, [g[0] for g in groups], [], unreachable)
        figures: dict[Hashable, float] = {cid: component_availability(c) for cid, c in self.ctx.components.items()}
        solution = solve_serving(graph, figures, entries, groups)
        probability = solution.probability
        return Estimate(probability * 100.0, [g[0] for g in groups], self.costliest(figures, probability), [],
                        error=solution.error * 100.0)

    def costliest(self, figures: Mapping[Hashable, float], probability: float, top: int = 5) -> list[tuple[str, float]]:
        """The components whose failures cost the most availability.

        Exact (one re-solve per component) when at most COSTLIEST_EXACT
        components are uncertain; beyond that, thousands of re-solves would
        dominate a lint run, so the first-order estimate is used instead.
        """
        uncertain = [cid for cid in self.ctx.serving_reachable if figures[cid] < 1.0]
        if len(uncertain) <= COSTLIEST_EXACT:
            # The serving graph's nodes are component ids.
            return cast(list[tuple[str, float]],
                        costliest(self.ctx.serving_graph, figures, self.ctx.entry_points, self.target_groups, top=top))
        return self.first_order_costliest(figures, 1.0 - probability, top)

    def first_order_costliest(self, figures: Mapping[Hashable, float], unavailability: float, top: int) -> list[tuple[str, float]]:
        """Share of each component that alone cuts off some target group: (1 - a) / U.

        A component cuts off a group when it dominates every member (or is the
        group's only member); to first order the unavailability is the sum of
        these single-failure terms, and parallel parts add only second-order terms.
        """
        if unavailability <= 0.0:
            return []
        single_points: set[str] = set()
        idom = self.ctx.immediate_dominator
        for group in self.target_groups:
            point = self.nearest_single_point(group)
            # The dominators of a single point are single points too: stop where the chain is known.
            while point is not None and point not in single_points:
                single_points.add(point)
                point = idom.get(point)
        shares = [(cid, min(1.0, (1.0 - figures[cid]) / unavailability)) for cid in single_points if figures[cid] < 1.0]
        return heapq.nsmallest(top, shares, key=lambda item: (-round(item[1], 9), item[0]))  # the first `top` of the sorted shares

    def nearest_single_point(self, group: list[str]) -> str | None:
        """The component nearest the group that alone cuts off all of it: its only member,
        or the members' nearest common dominator (None when there is none)."""
        if any(member not in self.ctx.serving_reachable for member in group):
            return None
        return nearest_common_dominator(group, self.ctx.immediate_dominator)

    # -- RPO --------------------------------------------------------------
    @functools.cached_property
    def failure(self) -> str:
        """The largest failure the design claims to survive."""
        return "region" if len(self.blueprint.regions) > 1 else "az"

    @functools.cached_property
    def rpo(self) -> list[Rpo]:
        return [self.store_rpo(c) for cid, c in sorted(self.ctx.components.items())
                if c.type in RPO_TYPES and not c.replica_of]

    def store_rpo(self, store: Component) -> Rpo:
        options = [(mechanism, seconds) for mechanism, seconds in self.mechanisms(store) if seconds is not None]
        if not options:
            return Rpo(store.id, self.failure, "none", None)
        mechanism, seconds = min(options, key=lambda option: option[1])
        return Rpo(store.id, self.failure, mechanism, seconds)

    def mechanisms(self, store: Component) -> list[tuple[str, int | None]]:
        """(mechanism, achievable seconds) for every protection the store has."""
        region_failure = self.failure == "region"
        found: list[tuple[str, int | None]] = []
        if not region_failure:
            if store.scope == "regional":
                found.append(("regional service", 0))
            if store.type == "aws.aurora":
                found.append(("aurora storage over AZs", 0))
            if store.get("multi_az") is True:
                found.append(("multi-AZ standby", 0))
        replica_seconds = S3_REPLICATION_SECONDS if store.type == "aws.s3" else REPLICA_SECONDS
        for replica in sorted(self.ctx.replicas.get(store.id, [])):
            if self.ctx.components[replica].region != store.region:
                found.append((f"replica {replica}", replica_seconds))
        other_regions = [r for r in store.get("global_table_regions") or [] if r != store.region]
        if store.type == "aws.dynamodb" and other_regions:
            found.append((f"global table ({', '.join(other_regions)})", REPLICA_SECONDS))
        backup = store.get("backup") or {}
        if backup.get("pitr") is True and not region_failure:
            found.append(("point-in-time recovery", PITR_SECONDS))
        snapshots = backup.get("snapshots")
        if snapshots and (not region_failure or backup.get("cross_region") is True):
            found.append((f"{snapshots} snapshots" + (" copied cross-region" if region_failure else ""), SNAPSHOT_SECONDS[snapshots]))
        return found

    # -- AZ outage --------------------------------------------------------
    @functools.cached_property
    def az_outages(self) -> list[AzOutage]:
        zonal = [c for c in self.ctx.components.values() if c.scope == "zonal"]
        used = sorted({az for c in zonal for az in c.azs})
        outages = []
        for az in used:
            fails = frozenset(c.id for c in zonal if fails_with_az(c, az))
            outages.append(AzOutage(az, sorted(fails), self.cut_off_by(fails)))
        return outages

    def cut_off_by(self, fails: frozenset[str]) -> list[str]:
        """Surviving components the entry points reach along serving flows before, not after.

        Only components downstream of a failed one can be cut off (a path to
        any other avoids the failures), so the search after the failure starts
        where the part still reached flows into them: an outage costs the
        size of what it could cut off, not of the whole design.
        """
        ctx = self.ctx
        reached, serving = ctx.serving_reachable, ctx.serving_graph
        downstream = ctx.reachable_from(fails, graph=serving)
        entries = set(ctx.entry_points)
        at_risk = [cid for cid in downstream if cid in reached and cid not in fails]
        still_fed = [cid for cid in at_risk if cid in entries
                     or any(before in reached and before not in downstream for before in serving.pred[cid])]
        after = ctx.reachable_from(still_fed, removed=fails, graph=serving)
        return sorted(cid for cid in at_risk if cid not in after)

    # -- region outage ----------------------------------------------------
    @functools.cached_property
    def regions_used(self) -> list[str]:
        """Regions with at least one regional or zonal component."""
        return sorted({c.region for c in self.ctx.components.values() if c.region})

    @functools.cached_property
    def region_outages(self) -> list[RegionOutage]:
        """Each region's loss, when the design spans two or more (global and external stay)."""
        if len(self.regions_used) < 2:
            return []
        return [self.region_outage(region) for region in self.regions_used]

    def region_outage(self, region: str) -> RegionOutage:
        """What breaks in the other regions' stacks when `region` is lost.

        Only components placed in a surviving region count: a global front
        (Route 53, CloudFront, WAF) that routes to the lost region's entry is
        failover working, and external parties are not a stack.
        """
        ctx = self.ctx
        components = ctx.components
        fails = frozenset(cid for cid, c in components.items() if c.region == region)
        cut_off = [(cid, self.lost_dependency(cid, fails)) for cid in self.cut_off_by(fails) if components[cid].region]
        after = ctx.reachable_from(ctx.entry_points, removed=fails, graph=ctx.serving_graph)
        calls_in = sorted({(flow.source, flow.target) for flow, source, target in ctx.flow_ends()
                           if source.region and flow.source in after and flow.target in fails
                           and depends_synchronously(flow, source, target)})
        return RegionOutage(region, sorted(fails), cut_off, calls_in)

    def lost_dependency(self, cid: str, fails: frozenset[str]) -> str:
        """The nearest lost component upstream of `cid` on its serving paths."""
        predecessors = self.ctx.serving_graph.pred
        seen, queue = {cid}, [cid]
        for node in queue:  # breadth first: the queue grows while it is read
            for before in sorted(predecessors[node]):
                if before in fails:
                    return before
                if before not in seen:
                    seen.add(before)
                    queue.append(before)
        return sorted(fails)[0]


def depends_synchronously(flow: Flow, source: Component, target: Component) -> bool:
    """A call whose caller waits for the answer: not async, not admin, not managed replication."""
    return not flow.is_async and not is_admin_path(flow, source) and not is_replication(source, target)


def fails_with_az(component: Component, az: str) -> bool:
    """Survival rules of an AZ loss for a zonal component placed in `az`."""
    if az not in component.azs:
        return False
    if component.sharded:  # each memcached node holds its own keys: losing one loses them
        return True
    if component.info.managed_standby and component.get("multi_az") is True:
        return False
    if component.azs == {az}:
        return True
    # Per-AZ types run a node in each of their AZs; others need a second instance.
    return component.type not in PER_AZ_TYPES and component.effective_count < 2
