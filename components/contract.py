"""The stack output contract: every key the program exports, what it holds and when it is there.

Other projects read our stacks through ``pulumi.StackReference``, CI scripts through ``pulumi stack
output --json``. Both depend on key names, so the names live here and nowhere else: the program
exports through :func:`checked_outputs`, the tests check the program against :data:`SECTIONS`,
``docs/outputs.md`` is rendered from it (:func:`render_markdown`), and consumers import the key
constants (``from components.contract import Iam``; ``ref.get_output(Iam.INVOKE_URL)``).

Keys are flat (no nested objects): strings, or lists of strings where a topology has several of
a thing. Every key of a deployed topology is present unless its ``when`` says otherwise, so a
consumer can rely on it. Keys marked ``secret`` are only ever exported as Pulumi secrets.

Versioning (:data:`CONTRACT_VERSION`, exported as ``contract_version``): ``MAJOR.MINOR``. A minor
bump adds keys; a major bump removes or renames a key or changes what a value means. Consumers
call :func:`check_compatible` with the version they were written against.

Pure module: no Pulumi import, so consumers and tools can use it anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

CONTRACT_VERSION = "1.1"

STRING = "string"
STRINGS = "list[string]"
KINDS = (STRING, STRINGS)


class ContractError(ValueError):
    """The outputs of a stack do not match the contract a consumer expects."""


class Key(str):
    """An output key: a plain ``str`` (so it works anywhere a key name does) that also documents itself."""

    kind: str
    description: str
    secret: bool
    when: str | None

    def __new__(cls, name: str, kind: str, description: str, *, secret: bool = False,
                when: str | None = None) -> Key:
        if kind not in KINDS:
            raise ValueError(f"kind of {name!r} must be one of {KINDS}")
        key = super().__new__(cls, name)
        key.kind, key.description, key.secret, key.when = kind, description, secret, when
        return key


class Stack:
    """Stack-wide keys, always exported."""

    CONTRACT_VERSION = Key("contract_version", STRING, "Version of this contract, `MAJOR.MINOR`.")
    TOPOLOGIES = Key("stack_topologies", STRINGS, "The topologies deployed by the stack, in config order; a "
                     "consumer checks for its topology here before reading that topology's keys.")
    REGION = Key("aws_region", STRING, "AWS region of every resource of the stack; the SigV4 signing region.")


class Network:
    """The shared API VPC; exported when a VPC topology is deployed."""

    VPC_ID = Key("network_vpc_id", STRING, "Id of the VPC the APIs' private resources live in.")
    VPC_CIDR = Key("network_vpc_cidr", STRING, "IPv4 CIDR of that VPC.")
    PRIVATE_SUBNET_IDS = Key("network_private_subnet_ids", STRINGS,
                             "Private subnets, one per availability zone, in AZ order: where a consumer puts its "
                             "Lambda functions or instances to reach the execute-api VPC endpoints.")
    AVAILABILITY_ZONES = Key("network_availability_zones", STRINGS, "Availability zones of the private subnets.")


class Bridge:
    """Bridge host: an app on EC2 behind an internal NLB, reached through a VPC Link."""

    API_ID = Key("bridge_api_id", STRING, "REST API id.")
    STAGE_NAME = Key("bridge_stage_name", STRING, "Stage name.")
    INVOKE_URL = Key("bridge_invoke_url", STRING, "Base URL of the stage (`https://{api}.execute-api...`).")
    EXECUTION_ARN = Key("bridge_execution_arn", STRING,
                        "Execution ARN of the API, the base of `execute-api:Invoke` grants.")
    AUTHORIZATION = Key("bridge_authorization", STRING,
                        "Method authorization: `AWS_IAM` (sign with SigV4, service `execute-api`) or "
                        "`COGNITO_USER_POOLS` (send a user pool JWT in `Authorization`).")
    ENDPOINT_TYPE = Key("bridge_endpoint_type", STRING,
                        "`REGIONAL` (default) or `PRIVATE` (reachable only through the execute-api endpoints listed "
                        "in `bridgeExecuteApiVpcEndpointIds`).")
    NLB_DNS_NAME = Key("bridge_nlb_dns_name", STRING, "DNS name of the internal NLB (resolves only in the VPC).")
    VPC_LINK_ID = Key("bridge_vpc_link_id", STRING, "Id of the VPC Link from API Gateway to the NLB.")
    INSTANCE_ID = Key("bridge_instance_id", STRING, "Id of the app instance.")
    INSTANCE_SUBNET_ID = Key("bridge_instance_subnet_id", STRING, "Private subnet the app instance runs in.")
    OPERATOR_ACCESS = Key("bridge_operator_access", STRING,
                          "Command that opens an operator session on the app instance (SSM Session Manager).")
    BASTION_INSTANCE_ID = Key("bridge_bastion_instance_id", STRING, "Id of the SSH bastion.",
                              when="`bridgeSshBastion` is true")


class Serverless:
    """Private serverless API: a PRIVATE REST API reached through an execute-api VPC endpoint."""

    API_ID = Key("serverless_api_id", STRING, "REST API id.")
    STAGE_NAME = Key("serverless_stage_name", STRING, "Stage name.")
    EXECUTION_ARN = Key("serverless_execution_arn", STRING,
                        "Execution ARN of the API, the base of `execute-api:Invoke` grants.")
    AUTHORIZATION = Key("serverless_authorization", STRING,
                        "Method authorization: `AWS_IAM` (default; sign with SigV4, service `execute-api`) or `NONE` "
                        "(the network path is the only control).")
    VPC_ENDPOINT_ID = Key("serverless_vpc_endpoint_id", STRING,
                          "Id of the execute-api VPC endpoint, the only source the resource policy admits.")
    VPC_ENDPOINT_DNS_NAMES = Key("serverless_vpc_endpoint_dns_names", STRINGS,
                                 "Every DNS name of the endpoint (regional first as AWS lists them, then per AZ).")
    VPC_ENDPOINT_SECURITY_GROUP_ID = Key(
        "serverless_vpc_endpoint_security_group_id", STRING,
        "Security group of the endpoint: a consumer admits its own security group here (TCP 443).",
        when="the endpoint is created by the stack, not adopted (`serverlessVpcEndpointId` unset)")
    VPC_ENDPOINT_URL = Key("serverless_vpc_endpoint_url", STRING,
                           "Base URL through the endpoint's regional DNS name; send `serverless_host_header` "
                           "as `Host` or `serverless_api_id_header` as `x-apigw-api-id` with it.")
    HOST_HEADER = Key("serverless_host_header", STRING,
                      "Value of the `Host` header for `serverless_vpc_endpoint_url` (the API's own host name).")
    API_ID_HEADER = Key("serverless_api_id_header", STRING,
                        "Value of the `x-apigw-api-id` header for `serverless_vpc_endpoint_url`.")
    PRIVATE_DNS_URL = Key("serverless_private_dns_url", STRING,
                          "Base URL by the API's own host name; works only where the endpoint's private DNS "
                          "answers (`serverlessPrivateDns`).")
    ALIAS_URL = Key("serverless_alias_url", STRING,
                    "Base URL by the Route 53 alias form `{api}-{vpce}.execute-api...`; needs no header.")
    FUNCTION_NAMES = Key("serverless_function_names", STRINGS, "Lambda functions behind the API, route order.")


class Iam:
    """IAM-only internal API: a REGIONAL API where every method needs SigV4."""

    API_ID = Key("iam_api_id", STRING, "REST API id.")
    STAGE_NAME = Key("iam_stage_name", STRING, "Stage name.")
    INVOKE_URL = Key("iam_invoke_url", STRING, "Base URL of the stage; every request must be SigV4-signed.")
    EXECUTION_ARN = Key("iam_execution_arn", STRING,
                        "Execution ARN of the API; with `iam_stage_name` it is what a consumer's least-privilege "
                        "grant is built from (`components.grants.invoke_policy_document`).")
    STAGE_EXECUTION_ARN = Key("iam_stage_execution_arn", STRING, "Execution ARN of the stage.")
    AUTHORIZATION = Key("iam_authorization", STRING,
                        "Always `AWS_IAM`: sign with SigV4, service `execute-api`, region `aws_region`.")
    CALLER_POLICY_NAMES = Key("iam_caller_policy_names", STRINGS,
                              "Invoke grants the stack made (`iamCallerGrants`), as `role:inline-policy-name`.")
    FUNCTION_NAMES = Key("iam_function_names", STRINGS, "Lambda functions behind the API, route order.")
    API_KEY_ID = Key("iam_api_key_id", STRING, "Id of the metering API key.", when="`iamApiKey` is true")
    API_KEY_PARAMETER_NAME = Key("iam_api_key_parameter_name", STRING,
                                 "SSM SecureString parameter holding the API key; send it as `x-api-key`. Callers "
                                 "need `ssm:GetParameter` on it, and `kms:Decrypt` only with `iamApiKeyKmsKeyId`.",
                                 when="`iamApiKey` is true")
    API_KEY_VALUE = Key("iam_api_key_value", STRING, "The API key itself.", secret=True, when="`iamApiKey` is true")
    INVOKE_USER_NAME = Key("iam_invoke_user_name", STRING, "IAM user for callers outside AWS.",
                           when="`iamInvokeUserRoutes` is set")
    INVOKE_USER_ACCESS_KEY_ID = Key("iam_invoke_user_access_key_id", STRING, "Access key id of that user.",
                                    when="`iamInvokeUserRoutes` is set")
    INVOKE_USER_SECRET_ACCESS_KEY = Key("iam_invoke_user_secret_access_key", STRING,
                                        "Secret access key of that user.", secret=True,
                                        when="`iamInvokeUserRoutes` is set")


class OnPrem:
    """On-premises custom domain: private APIs by custom domain names from a data centre."""

    MODE = Key("onprem_mode", STRING, "`nlb` (internal NLB with TLS to the endpoint) or `native` "
               "(API Gateway private custom domain names).")
    DOMAIN_NAMES = Key("onprem_domain_names", STRINGS, "Custom domain names, one per API.")
    API_URLS = Key("onprem_api_urls", STRINGS, "Base URL of each API by its custom domain name.")
    REST_API_IDS = Key("onprem_rest_api_ids", STRINGS, "REST API ids, in the order of `onprem_domain_names`.")
    STAGE_NAME = Key("onprem_stage_name", STRING, "Stage name.")
    AUTHORIZATION = Key("onprem_authorization", STRING, "Method authorization of every API: `AWS_IAM` (callers "
                        "sign with SigV4 for service `execute-api`, the custom domain name as Host) or `NONE`.")
    ZONE_ID = Key("onprem_zone_id", STRING, "Route 53 private hosted zone answering for the domain names.")
    VPC_ENDPOINT_ID = Key("onprem_vpc_endpoint_id", STRING, "Id of the execute-api VPC endpoint.")
    VPC_ENDPOINT_DNS_NAMES = Key("onprem_vpc_endpoint_dns_names", STRINGS, "Every DNS name of that endpoint.")
    ENI_ADDRESSES = Key("onprem_eni_addresses", STRINGS, "Private IPv4 addresses of the endpoint, one per AZ.")
    CERTIFICATE_ARN = Key("onprem_certificate_arn", STRING, "ACM certificate of the custom domain names.")
    NLB_DNS_NAME = Key("onprem_nlb_dns_name", STRING, "DNS name of the internal NLB.", when="`onpremMode` is `nlb`")
    SIMULATION_VPC_ID = Key("onprem_simulation_vpc_id", STRING, "VPC standing in for the data centre.",
                            when="`onpremSimulation` is true")
    CLIENT_INSTANCE_ID = Key("onprem_client_instance_id", STRING, "Client instance in the simulated data centre.",
                             when="`onpremSimulation` is true")
    RESOLVER_ADDRESSES = Key("onprem_resolver_addresses", STRINGS, "Addresses of the Route 53 Resolver inbound "
                             "endpoint, one per AZ: the data centre's DNS forwards the zone's names to them.",
                             when="`onpremResolverInbound` is true")
    OPERATOR_ACCESS = Key("onprem_operator_access", STRING,
                          "Command that opens a session on the simulated client (SSM Session Manager).",
                          when="`onpremSimulation` is true")


@dataclass(frozen=True)
class Section:
    """The keys one part of the stack exports."""

    name: str
    """Topology name as in the `topologies` config key, or `stack` / `network`."""
    namespace: type
    in_vpc: bool = False
    """A topology in the shared VPC: its stacks also export the network keys."""

    @property
    def title(self) -> str:
        return (self.namespace.__doc__ or self.name).strip()

    @property
    def keys(self) -> tuple[Key, ...]:
        return tuple(value for value in vars(self.namespace).values() if isinstance(value, Key))

    @property
    def required(self) -> tuple[Key, ...]:
        return tuple(key for key in self.keys if key.when is None)


SECTIONS: tuple[Section, ...] = (
    Section("stack", Stack),
    Section("network", Network),
    Section("bridge-host", Bridge, in_vpc=True),
    Section("private-serverless", Serverless, in_vpc=True),
    Section("iam-internal", Iam),
    Section("onprem-domain", OnPrem, in_vpc=True),
)
SECTION_BY_NAME: Mapping[str, Section] = {section.name: section for section in SECTIONS}
VPC_TOPOLOGIES = tuple(section.name for section in SECTIONS if section.in_vpc)
"""Topologies that live in the shared VPC, so their stacks also export the network keys."""


def all_keys() -> Iterator[Key]:
    for section in SECTIONS:
        yield from section.keys


def checked_outputs(section: str, outputs: Mapping[str, Any]) -> dict[str, Any]:
    """``outputs`` if they are exactly what ``section`` promises: every required key, no key of another section.

    The program exports through this, so it cannot drift from the contract unnoticed.
    """
    spec = SECTION_BY_NAME[section]
    known = set(spec.keys)
    unknown = sorted(set(outputs) - known)
    missing = [key for key in spec.required if key not in outputs]
    if unknown or missing:
        raise ContractError(f"outputs of {section} do not match the contract: "
                            f"unknown {unknown or 'none'}, missing {missing or 'none'}")
    return dict(outputs)


_VERSION = re.compile(r"^(\d+)\.(\d+)$")


def parse_version(version: object) -> tuple[int, int]:
    match = _VERSION.match(version) if isinstance(version, str) else None
    if match is None:
        raise ContractError(f"contract_version {version!r} is not MAJOR.MINOR; the stack was deployed by a "
                            "program that does not export this contract")
    return int(match.group(1)), int(match.group(2))


def check_compatible(found: object, required: str = CONTRACT_VERSION) -> tuple[int, int]:
    """Raise :class:`ContractError` unless a stack exporting contract ``found`` serves a consumer of ``required``.

    Same major, and at least the required minor (a consumer may use keys added in that minor).
    """
    if found is None:
        raise ContractError("the referenced stack has no contract_version output: it is not a private-apis stack, "
                            "or it was never deployed with this program. Fix: check the stack name, and deploy "
                            "the platform stack (`pulumi up`) from a release exporting the contract")
    have, want = parse_version(found), parse_version(required)
    if have[0] != want[0]:
        raise ContractError(f"the referenced stack exports contract {found}, this consumer needs {required}: "
                            f"major versions differ. Fix: update the consumer to contract {have[0]}.x, or pin the "
                            f"platform stack to a release exporting {want[0]}.x")
    if have[1] < want[1]:
        raise ContractError(f"the referenced stack exports contract {found}, this consumer needs {required} or "
                            "later. Fix: deploy the platform stack from a newer release (`pulumi up`)")
    return have


def check_outputs(outputs: Mapping[str, Any], topologies: list[str] | None = None) -> list[str]:
    """Problems of a whole stack's outputs against this contract (empty when they match).

    ``topologies`` defaults to the stack's own ``stack_topologies``. Values that are not known yet
    (a preview) are accepted for any kind.
    """
    problems: list[str] = []
    deployed = topologies if topologies is not None else list(outputs.get(Stack.TOPOLOGIES) or [])
    vpc = any(t in VPC_TOPOLOGIES for t in deployed)
    sections = ["stack", *(["network"] if vpc or Network.VPC_ID in outputs else []), *deployed]
    expected: dict[str, Key] = {}
    for name in sections:
        if name not in SECTION_BY_NAME:
            problems.append(f"unknown topology {name!r}")
            continue
        section = SECTION_BY_NAME[name]
        expected.update({key: key for key in section.keys})
        problems.extend(f"missing {key}" for key in section.required if key not in outputs)
    for name, value in outputs.items():
        key = expected.get(name)
        if key is None:
            problems.append(f"unexpected {name}")
        elif not _has_kind(value, key.kind):
            problems.append(f"{name} should be a {key.kind}, got {value!r}")
    return problems


def _has_kind(value: Any, kind: str) -> bool:
    if isinstance(value, str) and value.startswith("output<"):
        return True  # unknown during a preview
    if kind == STRINGS:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, str)


def render_markdown() -> str:
    """``docs/outputs.md``: every key of the contract."""
    lines = [
        "# Stack outputs: the contract",
        "",
        "<!-- Rendered from components/contract.py by `make docs`; edit the module, not this file. -->",
        "",
        "Other projects read a stack of this program through `pulumi.StackReference` (see `examples/consumer/`), "
        "scripts through `pulumi stack output --json`. These are the keys they can rely on. Read them by their "
        "constants, never by string literals: `from components.contract import Iam`, then "
        "`ref.get_output(Iam.INVOKE_URL)`.",
        "",
        "Keys are flat: a `string`, or a `list[string]` where a topology has several of a thing. Every key of a "
        "deployed topology is present unless *Present when* says otherwise. Keys marked secret are exported only "
        "as Pulumi secrets: `pulumi stack output` shows `[secret]` unless `--show-secrets`, and a stack reference "
        "yields a secret Output.",
        "",
        "## Versioning",
        "",
        f"This is contract **{CONTRACT_VERSION}**, exported as `contract_version` (`MAJOR.MINOR`). A minor bump "
        "adds keys; a major bump removes or renames a key or changes what a value means. A consumer calls "
        "`components.contract.check_compatible(found, required)` with the version it was written against: same "
        "major, and at least its minor.",
    ]
    for section in SECTIONS:
        when = "" if section.name in ("stack", "network") else f" Exported when `{section.name}` is in `topologies`."
        lines += ["", f"## {section.name}", "", f"{section.title}{when}", "",
                  "| Key | Type | Secret | Present when | Meaning |", "|---|---|---|---|---|"]
        for key in section.keys:
            lines.append(f"| `{key}` | {key.kind} | {'yes' if key.secret else 'no'} | {key.when or 'always'} | "
                         f"{key.description} |")
    return "\n".join(lines) + "\n"
