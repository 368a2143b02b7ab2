"""`archlint import cloudformation`: real templates, evaluation, grouping, flows and bad input."""
from __future__ import annotations

import json

import pytest

from importer_helpers import REAL, WORDPRESS, imported, run  # noqa: F401 - fixtures

SHORT_FORMS = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod, AllowedValues: [prod, dev]}
  Cidr: {Type: String, Default: 10.1.0.0/16}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Sizes: {prod: {Count: 3}, dev: {Count: 1}}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref Cidr}
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      AvailabilityZone: !Select [0, !GetAZs ""]
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      AvailabilityZone: !Select [1, !GetAZs {Ref: "AWS::Region"}]
      CidrBlock: 10.1.1.0/24
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 3}
  Dlq: {Type: AWS::SQS::Queue}
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      NumCacheClusters: !FindInMap [Sizes, !Ref Env, Count]
      MultiAZEnabled: !If [IsProd, true, false]
      CacheSubnetGroupName: !Ref CacheSubnets
  CacheSubnets:
    Type: AWS::ElastiCache::SubnetGroup
    Properties: {SubnetIds: [!Ref SubnetA, !Ref SubnetB], Description: cache}
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Environment: {Variables: {QUEUE_URL: !Sub "https://${Queue}"}}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {EventSourceArn: !GetAtt Queue.Arn, FunctionName: !Ref Worker}
  Gadget: {Type: AWS::Gadget::Thing}
"""


@pytest.fixture
def template(tmp_path):
    def write(text: str, name: str = "stack.yaml"):
        path = tmp_path / name
        path.write_text(text)
        return path
    return write


def test_wordpress_reference_architecture_imports_with_its_nested_stacks(imported) -> None:
    data = imported("cloudformation", WORDPRESS)
    components = data["components"]
    db = components["DatabaseCluster"]
    assert db["type"] == "aws.aurora" and db["count"] == 2 and db["encrypted"] is True
    assert db["subnets"] == ["DataSubnet0", "DataSubnet1", "DataSubnet2"]
    web = components["WebAutoScalingGroup"]
    assert web["autoscaling"] == {"min": 2, "max": 4} and len(web["subnets"]) == 3
    subnets = data["networks"]["Vpc"]["subnets"]
    assert subnets["PublicSubnet0"]["public"] is True and "public" not in subnets["WebSubnet0"]
    assert data["networks"]["Vpc"]["flow_logs"] is True
    flows = {(f["from"], f["to"]): f for f in data["flows"]}
    assert flows[("WebAutoScalingGroup", "DatabaseCluster")]["port"] == 3306
    assert ("internet", "PublicApplicationLoadBalancer") in flows
    assert ("PublicApplicationLoadBalancer", "WebAutoScalingGroup") in flows
    assert components["BastionAutoScalingGroup"]["role"] == "bastion"


def test_nat_gateways_stay_one_per_az_with_the_same_sources(imported) -> None:
    data = imported("cloudformation", WORDPRESS)
    subnets = data["networks"]["Vpc"]["subnets"]
    nats = {cid: c for cid, c in data["components"].items() if c["type"] == "aws.nat_gateway"}
    assert len(nats) == 3
    assert len({subnets[c["subnets"][0]]["az"] for c in nats.values()}) == 3
    sources = [{f["from"] for f in data["flows"] if f["to"] == nat} for nat in nats]
    assert sources[0] and all(s == sources[0] for s in sources)


PER_AZ_NATS = """\
blueprint: per-az-nats
regions: {us-east-1: {azs: [us-east-1a, us-east-1b]}}
networks:
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      pub-a: {az: us-east-1a, cidr: 10.0.0.0/24, public: true}
      pub-b: {az: us-east-1b, cidr: 10.0.1.0/24, public: true}
      app-a: {az: us-east-1a, cidr: 10.0.2.0/24}
      app-b: {az: us-east-1b, cidr: 10.0.3.0/24}
components:
  nat-a: {type: aws.nat_gateway, subnets: [pub-a]}
  nat-b: {type: aws.nat_gateway, subnets: [pub-b]}
  app: {type: aws.asg, subnets: [app-a, app-b], autoscaling: {min: 2, max: 4}}
