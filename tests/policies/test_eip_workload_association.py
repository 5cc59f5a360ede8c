from private_api_guard import types
from private_api_guard.ec2.eip_workload_association import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn

TAIL = ("so it is reachable from the internet wherever its security groups allow. Fix: remove the Elastic IP and "
        "reach the workload through SSM Session Manager, API Gateway or an internal load balancer, or exempt an "
        "approved bastion with a reason in the policy config.")


def base():
    return [
        Res(types.INSTANCE, "web", {"ami": "ami-1", "subnetId": UNKNOWN}),
        Res(types.NETWORK_INTERFACE, "web-eni", {"subnetId": UNKNOWN}),
        Res(types.NAT_GATEWAY, "nat", {"allocationId": UNKNOWN, "subnetId": UNKNOWN, "networkInterfaceId": UNKNOWN}),
    ]


def test_metadata():
    assert POLICY.name == "aws-ec2-eip-disallow-workload-association"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-eip-disallow-workload-association"


def test_eip_bound_by_its_own_instance_fails_in_a_first_preview():
    stack = [*base(), Res(types.EIP, "web-ip", {"domain": "vpc", "instance": UNKNOWN}, deps={"instance": ["web"]})]
    result = run_stack(POLICY, stack)
    assert result.violations == [
        "instance is the id of web: Elastic IP web-ip gives instance web a public address, " + TAIL]
    assert result.urns == [urn(types.EIP, "web-ip")]
    assert result.unknown is None


def test_association_to_an_instance_or_interface_fails():
    stack = [*base(), Res(types.EIP, "ip", {"domain": "vpc"}),
             Res(types.EIP_ASSOCIATION, "ip-to-web", {"allocationId": UNKNOWN, "instanceId": UNKNOWN},
                 deps={"allocationId": ["ip"], "instanceId": ["web"]}),
             Res(types.EIP_ASSOCIATION, "ip-to-eni", {"allocationId": "eipalloc-0abc", "networkInterfaceId": UNKNOWN},
                 deps={"networkInterfaceId": ["web-eni"]})]
    result = run_stack(POLICY, stack)
    assert result.violations == [
        "instanceId is the id of web: Elastic IP ip gives instance web a public address, " + TAIL,
        "networkInterfaceId is the id of web-eni: the Elastic IP gives network interface web-eni a public address, "
        + TAIL]
    assert result.urns == [urn(types.EIP_ASSOCIATION, "ip-to-web"), urn(types.EIP_ASSOCIATION, "ip-to-eni")]


def test_literal_ids_of_undeclared_workloads_fail():
    result = run_stack(POLICY, [Res(types.EIP, "ip", {"domain": "vpc", "networkInterface": "eni-0abc"}),
                                Res(types.EIP_ASSOCIATION, "assoc", {"allocationId": "eipalloc-1",
                                                                     "instanceId": "i-0abc"})])
    assert result.violations == [
        "networkInterface is 'eni-0abc': Elastic IP ip gives network interface eni-0abc a public address, " + TAIL,
        "instanceId is 'i-0abc': the Elastic IP gives instance i-0abc a public address, " + TAIL]


def test_nat_gateway_elastic_ips_pass():
    stack = [*base(), Res(types.EIP, "nat-ip", {"domain": "vpc"}),
             Res(types.NAT_GATEWAY, "nat2", {"allocationId": UNKNOWN}, deps={"allocationId": ["nat-ip"]}),
             Res(types.EIP, "secondary", {"domain": "vpc"}),
             Res(types.EIP_ASSOCIATION, "to-nat-eni", {"allocationId": UNKNOWN, "networkInterfaceId": UNKNOWN},
                 deps={"allocationId": ["secondary"], "networkInterfaceId": ["nat"]}),
             Res(types.EIP, "spare", {"domain": "vpc", "instance": None})]
    assert run_stack(POLICY, stack).violations == []


def test_bastion_exemption():
    stack = [*base(), Res(types.EIP, "bastion-ip", {"instance": UNKNOWN}, deps={"instance": ["web"]})]
    config = {"exemptions": [{"namePattern": "bastion-ip", "reason": "opt-in bastion OPS-12"}]}
    result = run_stack(POLICY, stack, config=config)
    assert result.violations == []
    assert result.not_applicable == "bastion-ip: exempted by name pattern 'bastion-ip': opt-in bastion OPS-12"


def test_unknown_target_without_dependencies_cannot_be_decided_and_others_still_report():
    stack = [*base(), Res(types.EIP, "from-elsewhere", {"instance": UNKNOWN}),
             Res(types.EIP, "web-ip", {"instance": UNKNOWN}, deps={"instance": ["web"]})]
    result = run_stack(POLICY, stack)
    assert result.violations == [
        "instance is the id of web: Elastic IP web-ip gives instance web a public address, " + TAIL]
    assert result.unknown == "string value at .instance can't be known during preview"
