"""SAM: a serverless function's `Events` become the flows that deliver to it."""
from __future__ import annotations

from importer_helpers import REAL, imported, run  # noqa: F401 - fixtures

SAM = REAL / "sam"

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs: {Type: AWS::SQS::Queue}
  Orders:
    Type: AWS::DynamoDB::Table
    Properties: {StreamSpecification: {StreamViewType: NEW_IMAGE}}
  Uploads: {Type: AWS::S3::Bucket}
  Http: {Type: AWS::Serverless::HttpApi}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        FromQueue: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}
        FromTable: {Type: DynamoDB, Properties: {Stream: !GetAtt Orders.StreamArn, StartingPosition: LATEST}}
        FromBucket: {Type: S3, Properties: {Bucket: !Ref Uploads, Events: "s3:ObjectCreated:*"}}
        Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}
        Web: {Type: HttpApi, Properties: {ApiId: !Ref Http}}
        Chat: {Type: IoTRule, Properties: {Sql: "SELECT * FROM 'topic'"}}
Outputs:
  Role: {Value: !GetAtt WorkerRole.Arn}
"""


def flows_of(data: dict) -> dict[tuple[str, str], dict]:
    return {(f["from"], f["to"]): f for f in data.get("flows", [])}


def test_event_sources_deliver_asynchronously(imported, tmp_path) -> None:
    path = tmp_path / "sam.yaml"
    path.write_text(TEMPLATE)
    flows = flows_of(imported("cfn", path))
    for source in ("Jobs", "Orders", "Uploads", "WorkerNightly"):
        assert flows[(source, "Worker")]["async"] is True
    assert "async" not in flows[("Http", "Worker")]  # an explicit API answers synchronously
    assert flows[("Jobs", "Worker")]["x-source"]["line"] == 14  # the line of `FromQueue:`


def test_schedule_becomes_the_rule_sam_creates_and_unknown_events_are_said(run, tmp_path) -> None:
    path, target = tmp_path / "sam.yaml", tmp_path / "bp.yaml"
    path.write_text(TEMPLATE)
    status, _, err = run("import", "cfn", path, "--output", target)
    assert status == 0, err
    text = target.read_text()
    assert "# Not imported: event Chat (IoTRule) of Worker" in text
    assert "WorkerNightly:\n    type: aws.eventbridge" in text


def test_real_api_backend_gets_the_implicit_api(imported) -> None:
    data = imported("cfn", SAM / "api_backend.yaml")
    flows = flows_of(data)
    assert data["components"]["ServerlessRestApi"]["type"] == "aws.api_gateway"
    assert data["components"]["Table"]["type"] == "aws.dynamodb"  # AWS::Serverless::SimpleTable
    for function in ("GetFunction", "PutFunction", "DeleteFunction"):
        assert ("ServerlessRestApi", function) in flows
    assert ("internet", "ServerlessRestApi") in flows


def test_real_stream_and_topic_events(imported) -> None:
    assert flows_of(imported("cfn", SAM / "stream_processor.yaml"))[("Stream", "StreamProcessor")]["async"] is True
    assert flows_of(imported("cfn", SAM / "sns_sqs.yaml"))[("MyTopic", "MyFunction")]["async"] is True


def test_real_sam_templates_lint(run, tmp_path) -> None:
    for template in sorted(SAM.glob("*.yaml")):
        target = tmp_path / f"{template.stem}.yaml"
        assert run("import", "cfn", template, "--output", target)[0] == 0
        status, _, err = run("lint", target, "--no-config")
        assert status in (0, 1) and "Traceback" not in err
