from private_api_guard import types
from private_api_guard.ec2.eip_unattached import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn

MESSAGE = ("instance is unset: no resource of the stack uses the Elastic IP: neither the Eip binds it (instance, "
           "networkInterface) nor does a NAT gateway, EipAssociation or load balancer name it. Fix: give it to the "
           "NAT gateway or load balancer it was allocated for (allocation_id=eip.id) or remove it; exempt an "
           "address kept for another stack with a reason in the policy config.")


def test_metadata():
    assert POLICY.name == "aws-ec2-eip-disallow-unattached"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "low"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-eip-disallow-unattached"


def test_an_elastic_ip_nothing_uses_is_reported():
    result = run_stack(POLICY, [Res(types.EIP, "spare", {"domain": "vpc"})])
    assert result.violations == [MESSAGE]
    assert result.urns == [urn(types.EIP, "spare")]


def test_used_elastic_ips_pass():
    stack = [
        Res(types.EIP, "nat-ip", {"domain": "vpc"}),
        Res(types.NAT_GATEWAY, "nat", {"allocationId": UNKNOWN}, deps={"allocationId": ["nat-ip"]}),
        Res(types.EIP, "nlb-ip", {"domain": "vpc"}),
        Res(types.LOAD_BALANCER, "nlb", {"subnetMappings": [{"allocationId": UNKNOWN}]},
            deps={"subnetMappings": ["nlb-ip"]}),
        Res(types.EIP, "assoc-ip", {"domain": "vpc"}),
        Res(types.EIP_ASSOCIATION, "assoc", {"allocationId": UNKNOWN, "instanceId": "i-1"},
            deps={"allocationId": ["assoc-ip"]}),
        Res(types.EIP, "bound", {"domain": "vpc", "instance": "i-0abc"}),
    ]
    assert run_stack(POLICY, stack).violations == []


def test_exemption_for_an_address_kept_for_another_stack():
    config = {"exemptions": [{"namePattern": "spare", "reason": "used by the edge stack"}]}
    result = run_stack(POLICY, [Res(types.EIP, "spare", {"domain": "vpc"})], config=config)
    assert result.violations == []
    assert result.not_applicable == "spare: exempted by name pattern 'spare': used by the edge stack"


def test_unknown_binding_cannot_be_decided():
    result = run_stack(POLICY, [Res(types.EIP, "ip", {"networkInterface": UNKNOWN})])
    assert result.violations == []
    assert result.unknown == "string value at .networkInterface can't be known during preview"
