"""Security rules: WAF, public data stores, encryption, secrets, audit trails."""
from __future__ import annotations

import re
from typing import Iterator

from ..catalog import ENCRYPTED_BY_DEFAULT, INTERNET_SOURCES
from ..graph import Context
from ..model import Blueprint, Component
from . import Violation, rule

HTTP_ENTRY_TYPES = frozenset({"aws.cloudfront", "aws.api_gateway"})
INTERNET_FRONTS = INTERNET_SOURCES | {"aws.route53"}
# Global fronts that pass internet callers on to an entry point (SEC008).
PASS_THROUGH_FRONTS = frozenset({"aws.route53", "aws.cloudfront", "aws.waf", "aws.global_accelerator"})
AUTHENTICATED_ENTRIES = frozenset({"aws.api_gateway", "aws.alb", "aws.nlb", "aws.lambda"})
SECRET_KEY_RE = re.compile(r"password|passwd|secret|token|api_key|apikey|private_key|access_key", re.IGNORECASE)
# Values that point at a secret store instead of holding the secret.
SECRET_REFERENCE_RE = re.compile(r"arn:|\{\{resolve:|ssm:|secretsmanager:|\$\{.*\}$", re.IGNORECASE)


def is_http_entry(component: Component) -> bool:
    return component.type in HTTP_ENTRY_TYPES or (component.type == "aws.alb" and component.public)


@rule("SEC001", "entry-without-waf", "error", prod=True)
def entry_without_waf(ctx: Context) -> Iterator[Violation]:
    """An internet-facing HTTP entry point with no WAF in front of it.

    ## What it does
    Flags an `aws.cloudfront`, `aws.api_gateway` or public `aws.alb` that has
    a flow from `external.users`, `external.internet`, `external.partner` or
    an `aws.route53`, and no WAF: no `waf:` key and no flow between it and an
    `aws.waf` in either direction.

    ## Why it matters
    Every guide puts AWS WAF in front of public HTTP entry points: without it
    SQL injection, XSS, credential stuffing and request floods reach the
    application unfiltered.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      alb:   {type: aws.alb, azs: [us-east-1a, us-east-1b], public: true}
    flows:
      - {from: users, to: alb, port: 443, protocol: https}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users:    {type: external.users}
      edge-waf: {type: aws.waf}
      alb:      {type: aws.alb, azs: [us-east-1a, us-east-1b], public: true, waf: edge-waf}
    flows:
      - {from: users, to: alb, port: 443, protocol: https}
    ```

    ## How to fix
    Associate an `aws.waf` with the entry point: set `waf: <id>`, or draw the
    flow through the WAF.
    """
    components, graph = ctx.components, ctx.graph
    for cid, component in components.items():
        if not is_http_entry(component) or component.get("waf"):
            continue
        fronts = [p for p in graph.pred[cid] if components[p].type in INTERNET_FRONTS]
        neighbours = set(graph.pred[cid]) | set(graph.succ[cid])
        if fronts and not any(components[n].type == "aws.waf" for n in neighbours):
            yield Violation("component", cid,
                            f"{component.type} `{cid}` takes traffic from `{fronts[0]}` with no WAF; "
                            f"associate an aws.waf (`waf: <id>` or a flow through it)", "waf")


@rule("SEC002", "public-data-store", "error")
def public_data_store(ctx: Context) -> Iterator[Violation]:
    """A data store placed in a public subnet or marked public.

    ## What it does
    Flags a stateful component (database, cache, bucket, queue, stream…) with
    `public: true` or with a subnet that is public.

    ## Why it matters
    Public data stores are the classic breach: one misconfigured security
    group or bucket policy away from the internet. The guides keep the data
    tier in private subnets, reachable only from the app tier.

    ## Example that fails
    ```yaml
    blueprint: reports
    components:
      exports: {type: aws.s3, public: true}
    ```

    ## Example that passes
    ```yaml
    blueprint: reports
    components:
      exports: {type: aws.s3}
    ```

    ## How to fix
    Move the store to private subnets and drop `public: true`; serve public
    content through CloudFront instead.
    """
    subnets = ctx.blueprint.subnets
    for cid, component in ctx.components.items():
        if not component.info.stateful:
            continue
        if component.get("public") is True:
            yield Violation("component", cid, f"data store `{cid}` ({component.type}) is marked public; make it private", "public")
            continue
        exposed = [s for s in component.subnets if subnets[s].public]
        if exposed:
            yield Violation("component", cid,
                            f"data store `{cid}` ({component.type}) sits in public subnet(s) {', '.join(exposed)}; "
                            f"move it to private subnets", "subnets")


