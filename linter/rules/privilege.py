"""Least-privilege rules: no wildcards, every grant used, every call granted."""
from __future__ import annotations

from typing import Iterator

from ..graph import Context, action_matches
from ..model import Flow
from . import Violation, rule


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
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: ["s3:*"], resources: [docs]}]
    ```

    ## Example that passes
    ```yaml
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
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem], resources: ["*"]}]
    ```

    ## Example that passes
    ```yaml
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


@rule("LP003", "unused-grant", "warning")
def unused_grant(ctx: Context) -> Iterator[Violation]:
    """An IAM grant that no flow of the role's components uses.

    ## What it does
    Flags a role that grants an (action pattern, resource) pair that no flow
    from a component the role is attached to uses (no such flow to that
    resource — to any component for `*` — lists an action the pattern
    matches), and a role attached to no component. One finding per role.

    ## Why it matters
    Unused permissions are pure attack surface, and they hide which calls the
    design really makes.

    ## Example that fails
    ```yaml
    flows:
      - {from: app, to: ledger, actions: [dynamodb:GetItem]}
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem, dynamodb:DeleteItem], resources: [ledger]}]
    ```

    ## Example that passes
    ```yaml
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem], resources: [ledger]}]
    ```

    ## How to fix
    Remove the unused grants (or add the flow that needs them).
    """
    for rid, role in ctx.blueprint.roles.items():
        if not role.attached_to:
            yield Violation("role", rid, f"role {rid} is attached to no component; remove it or attach it")
            continue
        flows = [f for cid in role.attached_to for f in ctx.flows_from.get(cid, [])]
        unused = [f"{action} on {resource}" for grant in role.allow for resource in grant.resources for action in grant.actions
                  if not any(flow_uses(f, action, resource) for f in flows)]
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
    flows:
      - {from: app, to: ledger, actions: [dynamodb:PutItem]}
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem], resources: [ledger]}]
    ```

    ## Example that passes
    ```yaml
    iam:
      app-role:
        attached_to: [app]
        allow: [{actions: [dynamodb:GetItem, dynamodb:PutItem], resources: [ledger]}]
    ```

    ## How to fix
    Grant exactly the missing actions on the target to one of the source's
    roles.
    """
    roles = ctx.blueprint.roles
    for flow in ctx.blueprint.flows:
        role_ids = ctx.roles_of.get(flow.source)
        if not flow.actions or not role_ids:
            continue
        grants = [g for rid in role_ids for g in roles[rid].allow if flow.target in g.resources or "*" in g.resources]
        missing = [a for a in flow.actions if not any(action_matches(p, a) for g in grants for p in g.actions)]
        if missing:
            yield Violation("flow", flow.id,
                            f"flow {flow.id} calls {', '.join(missing)} but the roles of {flow.source} "
                            f"({', '.join(role_ids)}) do not grant it on {flow.target}", "actions")
