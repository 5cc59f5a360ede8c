from private_api_guard import types
from private_api_guard.apigateway.vpclink_internal_nlb import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

NLB = Res(types.LOAD_BALANCER, "nlb", {"internal": True, "loadBalancerType": "network", "subnets": [UNKNOWN]})
LINK = Res(types.VPC_LINK, "link", {"name": "link", "targetArn": UNKNOWN}, deps={"targetArn": ["nlb"]})


def test_metadata():
    assert POLICY.name == "aws-apigateway-vpclink-configure-internal-nlb-target"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_internal_nlb_passes():
    assert run_stack(POLICY, [NLB, LINK]).violations == []
    alb_module = Res(types.ALB_LOAD_BALANCER, "nlb", NLB.props)
    assert run_stack(POLICY, [alb_module, LINK]).violations == []


def test_internet_facing_application_load_balancer_fails():
    public = Res(types.LOAD_BALANCER, "nlb", {"internal": False})
    result = run_stack(POLICY, [public, LINK])
    assert result.violations == [
        "targetArn -> nlb.internal is false: the VPC Link's target load balancer is internet-facing. Fix: set "
        "internal=True on the load balancer.",
        "targetArn -> nlb.loadBalancerType is unset: a REST API VPC Link needs a network load balancer (unset means "
        "application). Fix: set load_balancer_type='network' on the load balancer.",
    ]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/vpcLink:VpcLink::link"] * 2


def test_older_list_form_is_resolved_too():
    public = Res(types.LOAD_BALANCER, "nlb", {"loadBalancerType": "network"})
    link = Res(types.VPC_LINK, "link", {"targetArns": [UNKNOWN]}, deps={"targetArns": ["nlb"]})
    assert run_stack(POLICY, [public, link]).violations == [
        "targetArns -> nlb.internal is unset: the VPC Link's target load balancer is internet-facing. Fix: set "
        "internal=True on the load balancer."]


def test_target_outside_the_stack_cannot_be_proven_internal():
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/legacy/0123456789abcdef"
    result = run_stack(POLICY, [Res(types.VPC_LINK, "link", {"targetArns": [arn]})])
    assert result.violations == [
        f'targetArns is ["{arn}"]: the target is not a load balancer of this stack, so it cannot be proven an '
        "internal NLB. Fix: target an lb.LoadBalancer(load_balancer_type='network', internal=True) of this stack, "
        "or exempt the link with a reason."]


def test_unknown_scheme_cannot_be_decided():
    nlb = Res(types.LOAD_BALANCER, "nlb", {"internal": UNKNOWN, "loadBalancerType": "network"})
    result = run_stack(POLICY, [nlb, LINK])
    assert result.violations == []
    assert result.unknown == "string value at .internal can't be known during preview"
