"""What each AWS resource type means in a blueprint: one table for both importers.

CloudFormation's `AWS::RDS::DBInstance` and Terraform's `aws_db_instance` are
the same component; a row names both, the catalog type (or the structural role
the resource plays: a subnet, a security-group rule, a route...) and, for each
attribute the importer reads, its path in either dialect (`cfn|tf`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Where to find the attributes shared by most compute and data components.
_SG = ("SecurityGroupIds|SecurityGroups|VPCSecurityGroups|VpcSecurityGroupIds|NetworkConfiguration.AwsvpcConfiguration.SecurityGroups"
       "|VpcConfig.SecurityGroupIds|ResourcesVpcConfig.SecurityGroupIds|VPCOptions.SecurityGroupIds|VpcOptions.SecurityGroupIds"
       "|BrokerNodeGroupInfo.SecurityGroups",
       "vpc_security_group_ids|security_groups|security_group_ids|network_configuration.security_groups"
       "|vpc_config.security_group_ids|vpc_options.security_group_ids|broker_node_group_info.security_groups")
_SUBNETS = ("Subnets|SubnetIds|SubnetId|VPCZoneIdentifier|NetworkConfiguration.AwsvpcConfiguration.Subnets|VpcConfig.SubnetIds"
            "|ResourcesVpcConfig.SubnetIds|VPCOptions.SubnetIds|VpcOptions.SubnetIds|BrokerNodeGroupInfo.ClientSubnets",
            "subnets|subnet_ids|subnet_id|vpc_zone_identifier|network_configuration.subnets|vpc_config.subnet_ids"
            "|vpc_options.subnet_ids|broker_node_group_info.client_subnets")
_SUBNET_GROUP = ("DBSubnetGroupName|CacheSubnetGroupName|ClusterSubnetGroupName|ReplicationSubnetGroupIdentifier",
                 "db_subnet_group_name|subnet_group_name|cluster_subnet_group_name|replication_subnet_group_id")
_COMPUTE = {"subnets": _SUBNETS, "security_groups": _SG, "env": ("Environment.Variables", "environment.variables")}


@dataclass(frozen=True)
class Kind:
    """One row: the role a resource plays and where its attributes are written."""

    role: str  # component, or a structural role the grouping step understands
    cfn: tuple[str, ...] = ()
    tf: tuple[str, ...] = ()
    catalog: str | None = None
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)


def _c(catalog: str, cfn: tuple[str, ...], tf: tuple[str, ...], **fields: tuple[str, str]) -> Kind:
    return Kind("component", cfn, tf, catalog, fields)


def _r(kind_role: str, cfn: tuple[str, ...], tf: tuple[str, ...], **fields: tuple[str, str]) -> Kind:
    return Kind(kind_role, cfn, tf, None, fields)


_DB = {**_COMPUTE, "subnet_group": _SUBNET_GROUP, "engine": ("Engine", "engine"),
       "encrypted": ("StorageEncrypted|Encrypted|AtRestEncryptionEnabled|EncryptionAtRestOptions.Enabled",
                     "storage_encrypted|encrypted|at_rest_encryption_enabled|encrypt_at_rest.enabled"),
       "retention": ("BackupRetentionPeriod|SnapshotRetentionLimit|AutomatedSnapshotRetentionPeriod",
                     "backup_retention_period|snapshot_retention_limit|automated_snapshot_retention_period"),
       "multi_az": ("MultiAZ|MultiAZEnabled|ClusterConfig.ZoneAwarenessEnabled",
                    "multi_az|multi_az_enabled|cluster_config.zone_awareness_enabled"),
       "count": ("NumCacheClusters|NumCacheNodes|ClusterConfig.InstanceCount|NumberOfNodes|NumberOfBrokerNodes",
                 "num_cache_clusters|num_cache_nodes|cluster_config.instance_count|number_of_nodes|number_of_broker_nodes"),
       "replica_of": ("SourceDBInstanceIdentifier|SourceDBClusterIdentifier", "replicate_source_db|replication_source_identifier"),
       "cluster": ("DBClusterIdentifier", "cluster_identifier")}

KINDS: list[Kind] = [
    # -- networks ------------------------------------------------------------
    _r("network", ("AWS::EC2::VPC",), ("aws_vpc",), cidr=("CidrBlock", "cidr_block")),
    _r("subnet", ("AWS::EC2::Subnet",), ("aws_subnet",), vpc=("VpcId", "vpc_id"), az=("AvailabilityZone", "availability_zone"),
       cidr=("CidrBlock", "cidr_block"), public_ip=("MapPublicIpOnLaunch", "map_public_ip_on_launch")),
    _r("route_assoc", ("AWS::EC2::SubnetRouteTableAssociation",), ("aws_route_table_association",),
       subnet=("SubnetId", "subnet_id"), table=("RouteTableId", "route_table_id")),
    _r("route", ("AWS::EC2::Route",), ("aws_route",), table=("RouteTableId", "route_table_id"),
       target=("GatewayId|NatGatewayId|TransitGatewayId|VpcPeeringConnectionId",
               "gateway_id|nat_gateway_id|transit_gateway_id|vpc_peering_connection_id")),
    _r("route_table", ("AWS::EC2::RouteTable",), ("aws_route_table",), routes=("", "route")),
    _r("internet_gateway", ("AWS::EC2::InternetGateway",), ("aws_internet_gateway",)),
    _r("flow_log", ("AWS::EC2::FlowLog",), ("aws_flow_log",), vpc=("ResourceId", "vpc_id")),
    _r("peering", ("AWS::EC2::VPCPeeringConnection",), ("aws_vpc_peering_connection",),
       vpc=("VpcId", "vpc_id"), peer=("PeerVpcId", "peer_vpc_id")),
    _r("transit_gateway", ("AWS::EC2::TransitGateway",), ("aws_ec2_transit_gateway",)),
    _r("tgw_attachment", ("AWS::EC2::TransitGatewayAttachment", "AWS::EC2::TransitGatewayVpcAttachment"),
       ("aws_ec2_transit_gateway_vpc_attachment",), tgw=("TransitGatewayId", "transit_gateway_id"), vpc=("VpcId", "vpc_id")),
    _r("security_group", ("AWS::EC2::SecurityGroup",), ("aws_security_group",),
       ingress=("SecurityGroupIngress", "ingress")),
    _r("sg_rule", ("AWS::EC2::SecurityGroupIngress",), ("aws_security_group_rule", "aws_vpc_security_group_ingress_rule"),
       group=("GroupId", "security_group_id"), kind=("", "type")),
    _r("subnet_group", ("AWS::RDS::DBSubnetGroup", "AWS::ElastiCache::SubnetGroup", "AWS::Redshift::ClusterSubnetGroup",
                        "AWS::DocDB::DBSubnetGroup", "AWS::DMS::ReplicationSubnetGroup"),
       ("aws_db_subnet_group", "aws_elasticache_subnet_group", "aws_redshift_subnet_group", "aws_docdb_subnet_group",
        "aws_dms_replication_subnet_group"),
       subnets=("SubnetIds", "subnet_ids"), name=("DBSubnetGroupName|CacheSubnetGroupName", "name")),
    _c("aws.nat_gateway", ("AWS::EC2::NatGateway",), ("aws_nat_gateway",), subnets=("SubnetId", "subnet_id")),
    _c("aws.vpc_endpoint", ("AWS::EC2::VPCEndpoint",), ("aws_vpc_endpoint",), subnets=("SubnetIds", "subnet_ids"),
       security_groups=("SecurityGroupIds", "security_group_ids"), vpc=("VpcId", "vpc_id")),
    # -- entry and edge ------------------------------------------------------
    _c("aws.alb", ("AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer"),
       ("aws_lb", "aws_alb", "aws_elb"), **_COMPUTE, lb_type=("Type", "load_balancer_type"),
       internal=("Scheme", "internal")),
    _r("target_group", ("AWS::ElasticLoadBalancingV2::TargetGroup",), ("aws_lb_target_group", "aws_alb_target_group")),
    _r("listener", ("AWS::ElasticLoadBalancingV2::Listener",), ("aws_lb_listener", "aws_alb_listener"),
       lb=("LoadBalancerArn", "load_balancer_arn"), target=("DefaultActions", "default_action")),
    _c("aws.cloudfront", ("AWS::CloudFront::Distribution",), ("aws_cloudfront_distribution",),
       origins=("DistributionConfig.Origins", "origin"), waf=("DistributionConfig.WebACLId", "web_acl_id")),
    _c("aws.waf", ("AWS::WAFv2::WebACL", "AWS::WAF::WebACL", "AWS::WAFRegional::WebACL"),
       ("aws_wafv2_web_acl", "aws_waf_web_acl", "aws_wafregional_web_acl")),
    _r("waf_association", ("AWS::WAFv2::WebACLAssociation", "AWS::WAFRegional::WebACLAssociation"),
       ("aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association"),
       target=("ResourceArn", "resource_arn"), acl=("WebACLArn|WebACLId", "web_acl_arn|web_acl_id")),
    _c("aws.route53", ("AWS::Route53::HostedZone",), ("aws_route53_zone",)),
    _r("dns_record", ("AWS::Route53::RecordSet", "AWS::Route53::RecordSetGroup"), ("aws_route53_record",),
       zone=("HostedZoneId", "zone_id"), alias=("AliasTarget.DNSName|RecordSets", "alias.name")),
    _c("aws.api_gateway", ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api", "AWS::Serverless::Api", "AWS::Serverless::HttpApi"),
       ("aws_api_gateway_rest_api", "aws_apigatewayv2_api")),
    _r("api_integration", ("AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Integration"),
       ("aws_api_gateway_integration", "aws_apigatewayv2_integration"),
       api=("RestApiId|ApiId", "rest_api_id|api_id"), uri=("Integration.Uri|IntegrationUri", "uri|integration_uri")),
    _c("aws.cognito", ("AWS::Cognito::UserPool",), ("aws_cognito_user_pool",)),
    _c("aws.global_accelerator", ("AWS::GlobalAccelerator::Accelerator",), ("aws_globalaccelerator_accelerator",)),
    # -- compute ---------------------------------------------------------------
    _c("aws.ec2", ("AWS::EC2::Instance",), ("aws_instance",), **_COMPUTE,
       profile=("IamInstanceProfile", "iam_instance_profile")),
    _c("aws.asg", ("AWS::AutoScaling::AutoScalingGroup",), ("aws_autoscaling_group",), subnets=_SUBNETS,
       min=("MinSize", "min_size"), max=("MaxSize", "max_size"), desired=("DesiredCapacity", "desired_capacity"),
       launch=("LaunchConfigurationName|LaunchTemplate.LaunchTemplateId", "launch_configuration|launch_template.id"),
       target_groups=("TargetGroupARNs|LoadBalancerNames", "target_group_arns|load_balancers")),
    _r("launch_config", ("AWS::AutoScaling::LaunchConfiguration", "AWS::EC2::LaunchTemplate"),
       ("aws_launch_configuration", "aws_launch_template"),
       security_groups=("SecurityGroups|LaunchTemplateData.SecurityGroupIds|LaunchTemplateData.NetworkInterfaces.Groups",
                        "security_groups|vpc_security_group_ids"),
       profile=("IamInstanceProfile|LaunchTemplateData.IamInstanceProfile.Arn|LaunchTemplateData.IamInstanceProfile.Name",
                "iam_instance_profile|iam_instance_profile.name|iam_instance_profile.arn")),
    _c("aws.ecs", ("AWS::ECS::Service",), ("aws_ecs_service",), **_COMPUTE, count=("DesiredCount", "desired_count"),
       task=("TaskDefinition", "task_definition"), target_groups=("LoadBalancers", "load_balancer")),
    _r("task_definition", ("AWS::ECS::TaskDefinition",), ("aws_ecs_task_definition",),
       role=("TaskRoleArn", "task_role_arn"), containers=("ContainerDefinitions", "container_definitions")),
    _c("aws.eks", ("AWS::EKS::Cluster",), ("aws_eks_cluster",), **_COMPUTE),
    _r("node_group", ("AWS::EKS::Nodegroup",), ("aws_eks_node_group",), cluster=("ClusterName", "cluster_name"),
       role=("NodeRole", "node_role_arn"),
       subnets=_SUBNETS, min=("ScalingConfig.MinSize", "scaling_config.min_size"), max=("ScalingConfig.MaxSize", "scaling_config.max_size")),
    _c("aws.lambda", ("AWS::Lambda::Function", "AWS::Serverless::Function"), ("aws_lambda_function",), **_COMPUTE,
       dlq=("DeadLetterConfig.TargetArn", "dead_letter_config.target_arn"), role=("Role", "role"),
       events=("Events", "")),
    _r("event_source", ("AWS::Lambda::EventSourceMapping",), ("aws_lambda_event_source_mapping",),
       source=("EventSourceArn", "event_source_arn"), function=("FunctionName", "function_name")),
    _r("permission", ("AWS::Lambda::Permission",), ("aws_lambda_permission",),
       source=("SourceArn", "source_arn"), function=("FunctionName", "function_name")),
    _c("aws.step_functions", ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"), ("aws_sfn_state_machine",),
       role=("RoleArn", "role_arn"), definition=("DefinitionString|Definition", "definition")),
    _c("aws.eventbridge", ("AWS::Events::Rule",), ("aws_cloudwatch_event_rule",), targets=("Targets", "")),
    _r("event_target", (), ("aws_cloudwatch_event_target",), rule=("", "rule"), target=("", "arn")),
    # -- messaging and data ----------------------------------------------------
    _c("aws.sqs", ("AWS::SQS::Queue",), ("aws_sqs_queue",), dlq=("RedrivePolicy.deadLetterTargetArn", "redrive_policy"),
       encrypted=("KmsMasterKeyId|SqsManagedSseEnabled", "kms_master_key_id|sqs_managed_sse_enabled")),
    _c("aws.sns", ("AWS::SNS::Topic",), ("aws_sns_topic",), subscriptions=("Subscription", ""),
       encrypted=("KmsMasterKeyId", "kms_master_key_id")),
    _r("subscription", ("AWS::SNS::Subscription",), ("aws_sns_topic_subscription",),
       topic=("TopicArn", "topic_arn"), endpoint=("Endpoint", "endpoint")),
    _c("aws.kinesis", ("AWS::Kinesis::Stream",), ("aws_kinesis_stream",),
       encrypted=("StreamEncryption", "encryption_type")),
    _c("aws.firehose", ("AWS::KinesisFirehose::DeliveryStream",), ("aws_kinesis_firehose_delivery_stream",)),
    _c("aws.s3", ("AWS::S3::Bucket",), ("aws_s3_bucket",), replication=("ReplicationConfiguration.Rules", "replication_configuration"),
       notifications=("NotificationConfiguration", ""), encrypted=("BucketEncryption", "server_side_encryption_configuration")),
    _r("bucket_replication", (), ("aws_s3_bucket_replication_configuration",), bucket=("", "bucket")),
    _r("bucket_notification", (), ("aws_s3_bucket_notification",), bucket=("", "bucket")),
    _c("aws.dynamodb", ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::Serverless::SimpleTable"), ("aws_dynamodb_table",),
       pitr=("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", "point_in_time_recovery.enabled"),
       replicas=("Replicas", "replica"), encrypted=("SSESpecification.SSEEnabled", "server_side_encryption.enabled")),
    _c("aws.efs", ("AWS::EFS::FileSystem",), ("aws_efs_file_system",), encrypted=("Encrypted", "encrypted")),
    _r("mount_target", ("AWS::EFS::MountTarget",), ("aws_efs_mount_target",), filesystem=("FileSystemId", "file_system_id"),
       security_groups=("SecurityGroups", "security_groups")),
    _c("aws.rds", ("AWS::RDS::DBInstance",), ("aws_db_instance",), **_DB),
    _c("aws.aurora", ("AWS::RDS::DBCluster",), ("aws_rds_cluster",), **_DB),
    _r("db_member", ("AWS::DocDB::DBInstance", "AWS::Neptune::DBInstance"),
       ("aws_rds_cluster_instance", "aws_docdb_cluster_instance"), cluster=_DB["cluster"]),
    _c("aws.documentdb", ("AWS::DocDB::DBCluster",), ("aws_docdb_cluster",), **_DB),
    _c("aws.elasticache", ("AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster"),
       ("aws_elasticache_replication_group", "aws_elasticache_cluster"), **_DB),
    _c("aws.opensearch", ("AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"),
       ("aws_opensearch_domain", "aws_elasticsearch_domain"), **_DB),
    _c("aws.redshift", ("AWS::Redshift::Cluster",), ("aws_redshift_cluster",), **_DB),
    _c("aws.msk", ("AWS::MSK::Cluster",), ("aws_msk_cluster",), **_DB),
    _c("aws.dms", ("AWS::DMS::ReplicationInstance",), ("aws_dms_replication_instance",), **_DB),
    _c("aws.glue", ("AWS::Glue::Job",), ("aws_glue_job",)),
    _c("aws.athena", ("AWS::Athena::WorkGroup",), ("aws_athena_workgroup",)),
    _c("aws.sagemaker_endpoint", ("AWS::SageMaker::Endpoint",), ("aws_sagemaker_endpoint",)),
    # -- security and operations -------------------------------------------------
    _c("aws.kms", ("AWS::KMS::Key",), ("aws_kms_key",)),
    _c("aws.secrets_manager", ("AWS::SecretsManager::Secret",), ("aws_secretsmanager_secret",)),
    _c("aws.cloudtrail", ("AWS::CloudTrail::Trail",), ("aws_cloudtrail",)),
    _c("aws.config", ("AWS::Config::ConfigurationRecorder",), ("aws_config_configuration_recorder",)),
    _c("aws.guardduty", ("AWS::GuardDuty::Detector",), ("aws_guardduty_detector",)),
    _c("aws.security_hub", ("AWS::SecurityHub::Hub",), ("aws_securityhub_account",)),
    _r("iam_role", ("AWS::IAM::Role",), ("aws_iam_role",), policies=("Policies", "inline_policy"),
       managed=("ManagedPolicyArns", "managed_policy_arns")),
    _r("iam_policy", ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"), ("aws_iam_role_policy", "aws_iam_policy"),
       roles=("Roles", "role"), document=("PolicyDocument", "policy")),
    _r("policy_attachment", (), ("aws_iam_role_policy_attachment",), role=("", "role"), policy=("", "policy_arn")),
    _r("instance_profile", ("AWS::IAM::InstanceProfile",), ("aws_iam_instance_profile",), roles=("Roles", "role")),
    _r("nested_stack", ("AWS::CloudFormation::Stack",), ()),
]

# Configuration that only tunes a component already imported: consumed, not reported as skipped.
SUPPORTING_TYPES = frozenset({
    "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::EIP", "AWS::ECS::Cluster", "AWS::RDS::DBParameterGroup",
    "AWS::RDS::DBClusterParameterGroup", "AWS::ElastiCache::ParameterGroup", "AWS::CloudWatch::Alarm",
    "AWS::CloudWatch::Dashboard", "AWS::Logs::LogGroup", "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::ApiGateway::Resource", "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage",
    "AWS::ApiGatewayV2::Route", "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy",
    "AWS::KMS::Alias", "AWS::AutoScaling::ScalingPolicy", "AWS::ApplicationAutoScaling::ScalableTarget",
    "AWS::ApplicationAutoScaling::ScalingPolicy", "AWS::EC2::SecurityGroupEgress", "AWS::EC2::NetworkAcl",
    "AWS::EC2::NetworkAclEntry", "AWS::EC2::SubnetNetworkAclAssociation", "AWS::CertificateManager::Certificate",
    "AWS::Lambda::Version", "AWS::Lambda::Alias", "AWS::CloudFront::CloudFrontOriginAccessIdentity",
    "AWS::CloudFront::OriginAccessControl", "AWS::SSM::Parameter", "AWS::CloudFormation::WaitCondition",
    "AWS::CloudFormation::WaitConditionHandle", "AWS::SecretsManager::SecretTargetAttachment", "AWS::IAM::User",
    "AWS::IAM::Group", "AWS::IAM::AccessKey", "AWS::EFS::AccessPoint", "AWS::Lambda::LayerVersion",
    "aws_eip", "aws_ecs_cluster", "aws_db_parameter_group", "aws_db_option_group", "aws_rds_cluster_parameter_group",
    "aws_elasticache_parameter_group", "aws_cloudwatch_metric_alarm", "aws_cloudwatch_dashboard",
    "aws_cloudwatch_log_group", "aws_lb_listener_rule", "aws_api_gateway_resource", "aws_api_gateway_method",
    "aws_api_gateway_deployment", "aws_api_gateway_stage", "aws_apigatewayv2_stage", "aws_apigatewayv2_route",
    "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block", "aws_s3_bucket_versioning", "aws_s3_bucket_acl",
    "aws_s3_bucket_ownership_controls", "aws_s3_bucket_server_side_encryption_configuration", "aws_sqs_queue_policy",
    "aws_sns_topic_policy", "aws_kms_alias", "aws_appautoscaling_target", "aws_appautoscaling_policy",
    "aws_autoscaling_policy", "aws_network_acl", "aws_network_acl_rule", "aws_acm_certificate", "aws_lambda_alias",
    "aws_cloudfront_origin_access_identity", "aws_cloudfront_origin_access_control", "aws_ssm_parameter",
    "aws_secretsmanager_secret_version", "aws_iam_user", "aws_iam_group", "aws_iam_access_key", "aws_efs_access_point",
    "aws_lambda_layer_version", "aws_default_security_group", "aws_default_network_acl",
    "aws_default_route_table", "aws_vpc_security_group_egress_rule", "aws_db_instance_automated_backups_replication",
    "aws_lb_target_group_attachment", "aws_key_pair", "aws_iam_policy_document", "aws_ebs_volume", "aws_ecr_repository",
})

CFN, TF = 0, 1


@dataclass(frozen=True)
class Typed:
    """A row looked up for one dialect."""

    kind: Kind
    dialect: int

    def path(self, name: str) -> str:
        return self.kind.fields.get(name, ("", ""))[self.dialect]


def _index() -> dict[str, Typed]:
    table: dict[str, Typed] = {}
    for kind in KINDS:
        for name in kind.cfn:
            table[name] = Typed(kind, CFN)
        for name in kind.tf:
            table[name] = Typed(kind, TF)
    return table


BY_TYPE = _index()


def lookup(resource_type: str) -> Typed | None:
    return BY_TYPE.get(resource_type)
