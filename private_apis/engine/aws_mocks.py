"""Mocks that answer like AWS: ids and ARNs in real formats, carrying the stack's region and account.

Every value is derived from the resource's type and name by hashing, so two runs of the same
program give the same ids, URLs and ARNs. A resource's outputs are its inputs plus what AWS
computes; in first-preview mode the computed part is unknown, as in a real first ``pulumi preview``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import string
from collections.abc import Callable, Mapping
from typing import Any

from pulumi.runtime import MockCallArgs, MockResourceArgs, Mocks

from private_apis.engine import packages
from private_apis.engine.errors import EngineError

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""Pulumi's wire sentinel for a value unknown during preview."""

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
ALLOWED_ACCOUNTS_KEY = "aws:allowedAccountIds"
_ACCOUNT_ID = re.compile(r"[0-9]{12}")

# Route 53 hosted zone ids that AWS publishes per region for NLB and API Gateway regional endpoints.
_NLB_ZONE_IDS = {
    "us-east-1": "Z26RNL4JYFTOTI", "us-east-2": "ZLMOA37VPKANP", "us-west-1": "Z24FKFUX50B4VW",
    "us-west-2": "Z18D5FSROUN65G", "eu-west-1": "Z2IFOLAFXWLO4F", "eu-west-2": "ZD4D7Y8KGAS4G",
    "eu-central-1": "Z3F0SRJ5LGBH90", "ap-southeast-1": "ZKVM4W9LS7TM", "ap-southeast-2": "ZCT6FZBF4DROD",
}
_APIGW_ZONE_IDS = {
    "us-east-1": "Z1UJRXOUMOOFQ8", "us-east-2": "ZOJJZC49E0EPZ", "us-west-1": "Z2MUQ32089INYE",
    "us-west-2": "Z2OJLYMUO9EFXC", "eu-west-1": "ZLY8HYME6SFDD", "eu-west-2": "ZJ5UAJN8Y3Z2Q",
    "eu-central-1": "Z1U9ULNL0V5AJ3", "ap-southeast-1": "ZL327KTPIQFUL", "ap-southeast-2": "Z2RPCDW04V8134",
}
_VPCE_ZONE_ID = "Z7HUB22UULQXV"


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def _hex(seed: str, length: int) -> str:
    return (_digest(seed) * 2)[:length]


def _alnum(seed: str, length: int, alphabet: str = string.ascii_lowercase + string.digits) -> str:
    number = int(_digest(seed), 16)
    chars = []
    for _ in range(length):
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return "".join(chars)


