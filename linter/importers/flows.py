"""Flows: what the template wires, as directed connections between components.

Security-group ingress is the strongest evidence (source group -> target
group, `0.0.0.0/0` -> `external.internet`); the rest comes from what one
resource names of another: CloudFront origins, load-balancer listeners, API
Gateway integrations, Lambda event sources and permissions, SNS subscriptions,
EventBridge targets, S3 notifications, Route 53 aliases, environment
variables that carry a resource's name, and the NAT gateways a subnet's routes
use. Event-driven deliveries are `async`.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from .resources import Resource, Source, references
from .cfn_yaml import Mapping
from .grouping import Design, Grouper, parsed_json
from ..catalog import CATALOG

INTERNET = "internet"
_WORLD = ("0.0.0.0/0", "::/0")
_PROTOCOLS = {22: "ssh", 80: "http", 443: "https", 3389: "rdp", 5432: "postgres", 3306: "mysql", 6379: "redis",
              11211: "tcp", 2049: "nfs", 9092: "kafka", 1433: "tcp", 1521: "tcp", 27017: "tcp"}
# SAM event types: the property naming what delivers, the implicit API, EventBridge rules SAM creates.
_EVENT_SOURCES = {"SQS": "Queue", "Kinesis": "Stream", "DynamoDB": "Stream", "SNS": "Topic", "S3": "Bucket",
                  "MSK": "Stream", "MQ": "Broker", "DocumentDB": "Cluster"}
_SAM_APIS = {"Api": ("RestApiId", "ServerlessRestApi"), "HttpApi": ("ApiId", "ServerlessHttpApi")}
_SAM_RULES = ("Schedule", "ScheduleV2", "EventBridgeRule", "CloudWatchEvent")
_COMPUTE = frozenset({"aws.ec2", "aws.asg", "aws.ecs", "aws.eks", "aws.lambda"})
_HOSTS = frozenset({"aws.ec2", "aws.asg"})  # what an operator logs in to


class FlowFinder:
    def __init__(self, grouper: Grouper):
        self.g = grouper
        self.design: Design = grouper.design

    def derive(self) -> None:
        self.security_groups()
        self.references()
        self.nat_egress()
        self.public_entries()

    # -- adding ------------------------------------------------------------------
    def add(self, source: str | None, target: str | None, origin: Source, **attrs: Any) -> None:
        if not source or not target or source == target:
            return
        if source == INTERNET:
            self.design.components.setdefault(INTERNET, {"type": "external.internet"})
        if attrs.pop("async_", False):
            attrs["async"] = True
        key = (source, target)
        flow = self.design.flows.get(key)
        if flow is None:
            self.design.flows[key] = {"from": source, "to": target, **attrs, "x-source": origin.as_dict()}
        elif "port" in attrs:
            self.merge_port(flow, attrs)

    @staticmethod
    def merge_port(flow: dict, attrs: dict) -> None:
        ports = flow.get("port")
        ports = [] if ports is None else ports if isinstance(ports, list) else [ports]
        if attrs["port"] not in ports and "all" not in ports:
            ports.append(attrs["port"])
        flow["port"] = ports[0] if len(ports) == 1 else sorted(ports, key=str)
        if len(ports) > 1:
            flow.pop("protocol", None)

    # -- security groups -----------------------------------------------------------
    def security_groups(self) -> None:
        for group in self.g.by_role["security_group"]:
            for rule in self.g.field(group, "ingress") or []:
                if isinstance(rule, dict):
                    self.ingress(group.id, rule, group.source)
        for rule in self.g.by_role["sg_rule"]:
            if str(self.g.field(rule, "kind") or "ingress") != "ingress":
                continue
            for group_id in self.g.refs(rule, "group"):
                self.ingress(group_id, rule.props, rule.source)

    def ingress(self, group: str, rule: dict, origin: Source) -> None:
        targets = self.design.sg_members.get(group, [])
        port = _port(rule)
        attrs = {"port": port, **({"protocol": _PROTOCOLS[port]} if port in _PROTOCOLS else {})}
        sources = [m for src in references({k: v for k, v in rule.items() if "roup" in k or k == "security_groups"})
                   for m in self.design.sg_members.get(src, [])]
        cidrs = [rule.get(k) for k in ("CidrIp", "CidrIpv6", "cidr_ipv4", "cidr_ipv6")] + list(rule.get("cidr_blocks") or [])
        if any(c in _WORLD for c in cidrs):
            sources.append(INTERNET)
        for source in dict.fromkeys(s for s in sources if self.opens_connections(s)):
            for target in targets:
                self.add(source, target, origin, **attrs)
                if source == INTERNET and attrs.get("protocol") in ("ssh", "rdp") and self.design.components[target]["type"] in _HOSTS:
                    self.design.components[target].setdefault("role", "bastion")

    def opens_connections(self, cid: str) -> bool:
        """Data stores share security groups with their clients but never call them."""
        return cid == INTERNET or CATALOG[self.design.components[cid]["type"]].tier != "data"

    # -- references ------------------------------------------------------------------
    def references(self) -> None:
        for resource in self.g.imported.resources:
            role = self.g.role_of(resource.id) or ""
            if role in JOINS:
                self.join(role, resource)
            elif role in _HANDLERS:
                _HANDLERS[role](self, resource)

    def named(self, resource: Resource, name: str) -> list[str]:
        return self.design.targets(self.g.field(resource, name))

    def component(self, resource: Resource) -> None:
        me = self.design.component_of(resource.id)
        if me is None:  # not imported as a component, such as an instance of a cluster from another template
            return
        catalog = self.design.components[me]["type"]
        for origin in self.g.field(resource, "origins") or []:
            for target in self.design.targets(origin):
                self.add(me, target, resource.source, protocol="https")
        for waf in self.named(resource, "waf"):
            self.design.components[me]["waf"] = waf
        dlq = self.named(resource, "dlq") or self.design.targets(parsed_json(self.g.field(resource, "dlq")))
        if dlq and "dlq" in CATALOG[catalog].keys:
            self.design.components[me]["dlq"] = dlq[0]
        for target in self.design.targets(self.g.field(resource, "env")):
            self.add(me, target, resource.source, **_api(target, self.design))
        for target in self.named(resource, "subscriptions") + self.named(resource, "targets") + self.named(resource, "notifications"):
            self.add(me, target, resource.source, async_=True)
        for replica in self.named(resource, "replication"):
            self.design.components[replica].setdefault("replica_of", me)
        if resource.type == "AWS::Serverless::Function":
            self.serverless_events(resource, me)
        for primary in self.named(resource, "replica_of"):
            if self.design.components[primary]["type"] == catalog:
                self.design.components[me]["replica_of"] = primary

    def serverless_events(self, resource: Resource, function: str) -> None:
        """A SAM function's `Events`: what delivers to it, and the API or rule SAM creates for it."""
        events = self.g.field(resource, "events")
        for name, event in events.items() if isinstance(events, dict) else ():
            kind = str(event.get("Type")) if isinstance(event, dict) else ""
            props = event.get("Properties") or {} if isinstance(event, dict) else {}
            line = events.line_of(name) if isinstance(events, Mapping) else resource.source.line
            origin = Source(resource.source.file, line, f"{resource.source.id}.Events.{name}")
            if kind in _EVENT_SOURCES:
                for source in self.design.targets(props.get(_EVENT_SOURCES[kind])):
                    self.add(source, function, origin, async_=True)
            elif kind in _SAM_APIS:
                key, implicit = _SAM_APIS[kind]
                apis = self.design.targets(props.get(key)) or [self.implied(implicit, "aws.api_gateway", replace(origin, id=implicit))]
                for api in apis:
                    self.add(api, function, origin)
            elif kind in _SAM_RULES:
                rule = f"{resource.id}{name}"  # the logical id SAM gives the rule it creates
                self.add(self.implied(rule, "aws.eventbridge", replace(origin, id=rule)), function, origin, async_=True)
            else:
                self.g.imported.skipped.append(f"event {name} ({kind or 'no Type'}) of {resource.source.id}: "
                                               "not imported as a flow")

    def implied(self, cid: str, catalog: str, origin: Source) -> str:
        """A component the template implies without a resource of its own (SAM's APIs and rules, a zone)."""
        self.design.components.setdefault(cid, {"type": catalog, "x-source": origin.as_dict()})
        return cid

    def join(self, role: str, resource: Resource) -> None:
        """A resource that joins two others (a listener, an event source mapping, an API
        integration, a subscription, an event target): a flow from each one it names
        on one side to each one on the other."""
        source_key, target_key, is_async = JOINS[role]
        for source in self.named(resource, source_key):
            for target in self.named(resource, target_key):
                self.add(source, target, resource.source, async_=is_async)

    def permission(self, resource: Resource) -> None:
        for source in self.named(resource, "source"):
            for function in self.named(resource, "function"):
                is_api = self.design.components[source]["type"] == "aws.api_gateway"
                self.add(source, function, resource.source, **({} if is_api else {"async_": True}))

    def bucket_setting(self, resource: Resource) -> None:
        """Terraform's separate replication and notification resources."""
        for bucket in self.named(resource, "bucket"):
            for target in self.design.targets({k: v for k, v in resource.props.items() if k != "bucket"}):
                if resource.type.endswith("replication_configuration"):
                    self.design.components[target].setdefault("replica_of", bucket)
                else:
                    self.add(bucket, target, resource.source, async_=True)

    def dns_record(self, resource: Resource) -> None:
        zones = self.named(resource, "zone")
        targets = self.design.targets(self.g.field(resource, "alias"))
        if not targets:
            return
        zone = zones[0] if zones else self.record_zone(resource)
        for target in targets:
            self.add(zone, target, resource.source)

    def record_zone(self, resource: Resource) -> str:
        """Records in a zone this template does not create: the zone becomes a component here."""
        existing = [cid for cid, c in self.design.components.items() if c["type"] == "aws.route53"]
        return existing[0] if existing else self.implied(resource.id, "aws.route53", resource.source)

    def waf_association(self, resource: Resource) -> None:
        for waf in self.named(resource, "acl"):
            for target in self.named(resource, "target"):
                if "waf" in CATALOG[self.design.components[target]["type"]].keys:
                    self.design.components[target]["waf"] = waf
                else:
                    self.add(waf, target, resource.source)

    # -- implied flows -------------------------------------------------------------------
    def nat_egress(self) -> None:
        """Compute in a subnet whose routes use a NAT gateway depends on it for egress."""
        for cid, component in list(self.design.components.items()):
            if component["type"] not in _COMPUTE:
                continue
            for subnet in component.get("subnets", []):
                for nat in self.design.subnet_nat.get(subnet, []):
                    if nat in self.design.components:
                        self.add(cid, nat, self.source_of(nat))

    def public_entries(self) -> None:
        """CloudFront, API Gateway and Cognito answer the internet by design."""
        for cid, component in list(self.design.components.items()):
            if component["type"] in ("aws.cloudfront", "aws.api_gateway", "aws.cognito", "aws.route53"):
                if component.get("public") is not False:
                    self.add(INTERNET, cid, self.source_of(cid))

    def source_of(self, cid: str) -> Source:
        data = self.design.components[cid]["x-source"]
        return Source(data["file"], data["line"], data["id"])


