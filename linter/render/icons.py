"""Which `diagrams` icon class draws each catalog type.

The table names classes as strings and resolves them on use, so reading it
(tests, docs) costs nothing; a type without an entry, or an entry the installed
`diagrams` lacks, falls back to the generic AWS icon rather than failing.

Image paths are kept *relative* to the folder that holds `diagrams`' `resources/`
(`resources/aws/compute/ec2.png`): the DOT text is then the same on every
machine, and Graphviz finds the files through `-Gimagepath` at render time.
"""
from __future__ import annotations

import functools
import importlib
import os
from typing import Any

GENERIC = "aws.general.General"
PEERING = "archlint.peering"
TRANSIT_GATEWAY = "archlint.transit_gateway"
IAM_ROLE = "archlint.iam_role"

ICONS: dict[str, str] = {
    "external.users": "aws.general.Users",
    "external.internet": "aws.general.InternetAlt1",
    "external.partner": "aws.general.GenericOfficeBuilding",
    "external.onprem": "generic.place.Datacenter",
    "external.service": "aws.general.InternetAlt2",
    "aws.route53": "aws.network.Route53",
    "aws.cloudfront": "aws.network.CloudFront",
    "aws.global_accelerator": "aws.network.GlobalAccelerator",
    "aws.waf": "aws.security.WAF",
    "aws.shield": "aws.security.Shield",
    "aws.iam": "aws.security.IdentityAndAccessManagementIam",
    "aws.api_gateway": "aws.network.APIGateway",
    "aws.cognito": "aws.security.Cognito",
    "aws.lambda": "aws.compute.Lambda",
    "aws.step_functions": "aws.integration.StepFunctions",
    "aws.eventbridge": "aws.integration.Eventbridge",
    "aws.sqs": "aws.integration.SimpleQueueServiceSqs",
    "aws.sns": "aws.integration.SimpleNotificationServiceSns",
    "aws.kinesis": "aws.analytics.KinesisDataStreams",
    "aws.firehose": "aws.analytics.KinesisDataFirehose",
    "aws.kinesis_analytics": "aws.analytics.KinesisDataAnalytics",
    "aws.s3": "aws.storage.SimpleStorageServiceS3",
    "aws.dynamodb": "aws.database.Dynamodb",
    "aws.efs": "aws.storage.ElasticFileSystemEFS",
    "aws.kms": "aws.security.KeyManagementService",
    "aws.secrets_manager": "aws.security.SecretsManager",
    "aws.cloudwatch": "aws.management.Cloudwatch",
    "aws.cloudtrail": "aws.management.Cloudtrail",
    "aws.xray": "aws.devtools.XRay",
    "aws.config": "aws.management.Config",
    "aws.guardduty": "aws.security.Guardduty",
    "aws.security_hub": "aws.security.SecurityHub",
    "aws.glue": "aws.analytics.Glue",
    "aws.athena": "aws.analytics.Athena",
    "aws.sagemaker_endpoint": "aws.ml.Sagemaker",
    "aws.ec2": "aws.compute.EC2",
    "aws.asg": "aws.compute.EC2AutoScaling",
    "aws.ecs": "aws.compute.ElasticContainerService",
    "aws.eks": "aws.compute.ElasticKubernetesService",
    "aws.alb": "aws.network.ElbApplicationLoadBalancer",
    "aws.nlb": "aws.network.ElbNetworkLoadBalancer",
    "aws.nat_gateway": "aws.network.NATGateway",
    "aws.vpc_endpoint": "aws.network.Endpoint",
    "aws.rds": "aws.database.RDS",
    "aws.aurora": "aws.database.Aurora",
    "aws.elasticache": "aws.database.Elasticache",
    "aws.opensearch": "aws.analytics.AmazonOpensearchService",
    "aws.redshift": "aws.analytics.Redshift",
    "aws.documentdb": "aws.database.DocumentdbMongodbCompatibility",
    "aws.msk": "aws.analytics.ManagedStreamingForKafka",
    "aws.dms": "aws.database.DatabaseMigrationService",
    # network plumbing drawn between VPCs
    PEERING: "aws.network.VPCPeering",
    TRANSIT_GATEWAY: "aws.network.TransitGateway",
    IAM_ROLE: "aws.security.IAMRole",
}


def icon_name(type_name: str) -> str:
    """The dotted `diagrams` class path for a type (the generic icon when unmapped)."""
    return ICONS.get(type_name, GENERIC)


@functools.lru_cache(maxsize=None)
def icon_class(type_name: str) -> type[Any]:
    """The `diagrams` node class for a type; the generic icon if it cannot be imported."""
    try:
        return _resolve(icon_name(type_name))
    except (ImportError, AttributeError):
        return _resolve(GENERIC)


def _resolve(dotted: str) -> type[Any]:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(f"diagrams.{module}"), name)


def icon_image(type_name: str) -> str:
    """The icon file relative to `icon_root()`, with `/` separators."""
    cls = icon_class(type_name)
    return f"{cls._icon_dir}/{cls._icon}".replace(os.sep, "/")


@functools.lru_cache(maxsize=None)
def icon_root() -> str:
    """The folder the relative icon paths start from (holds `resources/`)."""
    import diagrams
    return os.path.dirname(os.path.dirname(os.path.abspath(diagrams.__file__)))
