"""A deployed stack in a moto account, built with boto3 as ``pulumi up`` would leave it, and its stack export.

It holds a compliant private API (PRIVATE, reachable only through an execute-api VPC endpoint, its resource policy
a RestApiPolicy), an IAM-only API (REGIONAL, every method AWS_IAM), a bridge host (an instance in a private subnet
behind an internal NLB and an API Gateway VPC Link), the network under them and a private hosted zone. Each
record carries the inputs the program declared, the property dependencies that link it to its owner, and the id
AWS gave it, so an untouched account audits clean.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import boto3

from private_apis.engine.recorder import RecordedResource
from tests.audit.state_exports import export_document

REGION = "eu-west-1"
PROJECT, STACK = "private-apis", "audit"
CIDR = "10.40.0.0/16"
LOG_FORMAT = json.dumps({"requestId": "$context.requestId", "status": "$context.status"})


@dataclass
class World:
    endpoint: str
    records: list[RecordedResource] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    account: str = "123456789012"

    def client(self, service: str) -> Any:
        return boto3.session.Session(region_name=REGION).client(service, endpoint_url=self.endpoint)

    def urn(self, token: str, name: str) -> str:
        return f"urn:pulumi:{STACK}::{PROJECT}::{token}::{name}"

    def add(self, token: str, name: str, resource_id: str, inputs: dict[str, Any], *,
            outputs: dict[str, Any] | None = None, links: dict[str, list[str]] | None = None) -> str:
        urn = self.urn(token, name)
        links = {k: [self.urn(*ref.split("::", 1)) for ref in v] for k, v in (links or {}).items()}
        self.records.append(RecordedResource(
            type=token, name=name, urn=urn, parent=None, custom=True, provider=None,
            dependencies=sorted({u for v in links.values() for u in v}), property_dependencies=links,
            inputs=inputs, outputs={**inputs, **(outputs or {})}, id=resource_id))
        self.ids[name] = resource_id
        return urn

    def record(self, name: str) -> RecordedResource:
        return next(r for r in self.records if r.name == name)

    def export(self) -> dict[str, Any]:
        return export_document(PROJECT, STACK, self.records, outputs={"aws_region": REGION},
                               aws_config={"region": REGION})


VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
REST_API = "aws:apigateway/restApi:RestApi"
POLICY = "aws:apigateway/restApiPolicy:RestApiPolicy"
METHOD = "aws:apigateway/method:Method"
STAGE = "aws:apigateway/stage:Stage"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
FUNCTION = "aws:lambda/function:Function"


def build_network(w: World) -> None:
    ec2 = w.client("ec2")
    vpc = ec2.create_vpc(CidrBlock=CIDR)["Vpc"]["VpcId"]
    w.add(VPC, "network-vpc", vpc, {"cidrBlock": CIDR, "enableDnsHostnames": True, "enableDnsSupport": True})
    subnets = []
    for index, zone in enumerate(("a", "b")):
        cidr = f"10.40.{index * 16}.0/20"
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=REGION + zone)["Subnet"]["SubnetId"]
        subnets.append(subnet)
        w.add(SUBNET, f"network-private-{index + 1}", subnet,
              {"vpcId": vpc, "cidrBlock": cidr, "availabilityZone": REGION + zone, "mapPublicIpOnLaunch": False},
              links={"vpcId": [f"{VPC}::network-vpc"]})
    w.ids["subnets"] = ",".join(subnets)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    w.add(ROUTE_TABLE, "network-private-rt", table, {"vpcId": vpc}, links={"vpcId": [f"{VPC}::network-vpc"]})
    for index, subnet in enumerate(subnets):
        association = ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)["AssociationId"]
        w.add("aws:ec2/routeTableAssociation:RouteTableAssociation", f"network-private-rta-{index + 1}", association,
              {"routeTableId": table, "subnetId": subnet},
              links={"routeTableId": [f"{ROUTE_TABLE}::network-private-rt"],
                     "subnetId": [f"{SUBNET}::network-private-{index + 1}"]})


def security_group(w: World, name: str, port: int) -> str:
    """A group with HTTPS (or ``port``) in from the VPC and out to the VPC, declared as rule resources; AWS's
    default allow-all egress is revoked, as pulumi-aws does at create."""
    ec2 = w.client("ec2")
    vpc = w.ids["network-vpc"]
    group = ec2.create_security_group(GroupName=name, Description=f"{name}: from the VPC only", VpcId=vpc)["GroupId"]
    ec2.revoke_security_group_egress(GroupId=group, IpPermissions=[{"IpProtocol": "-1",
                                                                     "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    w.add(SG, name, group, {"name": name, "description": f"{name}: from the VPC only", "vpcId": vpc},
          links={"vpcId": [f"{VPC}::network-vpc"]})
    for token, call, suffix in ((INGRESS, ec2.authorize_security_group_ingress, "in"),
                                (EGRESS, ec2.authorize_security_group_egress, "out")):
        call(GroupId=group, IpPermissions=[{"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                                            "IpRanges": [{"CidrIp": CIDR}]}])
        rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
        rule = next(r for r in rules["SecurityGroupRules"] if bool(r["IsEgress"]) == (suffix == "out"))
        w.add(token, f"{name}-{suffix}", rule["SecurityGroupRuleId"],
              {"securityGroupId": group, "ipProtocol": "tcp", "fromPort": port, "toPort": port, "cidrIpv4": CIDR},
              outputs={"securityGroupRuleId": rule["SecurityGroupRuleId"]},
              links={"securityGroupId": [f"{SG}::{name}"]})
    return group


def build_endpoint(w: World, *, private_dns: bool = False) -> None:
    group = security_group(w, "execute-api-endpoint-sg", 443)
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{w.account}:root"}, "Action": "execute-api:Invoke",
        "Resource": f"arn:aws:execute-api:{REGION}:{w.account}:*/*"}]}
    endpoint = w.client("ec2").create_vpc_endpoint(
        VpcId=w.ids["network-vpc"], ServiceName=f"com.amazonaws.{REGION}.execute-api", VpcEndpointType="Interface",
        SubnetIds=w.ids["subnets"].split(","), SecurityGroupIds=[group], PrivateDnsEnabled=private_dns,
        PolicyDocument=json.dumps(policy))["VpcEndpoint"]["VpcEndpointId"]
    w.add(ENDPOINT, "execute-api-endpoint", endpoint, {
        "vpcId": w.ids["network-vpc"], "serviceName": f"com.amazonaws.{REGION}.execute-api",
        "vpcEndpointType": "Interface", "subnetIds": w.ids["subnets"].split(","), "securityGroupIds": [group],
        "privateDnsEnabled": False, "policy": json.dumps(policy)},
        links={"securityGroupIds": [f"{SG}::execute-api-endpoint-sg"], "vpcId": [f"{VPC}::network-vpc"],
               "subnetIds": [f"{SUBNET}::network-private-1", f"{SUBNET}::network-private-2"]})


def private_api_policy(w: World, api: str) -> dict[str, Any]:
    endpoint, resource = w.ids["execute-api-endpoint"], f"arn:aws:execute-api:{REGION}:{w.account}:{api}/*"
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowFromVpcEndpoints", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{w.account}:root"},
         "Action": "execute-api:Invoke", "Resource": resource,
         "Condition": {"StringEquals": {"aws:SourceVpce": endpoint}}},
        {"Sid": "DenyOutsideAllowedNetworks", "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
         "Resource": resource, "Condition": {"StringNotEquals": {"aws:SourceVpce": endpoint}}}]}


def rest_api(w: World, name: str, endpoint_type: str, path: str, verb: str) -> str:
    apigateway = w.client("apigateway")
    configuration: dict[str, Any] = {"types": [endpoint_type]}
    if endpoint_type == "PRIVATE":
        configuration["vpcEndpointIds"] = [w.ids["execute-api-endpoint"]]
    api = apigateway.create_rest_api(name=name, endpointConfiguration=configuration)
    api_id, root = api["id"], api["rootResourceId"]
    declared = {"types": endpoint_type, **({"vpcEndpointIds": configuration["vpcEndpointIds"]}
                                           if "vpcEndpointIds" in configuration else {})}
    w.add(REST_API, name, api_id, {"name": name, "endpointConfiguration": declared},
          outputs={"rootResourceId": root, "executionArn": f"arn:aws:execute-api:{REGION}:{w.account}:{api_id}"})
    resource = apigateway.create_resource(restApiId=api_id, parentId=root, pathPart=path)["id"]
    w.add("aws:apigateway/resource:Resource", f"{name}-{path}", resource,
          {"restApi": api_id, "parentId": root, "pathPart": path}, links={"restApi": [f"{REST_API}::{name}"]})
    apigateway.put_method(restApiId=api_id, resourceId=resource, httpMethod=verb, authorizationType="AWS_IAM")
    w.add(METHOD, f"{name}-{verb.lower()}", f"agm-{api_id}-{resource}-{verb}",
          {"restApi": api_id, "resourceId": resource, "httpMethod": verb, "authorization": "AWS_IAM"},
          links={"restApi": [f"{REST_API}::{name}"],
                 "resourceId": [f"aws:apigateway/resource:Resource::{name}-{path}"]})
    apigateway.put_integration(restApiId=api_id, resourceId=resource, httpMethod=verb, type="MOCK")
    deployment = apigateway.create_deployment(restApiId=api_id)["id"]
    w.add("aws:apigateway/deployment:Deployment", f"{name}-deployment", deployment, {"restApi": api_id},
          links={"restApi": [f"{REST_API}::{name}"]})
    logs = f"arn:aws:logs:{REGION}:{w.account}:log-group:{name}-access-logs"
    apigateway.create_stage(restApiId=api_id, stageName="v1", deploymentId=deployment, tracingEnabled=True)
    apigateway.update_stage(restApiId=api_id, stageName="v1", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": logs},
        {"op": "replace", "path": "/accessLogSettings/format", "value": LOG_FORMAT}])
    w.add(STAGE, f"{name}-stage", f"ags-{api_id}-v1", {
        "restApi": api_id, "deployment": deployment, "stageName": "v1", "xrayTracingEnabled": True,
        "accessLogSettings": {"destinationArn": logs, "format": LOG_FORMAT}},
        links={"restApi": [f"{REST_API}::{name}"],
               "deployment": [f"aws:apigateway/deployment:Deployment::{name}-deployment"]})
    return api_id


def build_private_api(w: World) -> None:
    api = rest_api(w, "serverless-api", "PRIVATE", "entities", "GET")
    policy = json.dumps(private_api_policy(w, api))
    w.client("apigateway").update_rest_api(restApiId=api, patchOperations=[
        {"op": "replace", "path": "/policy", "value": policy}])
    w.add(POLICY, "serverless-policy", api, {"restApiId": api, "policy": policy},
          links={"restApiId": [f"{REST_API}::serverless-api"], "policy": [f"{ENDPOINT}::execute-api-endpoint"]})


def build_bridge_host(w: World) -> None:
    ec2, elbv2 = w.client("ec2"), w.client("elbv2")
    group = security_group(w, "bridge-app-sg", 8080)
    subnet = w.ids["subnets"].split(",")[0]
    instance = ec2.run_instances(
        ImageId="ami-12c6146b", InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet,
        SecurityGroupIds=[group], MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled",
                                                   "HttpPutResponseHopLimit": 1})["Instances"][0]["InstanceId"]
    w.add("aws:ec2/instance:Instance", "bridge-app", instance, {
        "ami": "ami-12c6146b", "instanceType": "t3.micro", "subnetId": subnet, "vpcSecurityGroupIds": [group],
        "associatePublicIpAddress": False, "iamInstanceProfile": "bridge-instance-profile",
        "metadataOptions": {"httpTokens": "required", "httpEndpoint": "enabled", "httpPutResponseHopLimit": 1},
        "rootBlockDevice": {"encrypted": True, "volumeType": "gp3"}},
        links={"subnetId": [f"{SUBNET}::network-private-1"], "vpcSecurityGroupIds": [f"{SG}::bridge-app-sg"]})
    nlb = elbv2.create_load_balancer(Name="bridge-nlb", Subnets=w.ids["subnets"].split(","), Scheme="internal",
                                     Type="network")["LoadBalancers"][0]["LoadBalancerArn"]
    w.add("aws:lb/loadBalancer:LoadBalancer", "bridge-nlb", nlb, {
        "internal": True, "loadBalancerType": "network", "subnets": w.ids["subnets"].split(","),
        "enableDeletionProtection": True}, outputs={"arn": nlb},
        links={"subnets": [f"{SUBNET}::network-private-1", f"{SUBNET}::network-private-2"]})
    target = elbv2.create_target_group(Name="bridge-tg", Protocol="TCP", Port=8080, VpcId=w.ids["network-vpc"],
                                       TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    listener = elbv2.create_listener(LoadBalancerArn=nlb, Protocol="TCP", Port=80, DefaultActions=[
        {"Type": "forward", "TargetGroupArn": target}])["Listeners"][0]["ListenerArn"]
    w.add("aws:lb/listener:Listener", "bridge-listener", listener, {
        "loadBalancerArn": nlb, "port": 80, "protocol": "TCP",
        "defaultActions": [{"type": "forward", "targetGroupArn": target}]}, outputs={"arn": listener},
        links={"loadBalancerArn": ["aws:lb/loadBalancer:LoadBalancer::bridge-nlb"]})
    link = w.client("apigateway").create_vpc_link(name="bridge-vpc-link", targetArns=[nlb])["id"]
    w.add("aws:apigateway/vpcLink:VpcLink", "bridge-vpc-link", link, {"name": "bridge-vpc-link", "targetArn": nlb},
          links={"targetArn": ["aws:lb/loadBalancer:LoadBalancer::bridge-nlb"]})


def build_zone(w: World) -> None:
    zone = w.client("route53").create_hosted_zone(
        Name="example.internal", CallerReference="audit-zone", HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCRegion": REGION, "VPCId": w.ids["network-vpc"]})["HostedZone"]["Id"].rsplit("/", 1)[-1]
    w.add("aws:route53/zone:Zone", "onprem-zone", zone, {"name": "example.internal",
                                                         "vpcs": [{"vpcId": w.ids["network-vpc"]}]},
          outputs={"zoneId": zone}, links={"vpcs": [f"{VPC}::network-vpc"]})


def build_function(w: World, api: str) -> None:
    """The private API's Lambda function, invocable by API Gateway from that API only."""
    role = w.client("iam").create_role(RoleName="entities-role", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    lam = w.client("lambda")
    name = "serverless-entities"
    arn = lam.create_function(FunctionName=name, Runtime="python3.12", Role=role, Handler="index.handler",
                              Code={"ZipFile": _zip()})["FunctionArn"]
    w.add(FUNCTION, name, name, {"name": name, "runtime": "python3.12", "role": role, "handler": "index.handler"},
          outputs={"arn": arn})
    source = f"arn:aws:execute-api:{REGION}:{w.account}:{api}/v1/GET/entities"
    granted = lam.add_permission(FunctionName=name, StatementId="allow-api", Action="lambda:InvokeFunction",
                                 Principal="apigateway.amazonaws.com", SourceArn=source)
    statement = json.loads(granted["Statement"])
    w.add("aws:lambda/permission:Permission", "serverless-entities-permission", statement["Sid"], {
        "function": name, "action": "lambda:InvokeFunction", "principal": "apigateway.amazonaws.com",
        "sourceArn": source, "statementId": statement["Sid"]},
        links={"function": [f"{FUNCTION}::{name}"], "sourceArn": [f"{REST_API}::serverless-api"]})
    url = lam.create_function_url_config(FunctionName=name, AuthType="AWS_IAM")["FunctionUrl"]
    w.add("aws:lambda/functionUrl:FunctionUrl", "serverless-entities-url", name,
          {"functionName": name, "authorizationType": "AWS_IAM"}, outputs={"functionUrl": url},
          links={"functionName": [f"{FUNCTION}::{name}"]})


def build_http_api(w: World) -> None:
    """An HTTP API whose one route needs SigV4."""
    v2 = w.client("apigatewayv2")
    api = v2.create_api(Name="events-api", ProtocolType="HTTP")["ApiId"]
    w.add("aws:apigatewayv2/api:Api", "events-api", api, {"name": "events-api", "protocolType": "HTTP"})
    route = v2.create_route(ApiId=api, RouteKey="GET /events", AuthorizationType="AWS_IAM")["RouteId"]
    w.add("aws:apigatewayv2/route:Route", "events-route", route,
          {"apiId": api, "routeKey": "GET /events", "authorizationType": "AWS_IAM"},
          links={"apiId": ["aws:apigatewayv2/api:Api::events-api"]})


def _zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return {'statusCode': 200}\n")
    return buffer.getvalue()


def build_world(endpoint: str, *, private_dns: bool = False) -> World:
    w = World(endpoint=endpoint)
    build_network(w)
    build_endpoint(w, private_dns=private_dns)
    build_private_api(w)
    build_function(w, w.ids["serverless-api"])
    build_http_api(w)
    rest_api(w, "iam-api", "REGIONAL", "users", "ANY")
    build_bridge_host(w)
    build_zone(w)
    return w
