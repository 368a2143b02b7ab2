"""Import benchmark: `archlint import cloudformation` on a 13-stack, 140-resource nested template.

The parent stack nests a network stack (VPC, three public and three private
subnets, one NAT gateway per AZ with its routes) and eleven service stacks
(security groups, load balancer with listener and target group, launch
template and autoscaling group, queue, table), passing the VPC and subnets
down as parameters and reading them back from the network stack's outputs,
all through local `TemplateURL`s. Measures the whole process, interpreter
start-up included (median of several runs).

    python bench/bench_import.py [--runs 7] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

SERVICES = 11
AZS = 3
HEADER = 'AWSTemplateFormatVersion: "2010-09-09"\n'


def network_stack() -> str:
    lines = [HEADER, "Resources:\n",
             "  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n",
             "  Igw: {Type: AWS::EC2::InternetGateway}\n",
             "  IgwAttach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}\n",
             "  PublicRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}\n",
             "  PublicRoute: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref PublicRt, "
             "DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}}\n"]
    for az in range(AZS):
        lines += [
            f"  Public{az}: {{Type: AWS::EC2::Subnet, Properties: {{VpcId: !Ref Vpc, CidrBlock: 10.0.{az}.0/24, "
            f"AvailabilityZone: !Select [{az}, !GetAZs '']}}}}\n",
            f"  Public{az}Assoc: {{Type: AWS::EC2::SubnetRouteTableAssociation, "
            f"Properties: {{SubnetId: !Ref Public{az}, RouteTableId: !Ref PublicRt}}}}\n",
            f"  Private{az}: {{Type: AWS::EC2::Subnet, Properties: {{VpcId: !Ref Vpc, CidrBlock: 10.0.{10 + az}.0/24, "
            f"AvailabilityZone: !Select [{az}, !GetAZs '']}}}}\n",
            f"  Eip{az}: {{Type: AWS::EC2::EIP, Properties: {{Domain: vpc}}}}\n",
            f"  Nat{az}: {{Type: AWS::EC2::NatGateway, Properties: {{SubnetId: !Ref Public{az}, "
            f"AllocationId: !GetAtt Eip{az}.AllocationId}}}}\n",
            f"  PrivateRt{az}: {{Type: AWS::EC2::RouteTable, Properties: {{VpcId: !Ref Vpc}}}}\n",
            f"  PrivateRoute{az}: {{Type: AWS::EC2::Route, Properties: {{RouteTableId: !Ref PrivateRt{az}, "
            f"DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat{az}}}}}\n",
            f"  Private{az}Assoc: {{Type: AWS::EC2::SubnetRouteTableAssociation, "
            f"Properties: {{SubnetId: !Ref Private{az}, RouteTableId: !Ref PrivateRt{az}}}}}\n"]
    public = ", ".join(f"!Ref Public{az}" for az in range(AZS))
    private = ", ".join(f"!Ref Private{az}" for az in range(AZS))
    lines += ["Outputs:\n", "  VpcId: {Value: !Ref Vpc}\n",
              f"  PublicSubnets: {{Value: !Join [',', [{public}]]}}\n",
              f"  PrivateSubnets: {{Value: !Join [',', [{private}]]}}\n"]
    return "".join(lines)


def service_stack(index: int) -> str:
    return HEADER + f"""Parameters:
  VpcId: {{Type: AWS::EC2::VPC::Id}}
  PublicSubnets: {{Type: List<AWS::EC2::Subnet::Id>}}
  PrivateSubnets: {{Type: List<AWS::EC2::Subnet::Id>}}
  Port: {{Type: Number, Default: {8000 + index}}}
Resources:
  AlbSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: load balancer
      VpcId: !Ref VpcId
      SecurityGroupIngress: [{{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}}]
  AppSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      VpcId: !Ref VpcId
      SecurityGroupIngress: [{{IpProtocol: tcp, FromPort: !Ref Port, ToPort: !Ref Port, SourceSecurityGroupId: !Ref AlbSg}}]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {{Subnets: !Ref PublicSubnets, SecurityGroups: [!Ref AlbSg]}}
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {{Port: !Ref Port, Protocol: HTTP, VpcId: !Ref VpcId}}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      DefaultActions: [{{Type: forward, TargetGroupArn: !Ref Targets}}]
  Launch:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData: {{InstanceType: t3.small, SecurityGroupIds: [!Ref AppSg]}}
  App:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: "2"
      MaxSize: "6"
      VPCZoneIdentifier: !Ref PrivateSubnets
      TargetGroupARNs: [!Ref Targets]
      LaunchTemplate: {{LaunchTemplateId: !Ref Launch, Version: !GetAtt Launch.LatestVersionNumber}}
  Queue:
    Type: AWS::SQS::Queue
    Properties: {{SqsManagedSseEnabled: true}}
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      PointInTimeRecoverySpecification: {{PointInTimeRecoveryEnabled: true}}
Outputs:
  QueueUrl: {{Value: !Ref Queue}}
"""


def parent_stack() -> str:
    lines = [HEADER, "Resources:\n", "  Network:\n    Type: AWS::CloudFormation::Stack\n",
             "    Properties: {TemplateURL: ./network.yaml}\n"]
    for index in range(1, SERVICES + 1):
        lines += [f"  Service{index:02d}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n",
                  f"      TemplateURL: ./service-{index:02d}.yaml\n      Parameters:\n",
                  "        VpcId: !GetAtt Network.Outputs.VpcId\n",
                  "        PublicSubnets: !GetAtt Network.Outputs.PublicSubnets\n",
                  "        PrivateSubnets: !GetAtt Network.Outputs.PrivateSubnets\n"]
    return "".join(lines)


def write_stacks(folder: str) -> str:
    """The 13 templates in `folder`; the parent's path."""
    files = {"parent.yaml": parent_stack(), "network.yaml": network_stack(),
             **{f"service-{i:02d}.yaml": service_stack(i) for i in range(1, SERVICES + 1)}}
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    return os.path.join(folder, "parent.yaml")


def count_resources(folder: str) -> tuple[int, int]:
    """(stacks, resources) written, every resource of every template counted once."""
    from linter.importers.cfn_yaml import read_template
    names = sorted(n for n in os.listdir(folder) if n.endswith(".yaml") and n != "out.yaml")
    return len(names), sum(len(read_template(os.path.join(folder, n), n)["Resources"]) for n in names)


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", metavar="DIR", help="write the templates there and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or scratch
        os.makedirs(folder, exist_ok=True)
        parent = write_stacks(folder)
        stacks, resources = count_resources(folder)
        command = [sys.executable, "-m", "linter", "import", "cloudformation", parent, "--output", os.path.join(folder, "out.yaml")]
        samples = [timed(command) for _ in range(args.runs)]
        floor = statistics.median(timed([sys.executable, "-c", "import yaml, networkx"]) for _ in range(args.runs))
    print(f"{stacks} stacks, {resources} resources: import {statistics.median(samples) * 1000:.0f} ms median of {args.runs} "
          f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f}); import yaml, networkx floor {floor * 1000:.0f} ms")


if __name__ == "__main__":
    main()
