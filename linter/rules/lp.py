"""Least-privilege rules: no wildcards, every grant used, every call granted."""
from __future__ import annotations

from typing import Iterator

from ..catalog import INTERNET_SOURCES
from ..graph import ADMIN_PROTOCOLS, Context, action_matches, admin_ports, is_admin_path
from ..model import Component, Flow
from . import Violation, rule


def roles_of(ctx: Context) -> dict[str, list[str]]:
    """Component id -> ids of the roles attached to it."""
    result: dict[str, list[str]] = {}
    for rid, role in ctx.blueprint.roles.items():
        for cid in role.attached_to:
            result.setdefault(cid, []).append(rid)
    return result


def flows_from(ctx: Context) -> dict[str, list[Flow]]:
    """Component id -> the flows it starts."""
    result: dict[str, list[Flow]] = {}
    for flow in ctx.blueprint.flows:
        result.setdefault(flow.source, []).append(flow)
    return result


def is_wildcard_action(action: str) -> bool:
    """`*` or a whole-service wildcard such as `s3:*` (not `s3:Get*`)."""
    return action == "*" or action.endswith(":*")


@rule("LP001", "wildcard-action", "error")
def wildcard_action(ctx: Context) -> Iterator[Violation]:
    """A flow or an IAM role that uses `*` or a whole-service wildcard action.

    ## What it does
    Flags a flow whose `actions`, or a role whose granted actions, include
    `*` or `service:*` (such as `s3:*`). Partial patterns such as `s3:Get*`
    are allowed.

    ## Why it matters
    A wildcard grants every current and future action of the service —
    deleting buckets, changing policies — so one compromised function can do
    far more than its job.

    ## Example that fails
    ```yaml
    blueprint: docs
    components:
      app:  {type: aws.lambda}
      docs: {type: aws.s3}
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: ["s3:*"], resources: [docs]}]
    ```

    ## Example that passes
    ```yaml
    blueprint: docs
    components:
      app:  {type: aws.lambda}
      docs: {type: aws.s3}
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: ["s3:GetObject", "s3:PutObject"], resources: [docs]}]
    ```

    ## How to fix
    List the actions the flows really need.
    """
    for flow in ctx.blueprint.flows:
        wild = [a for a in flow.actions if is_wildcard_action(a)]
        if wild:
            yield Violation("flow", flow.id, f"flow {flow.id} lists wildcard action(s) {', '.join(wild)}; name the actions it needs", "actions")
    for rid, role in ctx.blueprint.roles.items():
        wild = sorted({a for grant in role.allow for a in grant.actions if is_wildcard_action(a)})
        if wild:
            yield Violation("role", rid, f"role {rid} grants wildcard action(s) {', '.join(wild)}; grant only the actions its flows use")


@rule("LP002", "wildcard-resource", "warning")
def wildcard_resource(ctx: Context) -> Iterator[Violation]:
    """An IAM role that grants actions on every resource (`*`).

    ## What it does
    Flags a role with a grant whose `resources` include `*`.

    ## Why it matters
    `Resource: *` lets the role act on every table, bucket or queue in the
    account, including those of other workloads.

    ## Example that fails
    ```yaml
    blueprint: payments
    components:
      app:    {type: aws.lambda}
      ledger: {type: aws.dynamodb}
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem], resources: ["*"]}]
    ```

    ## Example that passes
    ```yaml
    blueprint: payments
    components:
      app:    {type: aws.lambda}
      ledger: {type: aws.dynamodb}
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem], resources: [ledger]}]
    ```

    ## How to fix
    Name the components the role acts on.
    """
    for rid, role in ctx.blueprint.roles.items():
        actions = sorted({a for grant in role.allow if "*" in grant.resources for a in grant.actions})
        if actions:
            yield Violation("role", rid, f"role {rid} grants {', '.join(actions)} on resource `*`; name the resources it acts on")


def flow_uses(flow: Flow, pattern: str, resource: str) -> bool:
    return (resource == "*" or flow.target == resource) and any(action_matches(pattern, a) for a in flow.actions)