def _uuid(seed: str) -> str:
    h = _hex(seed, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def stack_account(config: Mapping[str, str]) -> str | None:
    """The account the stack's default provider can deploy to, when its config pins one: the first of
    ``aws:allowedAccountIds``. The AWS provider refuses to run with credentials of any account not listed there, so
    the only account a real deployment of the stack ever sees is one of them; None when the key is unset or empty
    (or a secret the engine cannot decrypt)."""
    raw = config.get(ALLOWED_ACCOUNTS_KEY)
    if raw is None or "[secret" in raw:
        return None
    try:
        accounts = json.loads(raw)
    except ValueError:
        accounts = None
    if not isinstance(accounts, list) or not all(
            isinstance(a, (str, int)) and not isinstance(a, bool) and _ACCOUNT_ID.fullmatch(str(a)) for a in accounts):
        raise EngineError(f"Config '{ALLOWED_ACCOUNTS_KEY}' is {raw!r}; the AWS provider takes a list of 12-digit "
                          f"account ids. Fix: write e.g. {ALLOWED_ACCOUNTS_KEY}: [\"111122223333\"] in the stack file.")
    return str(accounts[0]) if accounts else None


class UnansweredCall(EngineError):
    """A data-source call the mocks cannot answer and the user did not supply."""


class AwsMocks(Mocks):
    """Answers resource registrations and data-source calls the way AWS would.

    ``overrides`` comes from a ``--mocks FILE``: ``{"calls": {token: result}, "resources": {type: state}}``;
    a call result there wins over the built-in answer, resource state is merged into the outputs.
    ``stack_references`` maps a stack reference name to the outputs it should return.
    """

    def __init__(self, *, region: str | None = None, account: str | None = None, first_preview: bool = False,
                 overrides: Mapping[str, Any] | None = None,
                 stack_references: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.region = region or DEFAULT_REGION
        self.account = account or DEFAULT_ACCOUNT
        """The account every ARN, owner id and the caller identity carry."""
        self._account_given = account is not None
        self.first_preview = first_preview
        self.call_overrides: dict[str, Any] = dict((overrides or {}).get("calls") or {})
        self.resource_overrides: dict[str, Any] = dict((overrides or {}).get("resources") or {})
        self.stack_references = dict(stack_references or {})
        self.stack_references_read: list[str] = []
        self.unanswered: list[str] = []
        self._subnets: dict[str, dict[str, Any]] = {}
        self._enis: dict[str, dict[str, Any]] = {}
        self._api_resource_paths: dict[str, str] = {}
        self._hosts_used: dict[str, int] = {}

    def use_stack_config(self, config: Mapping[str, str]) -> None:
        """Answer as the stack's provider would: in the account its ``aws:allowedAccountIds`` pins (see
        :func:`stack_account`), unless an account was given explicitly."""
        if not self._account_given:
            self.account = stack_account(config) or DEFAULT_ACCOUNT

    # ----------------------------------------------------------------- resources

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict]:
        inputs = dict(args.inputs)
        if args.typ == "pulumi:pulumi:StackReference":
            return self._stack_reference(args.name, inputs)
        if args.typ.startswith("pulumi:providers:"):
            return _uuid(f"provider/{args.name}"), inputs
        if args.custom:
            packages.check_custom_resource(args.typ, self.resource_overrides)
        builder = _BUILDERS.get(args.typ)
        seed = f"{args.typ}/{args.name}"
        # Builders compute from plain values; an input the program made secret is still returned as given, and the
        # recorder keeps its echo secret (recorder._mark_secret_outputs).
        plain = _without_secret_envelopes(inputs)
        computed: dict[str, Any] = builder(self, seed, args.name, plain) if builder else self._generic(seed, args)
        computed.update(self.resource_overrides.get(args.typ) or {})
        resource_id = computed.pop("id", None) or self._generic_id(seed, args.typ)
        if self.first_preview and args.custom:
            # A first preview knows the inputs and nothing the provider computes.
            return "", {**inputs, **{k: UNKNOWN for k in computed if k not in inputs}}
        return resource_id, {**inputs, **computed}

    def _stack_reference(self, name: str, inputs: dict[str, Any]) -> tuple[str, dict]:
        ref = inputs.get("name") or name
        if ref not in self.stack_references:
            raise EngineError(
                f"The program reads stack reference '{ref}', and no outputs were given for it. Fix: pass "
                f"--stack-reference {ref}=FILE, where FILE is a JSON outputs file such as the --json output "
                "of that stack's preview.")
        self.stack_references_read.append(ref)
        outputs = dict(self.stack_references[ref])
        # Secrets arrive as {"secret": true, "value": ...} (--show-secrets) or masked as "[secret]"; either way
        # the program sees a secret Output, as it would from the service.
        secret_names = [k for k, v in outputs.items() if v == "[secret]" or (
            isinstance(v, dict) and v.get("secret") is True and "value" in v)]
        plain = {k: (v["value"] if k in secret_names and isinstance(v, dict) else v) for k, v in outputs.items()}
        return ref, {"name": ref, "outputs": plain, "secretOutputNames": secret_names}

    def _generic_id(self, seed: str, typ: str) -> str:
        resource = typ.rsplit(":", 1)[-1]
        prefix = "".join(c for c in resource if c.isupper()).lower() or resource[:3].lower()
        return f"{prefix}-{_hex(seed, 17)}"

    def _generic(self, seed: str, args: MockResourceArgs) -> dict[str, Any]:
        if not args.custom:
            return {}
        if packages.package_of(args.typ) == "aws":
            return generic_outputs(self, seed, args.typ, args.name, dict(args.inputs))
        return {"id": f"{args.name}-{_hex(seed, 8)}"}

    def autoname(self, seed: str, name: str, inputs: Mapping[str, Any], key: str = "name", limit: int = 255) -> str:
        """What Pulumi auto-naming gives a resource with no explicit name: the logical name plus 7 hex."""
        explicit = inputs.get(key)
        if isinstance(explicit, str) and explicit:
            return explicit
        prefix = inputs.get("namePrefix") if isinstance(inputs.get("namePrefix"), str) else f"{name}-"
        return f"{prefix}{_hex(seed, 7)}"[:limit]

    def ip_in(self, subnet_id: Any, seed: str) -> str:
        """A stable private address inside a recorded subnet (or 10.0.0.0/16 if unknown)."""
        cidr = (self._subnets.get(subnet_id) or {}).get("cidrBlock") or "10.0.0.0/16"
        network = ipaddress.ip_network(cidr, strict=False)
        # AWS reserves the first four addresses and the last one of every subnet.
        usable = max(network.num_addresses - 5, 1)
        offset = 4 + int(_hex(seed, 8), 16) % usable
        return str(network.network_address + offset)

    # ----------------------------------------------------------------- calls

    def call(self, args: MockCallArgs) -> tuple[dict, list | None]:
        if args.token in self.call_overrides:
            return dict(self.call_overrides[args.token]), []
        handler = _CALLS.get(args.token)
        if handler is None:
            self.unanswered.append(args.token)
            raise UnansweredCall(
                f"The offline engine has no answer for the data source {args.token}. Fix: supply its result "
                f"in a mocks file and pass it with --mocks FILE, for example "
                f'{{"calls": {{"{args.token}": {{"id": "..."}}}}}}.')
        return handler(self, dict(args.args)), []


# --------------------------------------------------------------------- resource builders

Builder = Callable[[AwsMocks, str, str, dict[str, Any]], dict[str, Any]]
_BUILDERS: dict[str, Builder] = {}


_SECRET = ("4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270")
"""The wire's secret envelope: ``{sig key: secret sig, "value": ...}`` (pulumi/runtime/rpc.py)."""


def _without_secret_envelopes(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get(_SECRET[0]) == _SECRET[1]:
            return _without_secret_envelopes(value.get("value"))
        return {k: _without_secret_envelopes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_secret_envelopes(v) for v in value]
    return value


def _builder(*types: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        for t in types:
            _BUILDERS[t] = fn
        return fn
    return register


def _ec2_arn(m: AwsMocks, kind: str, rid: str) -> str:
    return f"arn:aws:ec2:{m.region}:{m.account}:{kind}/{rid}"


@_builder("aws:ec2/vpc:Vpc")
def _vpc(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = f"vpc-{_hex(seed, 17)}"
    return {"id": rid, "arn": _ec2_arn(m, "vpc", rid), "ownerId": m.account,
            "defaultSecurityGroupId": f"sg-{_hex(seed + 'sg', 17)}",
            "mainRouteTableId": f"rtb-{_hex(seed + 'rt', 17)}", "defaultRouteTableId": f"rtb-{_hex(seed + 'rt', 17)}",
            "defaultNetworkAclId": f"acl-{_hex(seed + 'acl', 17)}",
            "dhcpOptionsId": f"dopt-{_hex(seed, 17)}", "instanceTenancy": inputs.get("instanceTenancy", "default")}


@_builder("aws:ec2/subnet:Subnet")
def _subnet(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = f"subnet-{_hex(seed, 17)}"
    m._subnets[rid] = {"cidrBlock": inputs.get("cidrBlock"), "availabilityZone": inputs.get("availabilityZone"),
                       "vpcId": inputs.get("vpcId")}
    az = inputs.get("availabilityZone") or f"{m.region}a"
    return {"id": rid, "arn": _ec2_arn(m, "subnet", rid), "ownerId": m.account, "availabilityZone": az,
            "availabilityZoneId": f"{m.region[:2]}{m.region.split('-')[1][0]}1-az{ord(az[-1]) - 96}",
            "mapPublicIpOnLaunch": inputs.get("mapPublicIpOnLaunch", False)}


def _simple_ec2(prefix: str, kind: str) -> Builder:
    def build(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
        rid = f"{prefix}-{_hex(seed, 17)}"
        return {"id": rid, "arn": _ec2_arn(m, kind, rid), "ownerId": m.account}
    return build


for _t, _p, _k in [
    ("aws:ec2/securityGroup:SecurityGroup", "sg", "security-group"),
    ("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "sg", "security-group"),
    ("aws:ec2/routeTable:RouteTable", "rtb", "route-table"),
    ("aws:ec2/internetGateway:InternetGateway", "igw", "internet-gateway"),
    ("aws:ec2/natGateway:NatGateway", "nat", "natgateway"),
    ("aws:ec2/flowLog:FlowLog", "fl", "vpc-flow-log"),
    ("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "pcx", "vpc-peering-connection"),
    ("aws:ec2/networkAcl:NetworkAcl", "acl", "network-acl"),
    ("aws:ec2/launchTemplate:LaunchTemplate", "lt", "launch-template"),
    ("aws:ec2/keyPair:KeyPair", "key", "key-pair"),
]:
    _BUILDERS[_t] = _simple_ec2(_p, _k)


@_builder("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
          "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
def _sg_rule(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = f"sgr-{_hex(seed, 17)}"
    return {"id": rid, "arn": _ec2_arn(m, "security-group-rule", rid), "securityGroupRuleId": rid}


@_builder("aws:ec2/securityGroupRule:SecurityGroupRule")
def _legacy_sg_rule(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"sgrule-{int(_hex(seed, 8), 16)}", "securityGroupRuleId": f"sgr-{_hex(seed, 17)}"}


@_builder("aws:ec2/eip:Eip")
def _eip(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = f"eipalloc-{_hex(seed, 17)}"
    # 198.51.100.0/24 is a documentation range: obviously not a real address.
    return {"id": rid, "allocationId": rid, "publicIp": f"198.51.100.{int(_hex(seed, 2), 16) % 250 + 2}",
            "arn": _ec2_arn(m, "elastic-ip", rid), "domain": "vpc"}


@_builder("aws:ec2/route:Route")
def _route(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"r-{inputs.get('routeTableId', 'rtb')}{int(_hex(seed, 8), 16)}", "state": "active"}


@_builder("aws:ec2/routeTableAssociation:RouteTableAssociation")
def _rta(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"rtbassoc-{_hex(seed, 17)}"}


@_builder("aws:ec2/instance:Instance")
def _instance(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = f"i-{_hex(seed, 17)}"
    private_ip = inputs.get("privateIp") or m.ip_in(inputs.get("subnetId"), seed)
    public = inputs.get("associatePublicIpAddress") is True
    eni = f"eni-{_hex(seed + 'eni', 17)}"
    m._enis[eni] = {"privateIp": private_ip, "subnetId": inputs.get("subnetId")}
    return {"id": rid, "arn": _ec2_arn(m, "instance", rid), "privateIp": private_ip,
            "privateDns": f"ip-{private_ip.replace('.', '-')}.{m.region}.compute.internal",
            "publicIp": f"198.51.100.{int(_hex(seed, 2), 16) % 250 + 2}" if public else "",
            "publicDns": "", "primaryNetworkInterfaceId": eni, "instanceState": "running",
            "availabilityZone": (m._subnets.get(inputs.get("subnetId")) or {}).get("availabilityZone")}


@_builder("aws:ec2/vpcEndpoint:VpcEndpoint")
def _vpc_endpoint(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = f"vpce-{_hex(seed, 17)}"
    service = str(inputs.get("serviceName") or f"com.amazonaws.{m.region}.s3")
    short = service.split(".")[-1]
    subnets = inputs.get("subnetIds") or []
    enis = []
    entries = [{"dnsName": f"{rid}-{_alnum(seed, 8)}.{short}.{m.region}.vpce.amazonaws.com",
                "hostedZoneId": _VPCE_ZONE_ID}]
    for subnet in subnets:
        eni = f"eni-{_hex(seed + str(subnet), 17)}"
        m._enis[eni] = {"privateIp": m.ip_in(subnet, seed + str(subnet)), "subnetId": subnet}
        enis.append(eni)
        az = (m._subnets.get(subnet) or {}).get("availabilityZone") or f"{m.region}a"
        entries.append({"dnsName": f"{rid}-{_alnum(seed, 8)}-{az}.{short}.{m.region}.vpce.amazonaws.com",
                        "hostedZoneId": _VPCE_ZONE_ID})
    if inputs.get("privateDnsEnabled"):
        entries.append({"dnsName": f"{short}.{m.region}.amazonaws.com", "hostedZoneId": f"Z{_alnum(seed, 13).upper()}"})
        if short == "execute-api":
            entries.append({"dnsName": f"*.execute-api.{m.region}.amazonaws.com",
                            "hostedZoneId": f"Z{_alnum(seed, 13).upper()}"})
    return {"id": rid, "arn": _ec2_arn(m, "vpc-endpoint", rid), "ownerId": m.account, "state": "available",
            "dnsEntries": entries, "networkInterfaceIds": enis, "requesterManaged": False,
            "vpcEndpointType": inputs.get("vpcEndpointType", "Gateway")}


@_builder("aws:lb/loadBalancer:LoadBalancer")
def _load_balancer(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    lb_name = m.autoname(seed, name, inputs, limit=32)
    kind = "net" if inputs.get("loadBalancerType") == "network" else "app"
    suffix = f"{kind}/{lb_name}/{_hex(seed, 16)}"
    arn = f"arn:aws:elasticloadbalancing:{m.region}:{m.account}:loadbalancer/{suffix}"
    prefix = "internal-" if inputs.get("internal") else ""
    dns = f"{prefix}{lb_name}-{_hex(seed, 16)}.elb.{m.region}.amazonaws.com"
    zone = _NLB_ZONE_IDS.get(m.region, f"Z{_alnum(seed, 13).upper()}")
    return {"id": arn, "arn": arn, "arnSuffix": suffix, "name": lb_name, "dnsName": dns, "zoneId": zone,
            "vpcId": inputs.get("vpcId"), "internal": inputs.get("internal", False)}


@_builder("aws:lb/targetGroup:TargetGroup")
def _target_group(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    tg_name = m.autoname(seed, name, inputs, limit=32)
    suffix = f"targetgroup/{tg_name}/{_hex(seed, 16)}"
    arn = f"arn:aws:elasticloadbalancing:{m.region}:{m.account}:{suffix}"
    return {"id": arn, "arn": arn, "arnSuffix": suffix, "name": tg_name}


@_builder("aws:lb/listener:Listener")
def _listener(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    lb = str(inputs.get("loadBalancerArn") or "")
    base = lb.split("loadbalancer/", 1)[-1] if "loadbalancer/" in lb else f"net/lb/{_hex(seed, 16)}"
    arn = f"arn:aws:elasticloadbalancing:{m.region}:{m.account}:listener/{base}/{_hex(seed, 16)}"
    return {"id": arn, "arn": arn}


@_builder("aws:lb/targetGroupAttachment:TargetGroupAttachment")
def _tg_attachment(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"{inputs.get('targetGroupArn')}-{_hex(seed, 20)}"}


@_builder("aws:apigateway/restApi:RestApi")
def _rest_api(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _alnum(seed, 10)
    root = _alnum(seed + "root", 10)
    m._api_resource_paths[root] = "/"
    return {"id": rid, "rootResourceId": root, "arn": f"arn:aws:apigateway:{m.region}::/restapis/{rid}",
            "executionArn": f"arn:aws:execute-api:{m.region}:{m.account}:{rid}",
            "createdDate": "2026-01-01T00:00:00Z", "name": inputs.get("name") or name}


@_builder("aws:apigateway/resource:Resource")
def _api_resource(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _alnum(seed, 6)
    parent = m._api_resource_paths.get(inputs.get("parentId"), "")
    path = f"{parent.rstrip('/')}/{inputs.get('pathPart', '')}"
    m._api_resource_paths[rid] = path
    return {"id": rid, "path": path}


@_builder("aws:apigateway/method:Method")
def _method(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"agm-{inputs.get('restApi')}-{inputs.get('resourceId')}-{inputs.get('httpMethod')}"}


@_builder("aws:apigateway/integration:Integration")
def _integration(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"agi-{inputs.get('restApi')}-{inputs.get('resourceId')}-{inputs.get('httpMethod')}",
            "timeoutMilliseconds": inputs.get("timeoutMilliseconds", 29000)}


@_builder("aws:apigateway/deployment:Deployment")
def _deployment(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _alnum(seed, 6), "createdDate": "2026-01-01T00:00:00Z"}


@_builder("aws:apigateway/stage:Stage")
def _stage(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    api, stage = inputs.get("restApi"), inputs.get("stageName")
    return {"id": f"ags-{api}-{stage}", "arn": f"arn:aws:apigateway:{m.region}::/restapis/{api}/stages/{stage}",
            "executionArn": f"arn:aws:execute-api:{m.region}:{m.account}:{api}/{stage}",
            "invokeUrl": f"https://{api}.execute-api.{m.region}.amazonaws.com/{stage}"}


@_builder("aws:apigateway/vpcLink:VpcLink")
def _vpc_link(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _alnum(seed, 6)
    return {"id": rid, "arn": f"arn:aws:apigateway:{m.region}::/vpclinks/{rid}"}


@_builder("aws:apigateway/domainName:DomainName")
def _domain_name(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    domain = inputs.get("domainName") or f"{name}.example.com"
    types = (inputs.get("endpointConfiguration") or {}).get("types")
    private = "PRIVATE" in (types if isinstance(types, list) else [types])
    domain_id = _alnum(seed, 10)
    computed: dict[str, Any] = {
        "id": f"{domain}/{domain_id}" if private else domain,
        "arn": (f"arn:aws:apigateway:{m.region}:{m.account}:/domainnames/{domain}+{domain_id}" if private
                else f"arn:aws:apigateway:{m.region}::/domainnames/{domain}"),
        "domainNameId": domain_id if private else "",
        "regionalDomainName": f"d-{_alnum(seed, 10)}.execute-api.{m.region}.amazonaws.com",
        "regionalZoneId": _APIGW_ZONE_IDS.get(m.region, f"Z{_alnum(seed, 13).upper()}"),
        "cloudfrontDomainName": f"d{_alnum(seed, 13)}.cloudfront.net", "cloudfrontZoneId": "Z2FDTNDATAQYW2",
    }
    return computed


@_builder("aws:apigateway/basePathMapping:BasePathMapping")
def _base_path_mapping(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"{inputs.get('domainName')}/{inputs.get('basePath') or ''}"}


@_builder("aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation")
def _dnaa(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    arn = f"arn:aws:apigateway:{m.region}:{m.account}:/domainnameaccessassociations/{_alnum(seed, 10)}"
    return {"id": arn, "arn": arn}


@_builder("aws:apigateway/apiKey:ApiKey")
def _api_key(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _alnum(seed, 10)
    value = inputs.get("value") or _alnum(seed + "value", 40, string.ascii_letters + string.digits)
    return {"id": rid, "arn": f"arn:aws:apigateway:{m.region}::/apikeys/{rid}", "value": value,
            "name": inputs.get("name") or name}


@_builder("aws:apigateway/usagePlan:UsagePlan")
def _usage_plan(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _alnum(seed, 6)
    return {"id": rid, "arn": f"arn:aws:apigateway:{m.region}::/usageplans/{rid}"}


@_builder("aws:apigateway/authorizer:Authorizer")
def _authorizer(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _alnum(seed, 6)
    return {"id": rid, "arn": f"arn:aws:apigateway:{m.region}::/restapis/{inputs.get('restApi')}/authorizers/{rid}"}


@_builder("aws:lambda/function:Function")
def _function(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    fn = m.autoname(seed, name, inputs, limit=64)
    arn = f"arn:aws:lambda:{m.region}:{m.account}:function:{fn}"
    return {"id": fn, "name": fn, "arn": arn, "qualifiedArn": f"{arn}:$LATEST", "version": "$LATEST",
            "invokeArn": f"arn:aws:apigateway:{m.region}:lambda:path/2015-03-31/functions/{arn}/invocations",
            "qualifiedInvokeArn":
                f"arn:aws:apigateway:{m.region}:lambda:path/2015-03-31/functions/{arn}:$LATEST/invocations",
            "lastModified": "2026-01-01T00:00:00.000+0000", "sourceCodeHash": _hex(seed, 44)}


@_builder("aws:lambda/permission:Permission")
def _permission(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": inputs.get("statementId") or f"terraform-{_hex(seed, 26)}",
            "statementId": inputs.get("statementId") or f"terraform-{_hex(seed, 26)}"}


@_builder("aws:iam/role:Role")
def _role(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    role = m.autoname(seed, name, inputs, limit=64)
    return {"id": role, "name": role, "arn": f"arn:aws:iam::{m.account}:role{inputs.get('path') or '/'}{role}",
            "uniqueId": f"AROA{_alnum(seed, 17, string.ascii_uppercase + string.digits)}",
            "createDate": "2026-01-01T00:00:00Z"}


@_builder("aws:iam/policy:Policy")
def _iam_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    policy = m.autoname(seed, name, inputs, limit=128)
    arn = f"arn:aws:iam::{m.account}:policy{inputs.get('path') or '/'}{policy}"
    return {"id": arn, "arn": arn, "name": policy,
            "policyId": f"ANPA{_alnum(seed, 17, string.ascii_uppercase + string.digits)}"}


@_builder("aws:iam/instanceProfile:InstanceProfile")
def _instance_profile(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    profile = m.autoname(seed, name, inputs, limit=128)
    return {"id": profile, "name": profile, "arn": f"arn:aws:iam::{m.account}:instance-profile/{profile}",
            "uniqueId": f"AIPA{_alnum(seed, 17, string.ascii_uppercase + string.digits)}"}


@_builder("aws:iam/user:User")
def _user(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    user = m.autoname(seed, name, inputs, limit=64)
    return {"id": user, "name": user, "arn": f"arn:aws:iam::{m.account}:user{inputs.get('path') or '/'}{user}",
            "uniqueId": f"AIDA{_alnum(seed, 17, string.ascii_uppercase + string.digits)}"}


@_builder("aws:iam/accessKey:AccessKey")
def _access_key(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    key_id = f"AKIA{_alnum(seed, 16, string.ascii_uppercase + '234567')}"
    return {"id": key_id, "status": inputs.get("status") or "Active",
            "secret": _alnum(f"{seed}/secret", 40, string.ascii_letters + string.digits + "+/"),
            "createDate": "2026-01-01T00:00:00Z"}


@_builder("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/rolePolicy:RolePolicy",
          "aws:iam/userPolicyAttachment:UserPolicyAttachment", "aws:iam/userPolicy:UserPolicy")
def _iam_attachment(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"{inputs.get('role') or inputs.get('user')}-{_hex(seed, 20)}"}


@_builder("aws:cloudwatch/logGroup:LogGroup")
def _log_group(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    group = m.autoname(seed, name, inputs, limit=512)
    return {"id": group, "name": group, "arn": f"arn:aws:logs:{m.region}:{m.account}:log-group:{group}"}


@_builder("aws:ssm/parameter:Parameter")
def _parameter(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    param = m.autoname(seed, name, inputs)
    path = param if param.startswith("/") else f"/{param}"
    return {"id": param, "name": param, "arn": f"arn:aws:ssm:{m.region}:{m.account}:parameter{path}", "version": 1}


@_builder("aws:acm/certificate:Certificate")
def _certificate(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    arn = f"arn:aws:acm:{m.region}:{m.account}:certificate/{_uuid(seed)}"
    domains = [inputs.get("domainName"), *(inputs.get("subjectAlternativeNames") or [])]
    options = [{"domainName": d, "resourceRecordName": f"_{_hex(seed + str(d), 32)}.{d}.",
                "resourceRecordType": "CNAME",
                "resourceRecordValue": f"_{_hex(seed + str(d) + 'v', 32)}.zfyfvmchrl.acm-validations.aws."}
               for d in domains if d]
    return {"id": arn, "arn": arn, "status": "ISSUED" if inputs.get("privateKey") else "PENDING_VALIDATION",
            "domainValidationOptions": options, "notAfter": "2027-12-31T23:59:59Z"}


@_builder("aws:acm/certificateValidation:CertificateValidation")
def _cert_validation(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": "2026-01-01 00:00:00 +0000 UTC"}


@_builder("aws:route53/zone:Zone")
def _zone(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    zone_id = f"Z{_alnum(seed, 20, string.ascii_uppercase + string.digits)}"
    return {"id": zone_id, "zoneId": zone_id, "arn": f"arn:aws:route53:::hostedzone/{zone_id}",
            "nameServers": [] if inputs.get("vpcs") else [f"ns-{i}.awsdns-{i:02d}.org" for i in (1, 2, 3, 4)],
            "primaryNameServer": "ns-1.awsdns-01.org"}


@_builder("aws:route53/record:Record")
def _record(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"{inputs.get('zoneId')}_{inputs.get('name')}_{inputs.get('type')}",
            "fqdn": str(inputs.get("name") or "").rstrip(".")}


@_builder("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
def _bucket(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    bucket = m.autoname(seed, name, inputs, key="bucket", limit=63).lower()
    return {"id": bucket, "bucket": bucket, "arn": f"arn:aws:s3:::{bucket}",
            "bucketDomainName": f"{bucket}.s3.amazonaws.com",
            "bucketRegionalDomainName": f"{bucket}.s3.{m.region}.amazonaws.com", "region": m.region}


@_builder("aws:kms/key:Key")
def _kms_key(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    key_id = _uuid(seed)
    return {"id": key_id, "keyId": key_id, "arn": f"arn:aws:kms:{m.region}:{m.account}:key/{key_id}"}


@_builder("aws:cognito/userPool:UserPool")
def _user_pool(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    pool = f"{m.region}_{_alnum(seed, 9, string.ascii_letters + string.digits)}"
    return {"id": pool, "arn": f"arn:aws:cognito-idp:{m.region}:{m.account}:userpool/{pool}",
            "endpoint": f"cognito-idp.{m.region}.amazonaws.com/{pool}"}


# --------------------------------------------------------------------- data sources

Call = Callable[[AwsMocks, dict[str, Any]], dict[str, Any]]
_CALLS: dict[str, Call] = {}


def _call(*tokens: str) -> Callable[[Call], Call]:
    def register(fn: Call) -> Call:
        for t in tokens:
            _CALLS[t] = fn
        return fn
    return register


@_call("aws:index/getAvailabilityZones:getAvailabilityZones")
def _get_azs(m: AwsMocks, args: dict) -> dict:
    letters = "abc"
    return {"id": m.region, "names": [f"{m.region}{c}" for c in letters],
            "zoneIds": [f"{m.region[:2]}{m.region.split('-')[1][0]}1-az{i}" for i in (1, 2, 3)],
            "groupNames": [m.region] * 3, "state": args.get("state")}


@_call("aws:index/getCallerIdentity:getCallerIdentity")
def _get_caller_identity(m: AwsMocks, args: dict) -> dict:
    return {"id": m.account, "accountId": m.account, "userId": "AROAOFFLINEPREVIEW0000:offline-preview",
            "arn": f"arn:aws:sts::{m.account}:assumed-role/offline-preview/offline-preview"}


@_call("aws:index/getRegion:getRegion")
def _get_region(m: AwsMocks, args: dict) -> dict:
    return {"id": m.region, "name": m.region, "region": m.region, "endpoint": f"ec2.{m.region}.amazonaws.com",
            "description": m.region}


@_call("aws:index/getPartition:getPartition")
def _get_partition(m: AwsMocks, args: dict) -> dict:
    return {"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws"}


@_call("aws:ec2/getAmi:getAmi")
def _get_ami(m: AwsMocks, args: dict) -> dict:
    seed = json.dumps(args, sort_keys=True, default=str)
    ami = f"ami-{_hex(m.region + seed, 17)}"
    names = [v for f in args.get("filters") or [] if f.get("name") == "name" for v in f.get("values") or []]
    return {"id": ami, "imageId": ami, "architecture": "x86_64", "name": (names[0] if names else "al2023-ami")
            .replace("*", "2026.11.0"), "ownerId": "137112412989", "rootDeviceName": "/dev/xvda",
            "rootDeviceType": "ebs", "virtualizationType": "hvm", "state": "available",
            "arn": f"arn:aws:ec2:{m.region}::image/{ami}"}


@_call("aws:ec2/getNetworkInterface:getNetworkInterface")
def _get_network_interface(m: AwsMocks, args: dict) -> dict:
    eni_id = args.get("id")
    eni = m._enis.get(eni_id)
    if eni is None:
        raise UnansweredCall(f"getNetworkInterface asked for {eni_id!r}, which no resource in this program created. "
                             "Fix: supply the result in a mocks file (--mocks FILE) under "
                             "calls['aws:ec2/getNetworkInterface:getNetworkInterface'].")
    subnet = m._subnets.get(eni["subnetId"]) or {}
    return {"id": eni_id, "privateIp": eni["privateIp"], "privateIps": [eni["privateIp"]],
            "subnetId": eni["subnetId"], "vpcId": subnet.get("vpcId"),
            "availabilityZone": subnet.get("availabilityZone"),
            "interfaceType": "vpc_endpoint", "privateDnsName": f"ip-{eni['privateIp'].replace('.', '-')}.{m.region}"
            ".compute.internal", "ownerId": m.account}


@_call("aws:iam/getPolicyDocument:getPolicyDocument")
def _get_policy_document(m: AwsMocks, args: dict) -> dict:
    document = render_policy_document(args)
    text = json.dumps(document, indent=2)
    return {"id": str(int(_hex(text, 8), 16)), "json": text, "minifiedJson": json.dumps(document,
                                                                                       separators=(",", ":"))}


def _one_or_many(values: list[Any]) -> Any:
    values = sorted(values) if all(isinstance(v, str) for v in values) else values
    return values[0] if len(values) == 1 else values


def render_policy_document(args: Mapping[str, Any]) -> dict[str, Any]:
    """Render ``iam.get_policy_document`` arguments the way the provider does (single values unwrapped)."""
    document: dict[str, Any] = {"Version": args.get("version") or "2012-10-17"}
    if args.get("policyId"):
        document["Id"] = args["policyId"]
    rendered = []
    for s in args.get("statements") or []:
        out: dict[str, Any] = {}
        if s.get("sid"):
            out["Sid"] = s["sid"]
        out["Effect"] = s.get("effect") or "Allow"
        for key, field in (("actions", "Action"), ("notActions", "NotAction"), ("resources", "Resource"),
                           ("notResources", "NotResource")):
            if s.get(key):
                out[field] = _one_or_many(list(s[key]))
        for key, field in (("principals", "Principal"), ("notPrincipals", "NotPrincipal")):
            if s.get(key):
                principals: dict[str, Any] = {}
                for p in s[key]:
                    principals.setdefault(p.get("type"), []).extend(p.get("identifiers") or [])
                out[field] = ("*" if list(principals) == ["*"] else
                              {k: _one_or_many(v) for k, v in principals.items()})
        if s.get("conditions"):
            conditions: dict[str, dict[str, Any]] = {}
            for c in s["conditions"]:
                conditions.setdefault(c.get("test"), {})[c.get("variable")] = _one_or_many(list(c.get("values") or []))
            out["Condition"] = conditions
        rendered.append(out)
    document["Statement"] = rendered
    return document


def known(value: Any) -> bool:
    """False for Pulumi's unknown sentinel."""
    return value != UNKNOWN


__all__ = ["UNKNOWN", "AwsMocks", "UnansweredCall", "known", "render_policy_document", "stack_account"]

# Builders of further services live in modules of their own; importing them registers them.
from private_apis.engine import (  # noqa: E402
    aws_mocks_apigatewayv2,
    aws_mocks_data,
    aws_mocks_lookups,
    aws_mocks_lookups_named,
    aws_mocks_network,
    aws_mocks_plain,
    aws_mocks_policies,
    aws_mocks_storage,
)
from private_apis.engine.aws_mocks_generic import generic_outputs  # noqa: E402

del aws_mocks_apigatewayv2, aws_mocks_data, aws_mocks_lookups, aws_mocks_network, aws_mocks_policies, aws_mocks_storage
del aws_mocks_lookups_named, aws_mocks_plain