@rule("SEC003", "unencrypted-at-rest", "error", prod=True)
def unencrypted_at_rest(ctx: Context) -> Iterator[Violation]:
    """A data store that is not encrypted at rest.

    ## What it does
    Flags a stateful component with `encrypted: false`, or without
    `encrypted: true` when its type is not encrypted by default. `aws.s3`,
    `aws.dynamodb`, `aws.sqs` and `aws.msk` are encrypted by default. A
    memcached cache (`engine: memcached`) holds no durable data and is not
    checked.

    ## Why it matters
    PCI-DSS and every banking guide require encryption at rest (KMS):
    snapshots, backups and disks that leak are unreadable when encrypted.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      db: {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      db: {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true, encrypted: true}
    ```

    ## How to fix
    Set `encrypted: true` (and enable KMS encryption on the resource).
    """
    for cid, component in ctx.components.items():
        if not component.stateful:
            continue
        stated = component.get("encrypted")
        if stated is False:
            yield Violation("component", cid, f"data store `{cid}` ({component.type}) has `encrypted: false`; encrypt it with KMS", "encrypted")
        elif stated is None and component.type not in ENCRYPTED_BY_DEFAULT:
            yield Violation("component", cid,
                            f"data store `{cid}` ({component.type}) is not encrypted by default and does not state "
                            f"`encrypted: true`; enable encryption at rest", "encrypted")


def crosses_boundary(source: Component, target: Component) -> bool:
    """External source, different networks (a VPC and the outside count), or two regions."""
    if source.scope == "external":
        return True
    if (source.network or target.network) and source.network != target.network:
        return True
    return bool(source.region and target.region and source.region != target.region)


@rule("SEC004", "plaintext-in-transit", "error", prod=True)
def plaintext_in_transit(ctx: Context) -> Iterator[Violation]:
    """An unencrypted flow that leaves its network or region.

    ## What it does
    Flags a flow whose `tls` is false — stated, or by its protocol's default
    (`http`, `ftp`, `telnet`, `smtp`) — that crosses a boundary: its source is
    external, or its ends are in different networks (a VPC and anything
    outside it count as different) or different regions.

    ## Why it matters
    Traffic that leaves a VPC travels over networks you do not control;
    plaintext there exposes account numbers and credentials. The guides
    require TLS 1.2+ for data in transit.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      alb:   {type: aws.alb, azs: [us-east-1a, us-east-1b], public: true}
    flows:
      - {from: users, to: alb, port: 80, protocol: http}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      alb:   {type: aws.alb, azs: [us-east-1a, us-east-1b], public: true}
    flows:
      - {from: users, to: alb, port: 443, protocol: https}
    ```

    ## How to fix
    Use `https`/`tls` (or set `tls: true` when the protocol runs over TLS).
    """
    for flow, source, target in ctx.flow_ends():
        if flow.tls is False and crosses_boundary(source, target):
            what = f"protocol {flow.protocol}" if flow.protocol else "tls: false"
            yield Violation("flow", flow.id,
                            f"flow {flow.id} sends plaintext ({what}) across a network boundary; use TLS (https, tls)",
                            "tls" if flow.spec is not None and "tls" in flow.spec else "protocol")


def literal_secrets(blueprint: Blueprint) -> Iterator[str]:
    """Dotted paths of keys that look like secrets and hold a literal string."""
    for path, value in blueprint.written_strings(SECRET_KEY_RE.search):
        if value.strip() and not SECRET_REFERENCE_RE.match(value.strip()):
            yield path


@rule("SEC005", "secret-in-blueprint", "error")
def secret_in_blueprint(ctx: Context) -> Iterator[Violation]:
    """A password, token or key written into the blueprint.

    ## What it does
    Flags a key anywhere in the file — `x-` extension keys and `tags`
    included — whose name contains `password`, `passwd`, `secret`, `token`,
    `api_key`, `apikey`, `private_key` or `access_key` (any case) and whose
    value is a non-empty literal string rather than a reference
    (`arn:...`, `{{resolve:...}}`, `ssm:...`, `secretsmanager:...`,
    `${...}`). The element is the key's dotted path; the message never
    repeats the value.

    ## Why it matters
    Blueprints live in git, in CI logs and in generated docs: a secret
    written there is leaked to everyone who can read them, forever.

    ## Example that fails
    ```yaml
    blueprint: shop
    components:
      db:
        type: aws.rds
        tags: {db_password: hunter2}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    components:
      db:
        type: aws.rds
        tags: {db_password: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"}
    ```

    ## How to fix
    Store the secret in Secrets Manager or SSM Parameter Store, reference it,
    and rotate the leaked value.
    """
    for path in literal_secrets(ctx.blueprint):
        yield Violation("key", path, f"`{path}` holds a literal secret; store it in Secrets Manager or SSM and reference it")


