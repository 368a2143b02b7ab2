"""The component type catalog (blueprint format version 1).

Each type records where it lives (`scope`), its default tier, whether it holds
data, whether callers reach it with IAM-signed API calls, whether it is a public
entry point, its published availability figures and the component keys it
accepts. `archlint types` prints this table and `archlint schema` derives the
JSON Schema from it, so the loader, the docs and editors never disagree.
"""
from __future__ import annotations

from collections.abc import Set
from typing import NamedTuple

COMMON_KEYS = frozenset({"type", "label", "region", "public", "tier", "role", "sla", "critical", "tags"})

# Keys grouped by what they describe; a type takes the groups that make sense for it.
PLACEMENT = frozenset({"subnets", "azs", "count", "autoscaling"})
SCALING = frozenset({"count", "autoscaling"})
STANDBY = frozenset({"multi_az"})
STORAGE = frozenset({"encrypted", "backup", "replica_of"})
ENTRY = frozenset({"waf", "throttle"})


class TypeInfo(NamedTuple):
    """One row of the catalog."""

    name: str
    scope: str  # external | global | regional | zonal
    tier: str
    stateful: bool = False
    iam_called: bool = False
    public_entry: bool = False  # True, False, or "subnets" for load balancers
    sla_single: float = 100.0
    sla_multi: float | None = None  # zonal types: the multi-AZ figure
    managed_standby: bool = False
    extra_keys: frozenset = frozenset()
    note: str = ""

    @property
    def keys(self) -> frozenset:
        return COMMON_KEYS | self.extra_keys

    @property
    def is_store(self) -> bool:
        """A zonal store in the sense of the rules (stateful and zonal)."""
        return self.stateful and self.scope == "zonal"


def _t(name: str, scope: str, tier: str, *, sla: float, multi: float | None = None, keys: Set[str] = frozenset(), **kw) -> TypeInfo:
    return TypeInfo(name, scope, tier, sla_single=sla, sla_multi=multi, extra_keys=frozenset(keys), **kw)


_ZONAL_STORE = PLACEMENT | STANDBY | STORAGE
_ENGINE_STORE = _ZONAL_STORE | {"engine"}
_EXTERNAL = [_t(f"external.{kind}", "external", "edge", sla=100.0) for kind in ("users", "internet", "partner", "onprem", "service")]

