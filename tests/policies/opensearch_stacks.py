"""Shared stacks for the OpenSearch policy tests: domains and access policies in the shapes programs write."""

import json

from private_api_guard import types

from tests.policies.policy_harness import Res

ARN = "arn:aws:es:eu-west-1:123456789012:domain/logs"
OPEN = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*", "Resource": f"{ARN}/*"}
VPC = {"vpcOptions": {"subnetIds": ["subnet-1", "subnet-2"], "securityGroupIds": ["sg-1"]}}
FGAC = {"advancedSecurityOptions": {"enabled": True, "internalUserDatabaseEnabled": True}}


def document(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def domain(name="logs", resource_type=types.OPENSEARCH_DOMAIN, **props):
    return Res(resource_type, name, {"domainName": name, **props})


def domain_policy(name="logs-policy", statements=(OPEN,), owner="logs", resource_type=types.OPENSEARCH_DOMAIN_POLICY,
                  **props):
    deps = {"domainName": [owner]} if owner else {}
    return Res(resource_type, name, {"domainName": "logs", "accessPolicies": document(*statements), **props}, deps)
