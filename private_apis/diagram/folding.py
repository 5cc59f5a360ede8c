"""Resources that are part of a drawn element rather than elements of their own: a listener belongs to its load
balancer, a stage to its API, a route table to its VPC. Each is folded into the element holding the resource its
inputs name, so its policy marks land there too."""

from __future__ import annotations

from private_apis.diagram.nodes import normal_type
from private_apis.diagram.references import References, as_list
from private_apis.engine.recorder import RecordedResource

_REST_API_PARTS = ("integration", "method", "resource", "deployment", "stage", "methodSettings", "integrationResponse",
                   "methodResponse", "gatewayResponse", "authorizer", "model", "requestValidator",
                   "documentationPart", "documentationVersion")
_HTTP_API_PARTS = ("integration", "route", "stage", "deployment", "authorizer", "integrationResponse",
                   "routeResponse", "model", "apiMapping")

DOMAIN_TYPES = ("aws:apigateway/domainName:DomainName", "aws:apigatewayv2/domainName:DomainName")

FOLD_VIA: dict[str, tuple[str, ...]] = {
    "aws:lb/listener:Listener": ("loadBalancerArn",),
    "aws:lb/listenerRule:ListenerRule": ("listenerArn",),
    "aws:lb/listenerCertificate:ListenerCertificate": ("listenerArn",),
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": ("targetGroupArn",),
    **{f"aws:apigateway/{part}:{part[0].upper()}{part[1:]}": ("restApi", "restApiId") for part in _REST_API_PARTS},
    **{f"aws:apigatewayv2/{part}:{part[0].upper()}{part[1:]}": ("apiId",) for part in _HTTP_API_PARTS},
    "aws:apigateway/restApiPolicy:RestApiPolicy": ("restApiId",),
    "aws:apigateway/basePathMapping:BasePathMapping": ("domainName",),
    "aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation": ("domainNameArn",),
    "aws:apigateway/usagePlan:UsagePlan": ("apiStages",),
    "aws:apigateway/usagePlanKey:UsagePlanKey": ("usagePlanId",),
    "aws:route53/record:Record": ("zoneId",),
    "aws:route53/zoneAssociation:ZoneAssociation": ("zoneId",),
    "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": ("zoneId",),
    "aws:lambda/permission:Permission": ("function",),
    "aws:lambda/alias:Alias": ("functionName",),
    "aws:lambda/functionUrl:FunctionUrl": ("functionName",),
    "aws:ec2/routeTable:RouteTable": ("vpcId",),
    "aws:ec2/route:Route": ("routeTableId",),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ("subnetId", "routeTableId"),
    "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation": ("vpcId",),
    "aws:ec2/securityGroup:SecurityGroup": ("vpcId",),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ("vpcId",),
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": ("defaultNetworkAclId",),
    "aws:ec2/defaultRouteTable:DefaultRouteTable": ("defaultRouteTableId",),
    "aws:ec2/networkAcl:NetworkAcl": ("vpcId",),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ("securityGroupId",),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ("securityGroupId",),
    "aws:ec2/securityGroupRule:SecurityGroupRule": ("securityGroupId",),
    "aws:ec2/flowLog:FlowLog": ("vpcId", "subnetId"),
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": ("vpcId",),
    "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions": ("vpcPeeringConnectionId",),
    "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment": ("internetGatewayId", "vpcId"),
    "aws:ec2/vpcDhcpOptionsAssociation:VpcDhcpOptionsAssociation": ("vpcId",),
    "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation": ("vpcEndpointId",),
    "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation": ("vpcEndpointId",),
    "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy": ("vpcEndpointId",),
    "aws:ec2/networkInterface:NetworkInterface": ("subnetId",),
    "aws:ec2/volumeAttachment:VolumeAttachment": ("instanceId",),
    "aws:route53/resolverRule:ResolverRule": ("resolverEndpointId",),
    "aws:ec2/networkInterfaceSecurityGroupAttachment:NetworkInterfaceSecurityGroupAttachment": ("networkInterfaceId",),
}
"""Per type, the inputs that name the resource it belongs to, tried in order."""


def target_group_owners(resources: list[RecordedResource], refs: References) -> dict[str, str]:
    """Target group URN -> load balancer URN, through the listeners that forward to it (a target group names no
    load balancer itself)."""
    owners: dict[str, str] = {}
    for listener in resources:
        if normal_type(listener.type) != "aws:lb/listener:Listener":
            continue
        balancer = refs.urn(listener.plain_inputs.get("loadBalancerArn"))
        if balancer is None:
            continue
        for group in forwarded_target_groups(listener.plain_inputs):
            owner = refs.urn(group)
            if owner:
                owners.setdefault(owner, balancer)
    return owners


def forwarded_target_groups(listener_inputs: dict) -> list[str]:
    """The target group ARNs of a listener's forward actions (``targetGroupArn`` or ``forward.targetGroups``)."""
    arns: list[str] = []
    for action in as_list(listener_inputs.get("defaultActions")):
        if not isinstance(action, dict):
            continue
        if action.get("targetGroupArn"):
            arns.append(action["targetGroupArn"])
        for group in as_list((action.get("forward") or {}).get("targetGroups")):
            if isinstance(group, dict) and group.get("arn"):
                arns.append(group["arn"])
    return arns


def fold(resources: list[RecordedResource], refs: References, holder: dict[str, str]) -> None:
    """Extend ``holder`` (URN -> element id) with every folded resource whose owner is held, until nothing moves:
    a route folds into its route table, which folds into its VPC."""
    owners = target_group_owners(resources, refs)
    pending = [r for r in resources if r.custom and r.urn not in holder]
    moved = True
    while moved:
        moved = False
        for resource in list(pending):
            owner = owners.get(resource.urn) or _owner(resource, refs)
            if owner is not None and owner in holder:
                holder[resource.urn] = holder[owner]
                pending.remove(resource)
                moved = True


def _owner(resource: RecordedResource, refs: References) -> str | None:
    inputs = resource.plain_inputs
    for key in FOLD_VIA.get(normal_type(resource.type), ()):
        if key == "domainName":
            return refs.urn(inputs.get("domainNameId"), prefer=DOMAIN_TYPES) or refs.urn(inputs.get(key),
                                                                                       prefer=DOMAIN_TYPES)
        for urn in refs.urns(inputs.get(key)):
            if urn != resource.urn:
                return urn
    return None