flows: [app -> nat-a, app -> nat-b]
"""


def single_az_findings(run, path, prefix: str) -> list[dict]:
    status, out, _ = run("lint", path, "--format", "json", "--no-config")
    assert status in (0, 1)
    return [f for f in json.loads(out)["findings"] if f["rule"] in ("AZ001", "SPOF001") and f["element"].startswith(prefix)]


def test_per_az_nat_gateways_get_no_single_az_findings(run, tmp_path) -> None:
    """The import writes one NAT gateway per AZ as per-AZ siblings (rules 1.1): no AZ001 or SPOF001 on
    them, as on a hand-written pair."""
    target, pair = tmp_path / "wp.yaml", tmp_path / "pair.yaml"
    assert run("import", "cfn", WORDPRESS, "--output", target)[0] == 0
    pair.write_text(PER_AZ_NATS)
    assert not single_az_findings(run, pair, "nat-")
    assert not single_az_findings(run, target, "NatGateway")


def test_every_element_names_its_source_line(imported) -> None:
    data = imported("cloudformation", WORDPRESS)
    elements = [c for cid, c in data["components"].items() if cid != "internet"]
    elements += [s for n in data["networks"].values() for s in n["subnets"].values()] + data["flows"]
    for element in elements:
        source = element["x-source"]
        assert source["file"].endswith(".yaml") and source["line"] > 0 and source["id"]
    assert data["components"]["DatabaseCluster"]["x-source"]["file"].endswith("aws-refarch-wordpress-03-rds.yaml")


def test_parameters_file_in_aws_cli_shape_sets_values(imported, tmp_path) -> None:
    params = tmp_path / "params.json"
    params.write_text(json.dumps([{"ParameterKey": "WebAsgMin", "ParameterValue": "3"},
                                  {"ParameterKey": "WebAsgMax", "ParameterValue": "6"}]))
    data = imported("cfn", WORDPRESS, "--parameters", str(params))
    assert data["components"]["WebAutoScalingGroup"]["autoscaling"] == {"min": 3, "max": 6}


def test_short_form_tags_and_intrinsics_are_evaluated(imported, template, run) -> None:
    data = imported("cfn", template(SHORT_FORMS), "--region", "eu-west-1")
    subnets = data["networks"]["Vpc"]["subnets"]
    assert subnets["SubnetA"] == {"az": "eu-west-1a", "cidr": "10.1.0.0/24", "x-source": subnets["SubnetA"]["x-source"]}
    assert subnets["SubnetB"]["az"] == "eu-west-1b"
    cache = data["components"]["Cache"]
    assert cache["count"] == 3 and cache["multi_az"] is True and cache["subnets"] == ["SubnetA", "SubnetB"]
    assert data["components"]["Queue"]["dlq"] == "Dlq"
    flows = {(f["from"], f["to"]): f for f in data["flows"]}
    assert flows[("Queue", "Worker")]["async"] is True
    assert ("Worker", "Queue") in flows  # the queue's URL is in its environment


def test_header_says_what_was_assumed_and_skipped(run, template) -> None:
    status, out, _ = run("import", "cfn", template(SHORT_FORMS))
    assert status == 0
    head = [line for line in out.splitlines() if line.startswith("#")]
    assert "# Assumed: parameter Env = prod (default)" in head
    assert "# Assumed: condition IsProd is true" in head
    assert any(line.startswith("# Not imported: AWS::Gadget::Thing") for line in head)


def test_the_import_is_deterministic(run, template) -> None:
    path = template(SHORT_FORMS)
    assert run("import", "cfn", path)[1] == run("import", "cfn", path)[1]


def test_json_templates_import_too(imported, template) -> None:
    text = json.dumps({"Resources": {"Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}}}}}, indent="\t")
    data = imported("cfn", template(text, "stack.json"))
    assert data["components"]["Table"]["backup"] == {"pitr": True}


@pytest.mark.parametrize("name", sorted(p.name for p in (REAL / "cfn-templates").glob("*.yaml")))
def test_real_sample_templates_import_and_lint(run, tmp_path, name) -> None:
    target = tmp_path / "out.yaml"
    status, _, err = run("import", "cfn", REAL / "cfn-templates" / name, "--output", target)
    assert status == 0, err
    assert run("lint", target, "--no-config")[0] in (0, 1)


def test_read_replica_names_its_primary(imported) -> None:
    data = imported("cfn", REAL / "cfn-templates" / "RDS_MySQL_With_Read_Replica.yaml")
    assert data["components"]["ReplicaDB"]["replica_of"] == "MainDB"


@pytest.mark.parametrize("text, line", [
    ("Resources: [\n", 2),
    ("AWSTemplateFormatVersion: '2010-09-09'\nDescription: no resources\n", 1),
    ("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: !Ref Missing\n", 5),
    ("Resources:\n  Q:\n    Properties: {}\n", 2),
])
def test_bad_templates_exit_2_with_a_position_and_write_nothing(run, template, tmp_path, text, line) -> None:
    output = tmp_path / "kept.yaml"
    output.write_text("blueprint: kept\n")
    status, _, err = run("import", "cfn", template(text), "--output", output)
    assert status == 2
    assert f"stack.yaml:{line}:" in err and "Traceback" not in err
    assert output.read_text() == "blueprint: kept\n"


def test_every_unresolvable_reference_is_reported_at_once(run, template) -> None:
    text = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      A: !Ref One\n      B: !GetAtt Two.Arn\n"
    status, _, err = run("import", "cfn", template(text))
    assert status == 2 and "stack.yaml:5:" in err and "stack.yaml:6:" in err


def test_a_nested_stack_that_is_not_local_is_a_header_warning(run, template) -> None:
    text = ("Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
            "      TemplateURL: https://example.com/elsewhere/child.yaml\n  Topic: {Type: AWS::SNS::Topic}\n")
    status, out, _ = run("import", "cfn", template(text))
    assert status == 0
    assert "# Not imported: nested stack Child: TemplateURL https://example.com/elsewhere/child.yaml" in out
    assert "Topic:" in out


def test_a_local_nested_stack_passes_parameters_down_and_outputs_up(imported, template) -> None:
    template("Parameters:\n  Vpc: {Type: String}\nResources:\n  Sub:\n    Type: AWS::EC2::Subnet\n"
             "    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.2.0.0/24, AvailabilityZone: us-east-1a}\n"
             "Outputs:\n  SubnetId: {Value: !Ref Sub}\n", "child.yaml")
    parent = template("Resources:\n  Net:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.2.0.0/16}\n"
                      "  Kid:\n    Type: AWS::CloudFormation::Stack\n"
                      "    Properties: {TemplateURL: ./child.yaml, Parameters: {Vpc: !Ref Net}}\n"
                      "  Box:\n    Type: AWS::EC2::Instance\n    Properties: {SubnetId: !GetAtt Kid.Outputs.SubnetId}\n")
    data = imported("cfn", parent)
    assert "Sub" in data["networks"]["Net"]["subnets"]
    assert data["components"]["Box"]["subnets"] == ["Sub"]
