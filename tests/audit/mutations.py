"""Changes a console user makes after ``pulumi up``, made through the AWS API of the moto account."""

from __future__ import annotations

import json

from tests.audit.world import World, build_world


def endpoint_to_regional(w: World) -> None:
    w.client("apigateway").update_rest_api(restApiId=w.ids["serverless-api"], patchOperations=[
        {"op": "replace", "path": "/endpointConfiguration/types/PRIVATE", "value": "REGIONAL"}])


def policy_deleted(w: World) -> None:
    w.client("apigateway").update_rest_api(restApiId=w.ids["serverless-api"], patchOperations=[
        {"op": "replace", "path": "/policy", "value": ""}])


def policy_widened(w: World) -> None:
    everyone = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                                                        "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}
    w.client("apigateway").update_rest_api(restApiId=w.ids["serverless-api"], patchOperations=[
        {"op": "replace", "path": "/policy", "value": json.dumps(everyone)}])


def method_to_none(w: World) -> None:
    # moto has no UpdateMethod: PutMethod over the same method is the console's "Edit method request".
    method = w.record("serverless-api-get").inputs
    w.client("apigateway").put_method(restApiId=method["restApi"], resourceId=method["resourceId"],
                                      httpMethod="GET", authorizationType="NONE")


def _open_to(w: World, group: str, port: int, ranges: dict) -> None:
    w.client("ec2").authorize_security_group_ingress(GroupId=w.ids[group], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **ranges}])


def sg_rule_ipv4_world(w: World) -> None:
    _open_to(w, "execute-api-endpoint-sg", 443, {"IpRanges": [{"CidrIp": "0.0.0.0/0"}]})


def sg_rule_ipv6_world(w: World) -> None:
    _open_to(w, "bridge-app-sg", 22, {"Ipv6Ranges": [{"CidrIpv6": "::/0"}]})


def instance_public_ip(w: World) -> None:
    ec2 = w.client("ec2")
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.associate_address(AllocationId=allocation, InstanceId=w.ids["bridge-app"])


def private_dns_on(endpoint: str) -> World:
    """moto's ModifyVpcEndpoint ignores PrivateDnsEnabled: the endpoint is built with it on instead, while the
    stack records it off."""
    return build_world(endpoint, private_dns=True)


def stage_deleted(w: World) -> None:
    w.client("apigateway").delete_stage(restApiId=w.ids["iam-api"], stageName="v1")


def method_added_without_authorization(w: World) -> None:
    api = w.record("iam-api").outputs
    w.client("apigateway").put_method(restApiId=w.ids["iam-api"], resourceId=api["rootResourceId"],
                                      httpMethod="DELETE", authorizationType="NONE")


def lambda_open_to_everyone(w: World) -> None:
    w.client("lambda").add_permission(FunctionName="serverless-entities", StatementId="console-test",
                                      Action="lambda:InvokeFunction", Principal="*")


def internet_route(w: World) -> None:
    ec2 = w.client("ec2")
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=w.ids["network-vpc"])
    ec2.create_route(RouteTableId=w.ids["network-private-rt"], DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)


def function_url_public(w: World) -> None:
    w.client("lambda").update_function_url_config(FunctionName="serverless-entities", AuthType="NONE")


def http_route_to_none(w: World) -> None:
    w.client("apigatewayv2").update_route(ApiId=w.ids["events-api"], RouteId=w.ids["events-route"],
                                          AuthorizationType="NONE")


def zone_shared_with_another_vpc(w: World) -> None:
    other = w.client("ec2").create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
    w.ids["other-vpc"] = other
    w.client("route53").associate_vpc_with_hosted_zone(HostedZoneId=w.ids["onprem-zone"],
                                                       VPC={"VPCRegion": "eu-west-1", "VPCId": other})
