"""No Elastic IP on a workload (Config eip-attached's counterpart for exposure; checkov CKV2_AWS_19 in part).

An Elastic IP bound to an instance or a network interface, through the Eip's ``instance`` / ``networkInterface``
or an ``ec2.EipAssociation``, gives that workload a public address: reachable from the internet wherever its
security groups allow. The one legitimate public address is a NAT gateway's (``allocationId`` of an
``ec2.NatGateway``), which binds through neither and passes, as does an association to a NAT gateway's own network
interface. A stack policy so that a first preview, where the instance id is unknown, still decides through the
property dependencies of ``instance`` / ``instanceId``. An Elastic IP that nothing uses exposes nothing and is
``aws-ec2-eip-disallow-unattached``'s (advisory). An approved bastion's Elastic IP is exempted in the config.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard.apigateway.graph import Unknowns
from private_api_guard.core import Described, stack_policy, violation
from private_api_guard.ec2.elastic_ips import Binding, ElasticIpView

NAME = "aws-ec2-eip-disallow-workload-association"
FIX = ("remove the Elastic IP and reach the workload through SSM Session Manager, API Gateway or an internal load "
       "balancer, or exempt an approved bastion with a reason in the policy config")


def message(bound: Binding) -> str:
    value = Described(f"the id of {bound.target.name}") if bound.target is not None else bound.target_id
    return violation(bound.field, value, f"{bound.eip_label()} gives {bound.target_label()} a public address, so it "
                     "is reachable from the internet wherever its security groups allow", FIX)


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    view = ElasticIpView(args.resources)
    unknowns = Unknowns()

    def check_eip(eip) -> None:
        for bound in view.bindings(eip):
            if not bound.to_nat:
                report(message(bound), eip.urn)

    def check_association(association) -> None:
        bound = view.association_binding(association)
        if bound is not None and not bound.to_nat:
            report(message(bound), association.urn)

    unknowns.each(view.eips, check_eip)
    unknowns.each(view.associations, check_association)
    unknowns.raise_first()


POLICY = stack_policy(
    name=NAME,
    description="Checks that no Elastic IP is bound to an instance or network interface, through the Eip's "
                "instance or networkInterface or an ec2.EipAssociation; NAT gateway Elastic IPs pass.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Remove the Elastic IP from the workload and reach it through SSM Session Manager or a "
                      "private load balancer; keep Elastic IPs for NAT gateways; for an approved bastion add an "
                      "exemption (namePattern or tag) with a reason to this policy's config.",
)
