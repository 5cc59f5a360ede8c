"""Load balancer listeners encrypt, or only redirect to HTTPS (checkov CKV_AWS_2, Config
elb-tls-https-listeners-only, alb-http-to-https-redirection-check).

* ``HTTPS``/``TLS`` listeners need ``certificateArn`` (their TLS policy is ``aws-lb-listener-configure-tls-policy``'s
  business);
* ``HTTP`` (also an unset protocol, AWS's default) passes only when every default action is a redirect
  with protocol ``HTTPS``;
* ``QUIC`` is encrypted end to end by the protocol itself;
* gateway load balancer listeners (no protocol, no port: GENEVE) are not applicable;
* ``TCP``, ``UDP``, ``TCP_UDP`` and ``TCP_QUIC`` are passthrough: the load balancer forwards bytes and
  never terminates TLS.

Decision on passthrough: the bridge-host topology is the documented API Gateway pattern, a VPC Link (v1)
to an internal NLB with a TCP listener; API Gateway terminates TLS and the link is private to the VPC.
So passthrough is allowed by default (config ``allowTcpPassthrough``, default true), but only where nobody
outside the network can reach it: on an *internal* load balancer. Whether the load balancer is internal is
a property of another resource, so that half is the stack policy
``aws-lb-listener-disallow-internet-facing-passthrough``, which finds the load balancer through the
property dependencies of ``loadBalancerArn`` and fails a passthrough listener on an internet-facing (or
unseen) one. This policy stays a resource policy so that everything it can decide alone blocks before
creation. Setting ``allowTcpPassthrough`` to false makes every passthrough listener fail here.

Classic ELBs carry their listeners inline and their scheme on the same resource, so the whole check,
including "passthrough only when internal", happens here; classic listeners cannot redirect, so plain
``http`` always fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import as_list, config_of, resource_policy, violation
from private_api_guard.network_rules import LISTENER_TYPES

NAME = "aws-lb-listener-enable-encryption"
ENCRYPTED = frozenset({"HTTPS", "TLS"})
SELF_ENCRYPTED = frozenset({"QUIC"})
PASSTHROUGH = frozenset({"TCP", "UDP", "TCP_UDP", "TCP_QUIC"})
TLS_FIX = "use protocol HTTPS or TLS with certificate_arn and an allowed ssl_policy"


def listener_protocol(value: Any) -> str | None:
    """The protocol upper-cased, or None when unset or not a string."""
    return value.strip().upper() if isinstance(value, str) else None


def _redirects_to_https(actions: Any) -> bool:
    found = as_list(actions)
    for action in found:
        if not isinstance(action, Mapping) or action.get("type") != "redirect":
            return False
        redirect = action.get("redirect")
        if not isinstance(redirect, Mapping) or listener_protocol(redirect.get("protocol")) != "HTTPS":
            return False
    return bool(found)


def _validate_listener(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    raw = props.get("protocol")
    protocol = listener_protocol(raw)
    if protocol is None and props.get("port") is None:
        args.not_applicable("a listener without protocol and port belongs to a gateway load balancer (GENEVE)")
    if protocol in ENCRYPTED:
        if not props.get("certificateArn"):
            report(violation("certificateArn", props.get("certificateArn"),
                             f"{protocol} listeners need a server certificate", "set certificate_arn to an ACM "
                             "certificate ARN"))
    elif protocol in SELF_ENCRYPTED:
        return
    elif protocol in PASSTHROUGH:
        if config_of(args, "allowTcpPassthrough", True) is not True:
            report(violation("protocol", raw, "the listener passes traffic through without TLS and "
                             "allowTcpPassthrough is false", f"{TLS_FIX}, or allow passthrough in the policy config"))
    elif protocol in (None, "HTTP"):
        if not _redirects_to_https(props.get("defaultActions")):
            report(violation("protocol", raw, "the listener serves plain HTTP (also AWS's default when protocol is "
                             "unset) instead of only redirecting to HTTPS", f"{TLS_FIX}, or make its only default "
                             "action a redirect with protocol HTTPS"))
    else:
        report(violation("protocol", raw, "it is not an encrypted listener protocol", TLS_FIX))


def _validate_classic(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    allow_passthrough = config_of(args, "allowTcpPassthrough", True) is True
    for i, listener in enumerate(as_list(props.get("listeners"))):
        if not isinstance(listener, Mapping):
            continue
        raw = listener.get("lbProtocol")
        protocol = listener_protocol(raw)
        field = f"listeners[{i}].lbProtocol"
        if protocol in ("HTTPS", "SSL"):
            if not listener.get("sslCertificateId"):
                report(violation(f"listeners[{i}].sslCertificateId", listener.get("sslCertificateId"),
                                 f"{protocol} listeners need a server certificate", "set ssl_certificate_id to "
                                 "an ACM certificate ARN"))
        elif protocol == "TCP":
            if not allow_passthrough:
                report(violation(field, raw, "the listener passes traffic through without TLS and "
                                 "allowTcpPassthrough is false", "use lb_protocol ssl with ssl_certificate_id"))
            elif props.get("internal") is not True:
                report(violation(field, raw, "the listener passes traffic through without TLS on an "
                                 "internet-facing load balancer", "use lb_protocol ssl with ssl_certificate_id, "
                                 "or set internal=True"))
        else:
            report(violation(field, raw, "classic load balancers cannot redirect, so the listener serves "
                             "unencrypted traffic", "use lb_protocol https or ssl with ssl_certificate_id"))


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == types.ELB_LOAD_BALANCER:
        _validate_classic(args, report)
    else:
        _validate_listener(args, report)


POLICY = resource_policy(
    name=NAME,
    description="Checks that every load balancer listener uses HTTPS or TLS with a certificate, that HTTP "
                "listeners only redirect to HTTPS, and that TCP/UDP passthrough is used only where the config "
                "allows it (on internal load balancers, see aws-lb-listener-disallow-internet-facing-passthrough).",
    resource_types=(*LISTENER_TYPES, types.ELB_LOAD_BALANCER),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Use protocol HTTPS (ALB) or TLS (NLB) with certificate_arn and ssl_policy; turn port-80 "
                      "listeners into a single redirect action to HTTPS; keep TCP passthrough to internal NLBs "
                      "behind API Gateway VPC Links.",
    config_properties={
        "allowTcpPassthrough": {
            "type": "boolean", "default": True,
            "description": "Allow TCP/UDP passthrough listeners (the VPC Link to internal NLB pattern); internal "
                           "load balancers only, enforced by aws-lb-listener-disallow-internet-facing-passthrough.",
        },
    },
)