@rule("SEC006", "no-audit-trail", "warning", prod=True)
def no_audit_trail(ctx: Context) -> Iterator[Violation]:
    """A production blueprint without CloudTrail.

    ## What it does
    Flags a blueprint that has no `aws.cloudtrail` component and does not
    declare `organization: {cloudtrail: true}` (an organisation trail run
    from another account, such as a log-archive account).

    ## Why it matters
    Without an audit trail nobody can answer "who changed what, when" after
    an incident; SOX, PCI-DSS and GDPR audits require it.

    ## Example that fails
    ```yaml
    blueprint: payments
    environment: prod
    components:
      api: {type: aws.api_gateway}
    ```

    ## Example that passes
    ```yaml
    blueprint: payments
    environment: prod
    components:
      api:   {type: aws.api_gateway}
      trail: {type: aws.cloudtrail}
    ```

    ## How to fix
    Add an `aws.cloudtrail` (multi-region, log-file validation, logs to an
    encrypted, object-locked S3 bucket), or, when the organisation's trail
    covers this account, say so with `organization: {cloudtrail: true}`.
    """
    if ctx.blueprint.organization.get("cloudtrail"):
        return
    if not any(c.type == "aws.cloudtrail" for c in ctx.components.values()):
        name = ctx.blueprint.name
        yield Violation("blueprint", name,
                        f"blueprint {name} has no aws.cloudtrail; add an audit trail "
                        f"(or `organization: {{cloudtrail: true}}` when an organisation trail covers the account)")


def internet_fronted(ctx: Context) -> set[str]:
    """Internet sources and the global fronts (DNS, CDN, WAF, accelerator) they reach through fronts only."""
    components = ctx.components
    found = {cid for cid, c in components.items() if c.type in INTERNET_SOURCES}
    queue = list(found)
    for cid in queue:  # the queue grows while it is read
        for nxt in ctx.graph.succ[cid]:
            if nxt not in found and components[nxt].type in PASS_THROUGH_FRONTS:
                found.add(nxt)
                queue.append(nxt)
    return found


@rule("SEC008", "unauthenticated-entry", "error", prod=True)
def unauthenticated_entry(ctx: Context) -> Iterator[Violation]:
    """An internet entry point that lets callers in with `auth: none`.

    ## What it does
    Flags a flow with `auth: none` into an `aws.api_gateway`, `aws.alb`,
    `aws.nlb` or `aws.lambda` whose source is `external.users`,
    `external.internet` or `external.partner`, or an `aws.route53`,
    `aws.cloudfront`, `aws.waf` or `aws.global_accelerator` that those reach
    (directly or through one another). The element is the flow into the
    component. A flow without `auth` is not flagged: it does not say.

    ## Why it matters
    An API or function URL that anyone on the internet can call without
    credentials is an open door: data scraping, abuse of the functions
    behind it and a bill nobody approved. A WAF filters requests; it does not
    say who is calling.

    ## Example that fails
    ```yaml
    blueprint: public-api
    components:
      users: {type: external.users}
      api:   {type: aws.api_gateway, throttle: {rate: 100, burst: 200}}
    flows:
      - {from: users, to: api, protocol: https, auth: none}
    ```

    ## Example that passes
    ```yaml
    blueprint: public-api
    components:
      users: {type: external.users}
      api:   {type: aws.api_gateway, throttle: {rate: 100, burst: 200}}
    flows:
      - {from: users, to: api, protocol: https, auth: cognito}
    ```

    ## How to fix
    Authenticate callers at the entry point: a Cognito or JWT authorizer, IAM
    (SigV4), a Lambda authorizer, mutual TLS, or OIDC on the load balancer.
    A public page that must stay anonymous belongs behind CloudFront, not on
    an API; waive the finding with that reason if it is intended.
    """
    fronted = internet_fronted(ctx)
    for flow, source, target in ctx.flow_ends():
        if flow.auth == "none" and target.type in AUTHENTICATED_ENTRIES and flow.source in fronted:
            yield Violation("flow", flow.id,
                            f"flow {flow.id} lets internet callers {'from' if source.type in INTERNET_SOURCES else 'through'} `{source.id}` "
                            f"into {target.type} `{target.id}` "
                            f"with `auth: none`; authenticate them (Cognito, JWT, IAM, mTLS, OIDC)", "auth")


@rule("SEC007", "no-flow-logs", "warning", prod=True)
def no_flow_logs(ctx: Context) -> Iterator[Violation]:
    """A production network without VPC flow logs.

    ## What it does
    Flags a network that does not set `flow_logs: true`.

    ## Why it matters
    Flow logs are the record of who talked to whom: without them an
    intrusion or data exfiltration cannot be investigated.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a]}
    networks:
      core: {cidr: 10.0.0.0/16}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a]}
    networks:
      core: {cidr: 10.0.0.0/16, flow_logs: true}
    ```

    ## How to fix
    Set `flow_logs: true` and enable VPC flow logs to CloudWatch Logs or S3.
    """
    for nid, network in ctx.blueprint.networks.items():
        if not network.flow_logs:
            yield Violation("network", nid, f"network {nid} has no flow logs; set `flow_logs: true`", "flow_logs")