def _port(rule: dict) -> int | str:
    low = rule.get("FromPort", rule.get("from_port", rule.get("from_port")))
    high = rule.get("ToPort", rule.get("to_port"))
    protocol = str(rule.get("IpProtocol", rule.get("ip_protocol", rule.get("protocol", "tcp"))))
    if low is None:
        return "all"
    try:
        low, high = int(low), int(high if high is not None else low)
    except (TypeError, ValueError):
        return "all"
    if protocol in ("-1", "all") or low < 0 or (low == 0 and high in (0, 65535)):
        return "all"
    return low if low == high else f"{low}-{high}"


def _api(target: str, design: Design) -> dict:
    return {"protocol": "aws-api"} if CATALOG[design.components[target]["type"]].iam_called else {}


# role -> (the property naming the calling side, the one naming the called side, whether the flow is async)
JOINS = {"listener": ("lb", "target", False), "event_source": ("source", "function", True),
         "api_integration": ("api", "uri", False), "subscription": ("topic", "endpoint", True),
         "event_target": ("rule", "target", True)}
_HANDLERS = {"component": FlowFinder.component, "permission": FlowFinder.permission,
             "bucket_replication": FlowFinder.bucket_setting, "bucket_notification": FlowFinder.bucket_setting,
             "dns_record": FlowFinder.dns_record, "waf_association": FlowFinder.waf_association}
