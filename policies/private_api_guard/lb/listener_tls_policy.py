"""TLS listeners use an allowed TLS 1.2+ security policy, on any port (Config
elbv2-predefined-security-policy-ssl-check, checkov CKV_AWS_103).

Pulumi's compliance pack checks only port 443 or HTTPS, so an NLB ``TLS`` listener on another port slips
through; this policy checks every HTTPS and TLS listener. An unset ``sslPolicy`` fails: outside the
console, AWS then applies ELBSecurityPolicy-2016-08, which still accepts TLS 1.0. The allow-list is config
``allowedSslPolicies``; its default is every predefined policy whose minimum is TLS 1.2: the TLS 1.3
families of 2021-06 (recommended), their FIPS (2023-04) and post-quantum (2025-09) variants, and the
older TLS-1-2/FS-1-2 policies.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard.core import as_list, config_of, resource_policy, violation
from private_api_guard.lb.listener_encryption import ENCRYPTED, listener_protocol
from private_api_guard.network_rules import LISTENER_TYPES

NAME = "aws-lb-listener-configure-tls-policy"
RECOMMENDED = "ELBSecurityPolicy-TLS13-1-2-2021-06"
DEFAULT_ALLOWED_SSL_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
]


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    protocol = listener_protocol(props.get("protocol"))
    if protocol not in ENCRYPTED:
        return
    policy = props.get("sslPolicy")
    allowed = as_list(config_of(args, "allowedSslPolicies", DEFAULT_ALLOWED_SSL_POLICIES))
    if policy in allowed:
        return
    problem = (f"the {protocol} listener then gets AWS's ELBSecurityPolicy-2016-08, which still accepts TLS 1.0"
               if policy is None else f"the {protocol} listener's policy is not in allowedSslPolicies (TLS 1.2+)")
    report(violation("sslPolicy", policy, problem,
                     f"set ssl_policy to {RECOMMENDED} or another policy in allowedSslPolicies"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every HTTPS or TLS listener, on any port, sets an sslPolicy from the allowed TLS 1.2+ "
                "list (config allowedSslPolicies).",
    resource_types=LISTENER_TYPES,
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps=f"Set ssl_policy='{RECOMMENDED}' (or a FIPS/post-quantum variant from allowedSslPolicies) "
                      "on every HTTPS and TLS listener.",
    config_properties={
        "allowedSslPolicies": {
            "type": "array", "items": {"type": "string"}, "default": DEFAULT_ALLOWED_SSL_POLICIES,
            "description": "Predefined ELB security policies a TLS or HTTPS listener may use.",
        },
    },
)