CATALOG: dict[str, TypeInfo] = {info.name: info for info in [
    *_EXTERNAL,
    _t("aws.route53", "global", "edge", sla=100.0, public_entry=True),
    _t("aws.cloudfront", "global", "edge", sla=99.9, public_entry=True, keys=ENTRY),
    _t("aws.global_accelerator", "global", "edge", sla=99.99, public_entry=True),
    _t("aws.waf", "global", "security", sla=99.95),
    _t("aws.shield", "global", "security", sla=100.0),
    _t("aws.iam", "global", "security", sla=100.0),
    _t("aws.api_gateway", "regional", "edge", sla=99.95, iam_called=True, public_entry=True, keys=ENTRY),
    _t("aws.cognito", "regional", "security", sla=99.9, iam_called=True, public_entry=True),
    _t("aws.lambda", "regional", "app", sla=99.95, iam_called=True, keys={"subnets", "dlq"},
       note="zonal when it has `subnets` (VPC-attached)"),
    _t("aws.step_functions", "regional", "app", sla=99.9, iam_called=True),
    _t("aws.eventbridge", "regional", "app", sla=99.99, iam_called=True),
    _t("aws.sqs", "regional", "app", sla=99.9, stateful=True, iam_called=True, keys={"dlq", "encrypted"}),
    _t("aws.sns", "regional", "app", sla=99.9, iam_called=True, keys={"encrypted"}),
    _t("aws.kinesis", "regional", "data", sla=99.9, stateful=True, iam_called=True, keys={"encrypted", "backup", "replica_of"}),
    _t("aws.firehose", "regional", "data", sla=99.9, iam_called=True, keys={"encrypted"}),
    _t("aws.kinesis_analytics", "regional", "app", sla=99.9, iam_called=True),
    _t("aws.s3", "regional", "data", sla=99.9, stateful=True, iam_called=True, keys=STORAGE),
    _t("aws.dynamodb", "regional", "data", sla=99.99, stateful=True, iam_called=True,
       keys=STORAGE | {"global_table_regions"}, note="99.999 with `global_table_regions`"),
    _t("aws.efs", "regional", "data", sla=99.99, stateful=True, keys=STORAGE),
    _t("aws.kms", "regional", "security", sla=99.999, iam_called=True),
    _t("aws.secrets_manager", "regional", "security", sla=99.99, iam_called=True),
    _t("aws.cloudwatch", "regional", "observability", sla=99.9, iam_called=True),
    _t("aws.cloudtrail", "regional", "observability", sla=99.9),
    _t("aws.xray", "regional", "observability", sla=99.9, iam_called=True),
    _t("aws.config", "regional", "observability", sla=99.9),
    _t("aws.guardduty", "regional", "security", sla=99.9),
    _t("aws.security_hub", "regional", "security", sla=99.9),
    _t("aws.glue", "regional", "data", sla=99.9, iam_called=True),
    _t("aws.athena", "regional", "data", sla=99.9, iam_called=True),
    _t("aws.sagemaker_endpoint", "regional", "app", sla=99.9, multi=99.95, iam_called=True, keys=SCALING,
       note="instances spread over AZs when `count` >= 2"),
    _t("aws.ec2", "zonal", "app", sla=99.5, multi=99.99, keys=PLACEMENT),
    _t("aws.asg", "zonal", "app", sla=99.5, multi=99.99, keys=PLACEMENT),
    _t("aws.ecs", "zonal", "app", sla=99.5, multi=99.99, keys=PLACEMENT),
    _t("aws.eks", "zonal", "app", sla=99.5, multi=99.95, keys=PLACEMENT),
    _t("aws.alb", "zonal", "web", sla=99.99, multi=99.99, public_entry="subnets", keys=PLACEMENT | ENTRY),
    _t("aws.nlb", "zonal", "web", sla=99.99, multi=99.99, public_entry="subnets", keys=PLACEMENT),
    _t("aws.nat_gateway", "zonal", "edge", sla=99.9, multi=99.9, keys={"subnets", "azs"}, note="one gateway per subnet"),
    _t("aws.vpc_endpoint", "zonal", "edge", sla=99.99, multi=99.99, keys={"subnets", "azs"}, note="one interface per subnet"),
    _t("aws.rds", "zonal", "data", sla=99.5, multi=99.95, stateful=True, managed_standby=True, keys=_ENGINE_STORE),
    _t("aws.aurora", "zonal", "data", sla=99.5, multi=99.99, stateful=True, keys=_ENGINE_STORE,
       note="instances over its subnets' AZs"),
    _t("aws.elasticache", "zonal", "data", sla=99.5, multi=99.99, stateful=True, managed_standby=True, keys=_ENGINE_STORE,
       note="`engine: memcached` holds no durable data; its nodes are shards"),
    _t("aws.opensearch", "zonal", "data", sla=99.5, multi=99.9, stateful=True, managed_standby=True, keys=_ZONAL_STORE),
    _t("aws.redshift", "zonal", "data", sla=99.5, multi=99.9, stateful=True, managed_standby=True, keys=_ZONAL_STORE),
    _t("aws.documentdb", "zonal", "data", sla=99.5, multi=99.9, stateful=True, keys=_ZONAL_STORE),
    _t("aws.msk", "zonal", "data", sla=99.5, multi=99.9, stateful=True, keys=_ZONAL_STORE),
    _t("aws.dms", "zonal", "data", sla=99.5, multi=99.9, managed_standby=True, keys=PLACEMENT | STANDBY),
]}

# Two AZs alone make these multi-AZ: they run one node per subnet or AZ. A
# VPC-attached Lambda scales by itself across the subnets it is given (it takes
# no `count`), so it belongs here too: only a single-subnet Lambda is single-AZ.
PER_AZ_TYPES = frozenset({"aws.alb", "aws.nlb", "aws.nat_gateway", "aws.vpc_endpoint", "aws.lambda"})
# External types that stand for the public internet (on-premises and services are private links).
INTERNET_SOURCES = frozenset({"external.users", "external.internet", "external.partner"})
# The `engine` values each type accepts (format 1.1).
ENGINES = {
    "aws.elasticache": ("redis", "valkey", "memcached"),
    "aws.rds": ("postgres", "mysql", "mariadb", "oracle", "sqlserver"),
    "aws.aurora": ("aurora-postgresql", "aurora-mysql"),
}
# Engines whose nodes each hold a slice of the keys, with no copy elsewhere.
SHARDED_ENGINES = frozenset({"memcached"})
# How a flow's caller can be authenticated (flow `auth`, format 1.1).
AUTH_METHODS = ("none", "iam", "cognito", "jwt", "lambda", "mtls", "api_key", "oidc", "sigv4")
# Services that `organization:` can declare as run for the whole AWS organisation.
ORGANIZATION_SERVICES = ("cloudtrail", "guardduty", "config")
# An IAM role's `assumed_by`: an AWS service principal such as s3.amazonaws.com.
SERVICE_PRINCIPAL = r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?"
ENCRYPTED_BY_DEFAULT = frozenset({"aws.s3", "aws.dynamodb", "aws.sqs", "aws.msk"})
TIERS = ("edge", "web", "app", "data", "mgmt", "security", "observability")
ENVIRONMENTS = ("prod", "staging", "dev", "test")