def resources_used_without_flows(ctx: Context, attached: list[str]) -> set[str]:
    """Components a role acts on without drawing a flow to them.

    The components it is attached to (a bucket's replication role reading the
    bucket), the queues and streams that flow into them (an event-source
    mapping polls with the consumer's role) and their DLQs (failed events are
    sent with the role).
    """
    used = set(attached)
    for cid in attached:
        used.update(ctx.graph.pred[cid])
        dlq = ctx.components[cid].get("dlq")
        if dlq:
            used.add(dlq)
    return used


@rule("LP003", "unused-grant", "warning")
def unused_grant(ctx: Context) -> Iterator[Violation]:
    """An IAM grant that no flow of the role's components uses.

    ## What it does
    Flags a role that grants an (action pattern, resource) pair that no flow
    from a component the role is attached to uses (no such flow to that
    resource — to any component for `*` — lists an action the pattern
    matches), and a role attached to no component and assumed by no AWS
    service. A grant on a component also counts as used when the role is
    attached to that component itself, when that component flows into one the
    role is attached to (a consumer polling a queue or stream), or when it is
    the `dlq` of one the role is attached to. A role with `assumed_by` is used
    by that AWS service, not by drawn flows, and is not checked. One finding
    per role.

    ## Why it matters
    Unused permissions are pure attack surface, and they hide which calls the
    design really makes.

    ## Example that fails
    ```yaml
    blueprint: payments
    components:
      app:    {type: aws.lambda}
      ledger: {type: aws.dynamodb}
    flows:
      - {from: app, to: ledger, actions: [dynamodb:GetItem]}
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem, dynamodb:DeleteItem], resources: [ledger]}]
    ```

    ## Example that passes
    ```yaml
    blueprint: payments
    components:
      app:    {type: aws.lambda}
      ledger: {type: aws.dynamodb}
    flows:
      - {from: app, to: ledger, actions: [dynamodb:GetItem]}
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem], resources: [ledger]}]
    ```

    ## How to fix
    Remove the unused grants (or add the flow that needs them).
    """
    for rid, role in ctx.blueprint.roles.items():
        if role.assumed_by:
            continue
        if not role.attached_to:
            yield Violation("role", rid, f"role {rid} is attached to no component; remove it, attach it, or set `assumed_by`")
            continue
        flows = [f for cid in role.attached_to for f in ctx.shared(flows_from).get(cid, [])]
        implicit = resources_used_without_flows(ctx, role.attached_to)
        unused = [f"{action} on {resource}" for grant in role.allow for resource in grant.resources for action in grant.actions
                  if resource not in implicit and not any(flow_uses(f, action, resource) for f in flows)]
        if unused:
            yield Violation("role", rid, f"role {rid} grants what no flow uses: {', '.join(unused)}; remove these grants")


@rule("LP004", "missing-grant", "warning")
def missing_grant(ctx: Context) -> Iterator[Violation]:
    """A flow whose IAM actions the source's roles do not grant.

    ## What it does
    Flags a flow that lists `actions` when its source has at least one role
    but some action is not granted by those roles on the flow's target (or on
    `*`). The message lists the missing actions.

    ## Why it matters
    The call will be denied at run time: the diagram promises a flow the
    permissions do not allow.

    ## Example that fails
    ```yaml
    blueprint: payments
    components:
      app:    {type: aws.lambda}
      ledger: {type: aws.dynamodb}
    flows:
      - {from: app, to: ledger, actions: [dynamodb:PutItem]}
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem], resources: [ledger]}]
    ```

    ## Example that passes
    ```yaml
    blueprint: payments
    components:
      app:    {type: aws.lambda}
      ledger: {type: aws.dynamodb}
    flows:
      - {from: app, to: ledger, actions: [dynamodb:PutItem]}
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem, dynamodb:PutItem], resources: [ledger]}]
    ```

    ## How to fix
    Grant exactly the missing actions on the target to one of the source's
    roles.
    """
    roles, roles_by_component = ctx.blueprint.roles, ctx.shared(roles_of)
    for flow in ctx.blueprint.flows:
        if not flow.actions:
            continue
        role_ids = roles_by_component.get(flow.source)
        if not role_ids:
            continue
        grants = [g for rid in role_ids for g in roles[rid].allow if flow.target in g.resources or "*" in g.resources]
        missing = [a for a in flow.actions if not any(action_matches(p, a) for g in grants for p in g.actions)]
        if missing:
            yield Violation("flow", flow.id,
                            f"flow {flow.id} calls {', '.join(missing)} but the roles of {flow.source} "
                            f"({', '.join(role_ids)}) do not grant it on {flow.target}", "actions")


