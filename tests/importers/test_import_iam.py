"""IAM import: inline, customer-managed and AWS-managed policies become roles and grants on components."""
from __future__ import annotations

import datetime

from importer_helpers import REAL, WORDPRESS, imported, run  # noqa: F401 - fixtures
from linter.importers.iam import managed_policies

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Orders: {Type: AWS::DynamoDB::Table}
  Uploads: {Type: AWS::S3::Bucket}
  Jobs: {Type: AWS::SQS::Queue}
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - !Ref JobsPolicy
        - arn:aws:iam::aws:policy/NoSuchPolicyAnywhere
      Policies:
        - PolicyName: orders
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: [dynamodb:GetItem, dynamodb:PutItem], Resource: !GetAtt Orders.Arn}
              - {Effect: Allow, Action: s3:GetObject, Resource: !Sub "${Uploads.Arn}/*"}
              - {Effect: Deny, Action: "dynamodb:*", Resource: "*"}
              - {Effect: Allow, Action: logs:PutLogEvents, Resource: "arn:aws:logs:us-east-1:123456789012:*"}
  JobsPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Allow, Action: [sqs:SendMessage], Resource: !GetAtt Jobs.Arn}]
  TaskRole:
    Type: AWS::IAM::Role
  TaskPolicy:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref TaskRole]
      PolicyDocument:
        Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]
  HostRole:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore]
  HostProfile:
    Type: AWS::IAM::InstanceProfile
    Properties: {Roles: [!Ref HostRole]}
  UnusedRole: {Type: AWS::IAM::Role}
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Role: !GetAtt FnRole.Arn}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties: {TaskRoleArn: !GetAtt TaskRole.Arn}
  Service:
    Type: AWS::ECS::Service
    Properties: {TaskDefinition: !Ref Task}
  Host:
    Type: AWS::EC2::Instance
    Properties: {IamInstanceProfile: !Ref HostProfile}
"""


def imported_iam(imported, tmp_path) -> tuple[dict, dict]:
    path = tmp_path / "app.yaml"
    path.write_text(TEMPLATE)
    data = imported("cfn", path)
    return data, data["iam"]


def test_inline_customer_and_aws_managed_policies_become_grants(imported, tmp_path) -> None:
    _, iam = imported_iam(imported, tmp_path)
    allow = iam["FnRole"]["allow"]
    assert {"actions": ["dynamodb:GetItem", "dynamodb:PutItem"], "resources": ["Orders"]} in allow
    assert {"actions": ["s3:GetObject"], "resources": ["Uploads"]} in allow
    assert {"actions": ["sqs:SendMessage"], "resources": ["Jobs"]} in allow  # customer-managed, by Ref
    basic = {"actions": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "resources": ["*"]}
    assert basic in allow  # AWS-managed, from the snapshot
    assert not [g for g in allow if "dynamodb:*" in g["actions"]]  # Deny is not a grant
    assert not [g for g in allow if g["actions"] == ["logs:PutLogEvents"]]  # a resource outside the template
    assert iam["TaskRole"]["allow"] == [{"actions": ["s3:*"], "resources": ["*"]}]  # AWS::IAM::Policy naming the role


def test_roles_attach_to_the_components_that_run_with_them(imported, tmp_path) -> None:
    _, iam = imported_iam(imported, tmp_path)
    assert iam["FnRole"]["attached_to"] == ["Fn"]
    assert iam["TaskRole"]["attached_to"] == ["Service"]  # through the task definition
    assert iam["HostRole"]["attached_to"] == ["Host"]  # through the instance profile
    assert "UnusedRole" not in iam
    assert iam["FnRole"]["x-source"]["line"] == 6


def test_header_names_the_snapshot_and_what_it_lacks(run, tmp_path) -> None:
    path = tmp_path / "app.yaml"
    path.write_text(TEMPLATE)
    status, out, _ = run("import", "cfn", path)
    assert status == 0
    snapshot = managed_policies()["snapshot"]
    assert f"# Assumed: AWS-managed policy AWSLambdaBasicExecutionRole: actions from the snapshot of {snapshot}" in out
    assert "# Not imported: managed policy NoSuchPolicyAnywhere of FnRole" in out
    assert "# Not imported: IAM role UnusedRole" in out


def test_imported_roles_are_linted_for_least_privilege(run, tmp_path) -> None:
    path, target = tmp_path / "app.yaml", tmp_path / "bp.yaml"
    path.write_text(TEMPLATE)
    run("import", "cfn", path, "--output", target)
    status, out, _ = run("lint", target, "--no-config", "--select", "LP001")
    assert status == 1 and "TaskRole" in out  # s3:* on the task role


def test_lint_from_template_points_role_findings_at_the_role(run, tmp_path) -> None:
    path = tmp_path / "app.yaml"
    path.write_text(TEMPLATE)
    status, out, _ = run("lint", "--from", "cfn", path, "--no-config", "--select", "LP001")
    assert status == 1
    role_line = TEMPLATE.splitlines().index("  TaskRole:") + 1
    finding = next(line for line in out.splitlines() if "LP001" in line and "TaskRole" in line)
    assert finding.startswith(f"{path}:{role_line}:") or f"app.yaml:{role_line}:" in finding


def test_snapshot_is_dated_and_has_the_common_policies() -> None:
    snapshot = managed_policies()
    datetime.date.fromisoformat(snapshot["snapshot"])
    for name in ("AmazonS3ReadOnlyAccess", "AmazonDynamoDBFullAccess", "AWSLambdaBasicExecutionRole",
                 "AmazonSQSFullAccess", "AdministratorAccess", "ReadOnlyAccess"):
        assert snapshot["policies"][name]["actions"]
    assert snapshot["policies"]["AdministratorAccess"]["actions"] == ["*"]


def test_real_template_roles_attach_through_launch_configurations(imported) -> None:
    iam = imported("cfn", WORDPRESS)["iam"]
    assert iam["WebInstanceRole"]["attached_to"] == ["WebAutoScalingGroup"]
    assert "autoscaling:UpdateAutoScalingGroup" in iam["InstanceRole"]["allow"][0]["actions"]
    assert iam["LambdaRole"]["attached_to"] == ["EfsSizeMonitorFunction"]


def test_real_terraform_plan_roles(imported) -> None:
    iam = imported("tf", REAL / "terraform" / "terragoat-plan.json")["iam"]
    assert iam["ec2role"]["attached_to"] == ["db_app"]
    assert iam["ec2role"]["allow"] == [{"actions": ["s3:*", "ec2:*", "rds:*"], "resources": ["*"]}]