BROAD_PORT_LIMIT = 100


@rule("LP005", "internet-exposed", "error")
def internet_exposed(ctx: Context) -> Iterator[Violation]:
    """A flow from the internet straight into a private, zonal component.

    ## What it does
    Flags a flow from `external.users`, `external.internet` or
    `external.partner` to a zonal component (an instance, container, database,
    VPC-attached Lambda…) that is not a public `aws.alb` or `aws.nlb`.

    ## Why it matters
    Instances and databases reachable from the internet are scanned and
    attacked within minutes; the guides put a public load balancer (behind a
    WAF) in front and keep everything else in private subnets.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      web:   {type: aws.ec2, azs: [us-east-1a, us-east-1b], count: 2}
    flows:
      - {from: users, to: web, port: 443, protocol: https}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      alb:   {type: aws.alb, azs: [us-east-1a, us-east-1b], public: true}
      web:   {type: aws.ec2, azs: [us-east-1a, us-east-1b], count: 2}
    flows:
      - {from: users, to: alb, port: 443, protocol: https}
      - {from: alb, to: web, port: 8080, protocol: http}
    ```

    ## How to fix
    Put a public load balancer (or CloudFront / API Gateway) in front and move
    the component to private subnets. For a bastion (`role: bastion`) a load
    balancer is the wrong fix: narrow the source to a corporate range
    (`external.onprem`, a VPN) or replace the bastion with SSM Session Manager.
    """
    for flow, source, target in ctx.flow_ends():
        if source.type not in INTERNET_SOURCES or target.scope != "zonal":
            continue
        if target.type in ("aws.alb", "aws.nlb") and target.public:
            continue
        yield Violation("flow", flow.id, f"flow {flow.id} exposes {target.type} `{target.id}` directly to {source.type} `{source.id}`; {exposure_fix(flow, source, target)}")


def exposure_fix(flow: Flow, source: Component, target: Component) -> str:
    """Advice that fits the exposure: a bastion or an admin port is meant to be reached, narrowly."""
    if target.role != "bastion" and is_admin_path(flow, source):
        return "close SSH/RDP to the internet and use SSM Session Manager (or a bastion reached from a corporate range)"
    if target.role == "bastion":
        return ("narrow the source to a corporate range (`external.onprem` or a VPN), "
                "or replace the bastion with SSM Session Manager")
    if target.type in ("aws.alb", "aws.nlb"):
        return "place it in public subnets if it is meant to face the internet"
    return f"put a public load balancer in front and keep `{target.id}` private"


@rule("LP006", "admin-port-open", "error")
def admin_port_open(ctx: Context) -> Iterator[Violation]:
    """An SSH or RDP flow that does not go through a bastion.

    ## What it does
    Flags a flow on port 22 or 3389 (or a port range that includes them), or
    with protocol `ssh` or `rdp`, where neither end has `role: bastion`.

    ## Why it matters
    Admin ports are the most attacked ports there are. The defense-in-depth
    guide allows SSH only from a hardened, audited bastion host, so one place
    is watched and every session is logged.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      admins: {type: external.onprem}
      app:    {type: aws.ec2, azs: [us-east-1a, us-east-1b], count: 2}
    flows:
      - {from: admins, to: app, port: 22, protocol: ssh}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      admins:  {type: external.onprem}
      bastion: {type: aws.ec2, azs: [us-east-1a], role: bastion}
      app:     {type: aws.ec2, azs: [us-east-1a, us-east-1b], count: 2}
    flows:
      - {from: admins, to: bastion, port: 22, protocol: ssh}
      - {from: bastion, to: app, port: 22, protocol: ssh}
    ```

    ## How to fix
    Route administration through a bastion (`role: bastion`), or better, use
    SSM Session Manager and drop the admin port.
    """
    for flow, source, target in ctx.flow_ends():
        ports = admin_ports(flow)
        admin = ports or flow.protocol in ADMIN_PROTOCOLS
        if not admin or "bastion" in (source.role, target.role):
            continue
        what = f"port {ports[0]}" if ports else f"protocol {flow.protocol}"
        yield Violation("flow", flow.id,
                        f"flow {flow.id} opens {what} without a bastion at either end; "
                        f"route administration through a `role: bastion` host or SSM Session Manager",
                        "port" if ports else "protocol")


def port_count(flow: Flow) -> int | None:
    """How many ports the flow opens; None for `all` or when not stated."""
    if not isinstance(flow.ports, list):
        return None
    return sum(high - low + 1 for low, high in flow.ports)


@rule("LP007", "broad-ports", "warning")
def broad_ports(ctx: Context) -> Iterator[Violation]:
    """A flow that opens every port, or more than 100 of them.

    ## What it does
    Flags a flow with `port: all`, or whose ports and ranges add up to more
    than 100 ports.

    ## Why it matters
    A security group that opens a wide range lets an attacker who lands on
    the source reach every service on the target, not just the one the design
    needs.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      app:   {type: aws.lambda}
      cache: {type: aws.elasticache, azs: [us-east-1a, us-east-1b], multi_az: true}
    flows:
      - {from: app, to: cache, port: all}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      app:   {type: aws.lambda}
      cache: {type: aws.elasticache, azs: [us-east-1a, us-east-1b], multi_az: true}
    flows:
      - {from: app, to: cache, port: 6379, protocol: redis}
    ```

    ## How to fix
    State the port (or the few ports) the target really listens on.
    """
    for flow in ctx.blueprint.flows:
        count = port_count(flow)
        if flow.ports == "all":
            yield Violation("flow", flow.id, f"flow {flow.id} opens all ports; state the port {flow.target} listens on", "port")
        elif count is not None and count > BROAD_PORT_LIMIT:
            yield Violation("flow", flow.id,
                            f"flow {flow.id} opens {count} ports (more than {BROAD_PORT_LIMIT}); narrow it to the ports {flow.target} listens on",
                            "port")


@rule("LP008", "data-tier-bypass", "error")
def data_tier_bypass(ctx: Context) -> Iterator[Violation]:
    """A load balancer or other edge component talking straight to a database.

    ## What it does
    Flags a flow into a zonal store (`rds`, `aurora`, `elasticache`,
    `opensearch`, `redshift`, `documentdb`, `msk`) from a non-external
    component of tier `edge` or `web`.

    ## Why it matters
    The multi-tier guide lets only the app tier reach the data tier. A load
    balancer or NAT path to the database skips the code that validates and
    authorises requests, and puts the data one hop from the internet.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      lb: {type: aws.alb, azs: [us-east-1a, us-east-1b]}
      db: {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
    flows:
      - {from: lb, to: db, port: 5432, protocol: postgres}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      lb:  {type: aws.alb, azs: [us-east-1a, us-east-1b]}
      app: {type: aws.ecs, azs: [us-east-1a, us-east-1b], count: 2}
      db:  {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
    flows:
      - {from: lb, to: app, port: 8080, protocol: http}
      - {from: app, to: db, port: 5432, protocol: postgres}
    ```

    ## How to fix
    Route the traffic through the app tier, and allow the database's security
    group only from the app tier.
    """
    for flow, source, target in ctx.flow_ends():
        if target.info.is_store and source.scope != "external" and source.tier in ("edge", "web"):
            yield Violation("flow", flow.id,
                            f"flow {flow.id} reaches data-tier store `{target.id}` from {source.tier}-tier `{source.id}`; "
                            f"route it through the app tier")
