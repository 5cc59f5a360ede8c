"""IamInternalApi: an internal microservice API secured by IAM alone, without a VPC.

The seeds' pattern (Serverless ``authorizer: aws_iam`` + a caller role allowed to invoke, requests
signed with SigV4 for service ``execute-api``), rebuilt from raw resources with the seeds' two
shortcuts replaced:

* no ``AmazonAPIGatewayInvokeFullAccess`` user and no ``execute-api:Invoke`` on
  ``*/<stage>/*/user/*`` for "any API of the account": each caller role gets an inline policy naming
  this API, this stage and exactly its routes (:mod:`components.grants`);
* the API key, when wanted, is metering on top of IAM, never instead of it: methods keep
  ``AWS_IAM``, and the key is shared through an SSM ``SecureString`` parameter, not an output. Every
  caller the component grants may read that one parameter (and decrypt it with a customer managed key,
  only through SSM): a method that requires a key answers 403 to a signed caller without one.

The API is REGIONAL, so it is reachable from the internet: what keeps it internal is that
**every** method is ``AWS_IAM``. The component therefore takes no authorization argument at all, so a
route added later (``ANY /{proxy+}``, an ``OPTIONS`` for CORS) cannot be anything else. Browsers'
CORS preflights are unsigned and are refused; service-to-service callers do not send them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws

from components import validation
from components.api_stage import StageSettings, create_deployment_and_stage
from components.aws_context import aws_context
from components.config_fields import section, setting
from components.contract import Iam
from components.errors import ConfigError
from components.grants import (
    Grant,
    api_key_read_statements,
    invoke_policy_document,
    overreaching_grants,
    ssm_parameter_arn,
)
from components.lambda_routes import FunctionSettings, create_lambda_routes
from components.resource_policy import INVOKE, account_apis_resource, check_account_id, private_api_policy_json
from components.route_grammar import parse_method, parse_path, raising, split_route
from components.routes import Route, check_handler_defined, parse_routes
from components.tags import merge_tags
from components.topology_spec import TopologySpec
from components.type_tokens import with_former_type

AUTHORIZATION = "AWS_IAM"
"""The only authorization of every method; deliberately not an argument."""
DEFAULT_ROUTES = ("GET /user/{id} app.get_user",)
"""The seed's user lookup between services."""
DEFAULT_CODE_DIR = str(Path(__file__).resolve().parent.parent / "functions" / "users")
CALLER_RESTRICTIONS = ("account", "organization", "none")
QUOTA_PERIODS = ("DAY", "WEEK", "MONTH")
API_KEY_HEADER = "x-api-key"

_ORG_ID = re.compile(r"^o-[a-z0-9]{10,32}$")
# ASCII only: role names are ASCII letters, digits and +=,.@_- (IAM API Reference, CreateRole, RoleName), and
# Python's \w and \d would also accept other scripts' letters and digits.
_ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$", re.ASCII)
_ROLE_ARN = re.compile(r"^arn:(?P<partition>aws(?:-[a-z]+)*):iam::(?P<account>\d{12}):role/"
                       r"(?:[\w+=,.@-]+/)*(?P<name>[\w+=,.@-]{1,64})$", re.ASCII)
_PARAMETER_PATH = re.compile(r"/[A-Za-z0-9_.\-/]{1,1010}", re.ASCII)
_RESERVED_PARAMETER_PREFIXES = ("aws", "ssm")
MAX_PARAMETER_LEVELS = 15
_GRANT_EXAMPLE = "'arn:aws:iam::123456789012:role/orders-service GET /user/{id}'"
# The four ways SSM takes a KeyId: key id, key ARN, alias name, alias ARN (AWS KMS Developer Guide, "Key
# identifiers (KeyId)").
_KMS_KEY = re.compile(r"(?:arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:(?:key/|alias/))?(?:[0-9a-f-]{36}|"
                      r"mrk-[0-9a-f]{32}|[A-Za-z0-9/_-]{1,256})|alias/[A-Za-z0-9/_-]{1,250}", re.ASCII)
AWS_MANAGED_SSM_KEY = "alias/aws/ssm"
"""The AWS managed key SecureString parameters use by default; its key policy admits the account's principals."""


# --- pure helpers ----------------------------------------------------------------------------------


def role_name_of(caller: object, key: str, account_id: str | None = None,
                 accounts_key: str = "allowed_account_ids") -> str:
    """The IAM role name of a role name or role ARN (paths dropped).

    An inline policy can only be put on a role of the deploying account, so an ARN of another
    account (or a user ARN: long-lived keys are opt-in through ``invoke_user_routes``) is refused.
    """
    if isinstance(caller, str) and _ROLE_NAME.match(caller):
        return caller
    match = _ROLE_ARN.match(caller) if isinstance(caller, str) else None
    if match is None:
        raise ConfigError(key, f"{caller!r} is not an IAM role name or role ARN",
                          "name an existing caller role, e.g. orders-service or "
                          "arn:aws:iam::123456789012:role/orders-service")
    if account_id is not None and match.group("account") != account_id:
        raise ConfigError(key, f"role {caller!r} is in account {match.group('account')}, not the deploying account "
                          f"{account_id}", "grant it from a stack in that account with this API's execution ARN, "
                          f"and admit that account in {accounts_key}")
    return match.group("name")


def parse_caller_grant(value: object, key: str) -> tuple[str, str]:
    """``"CALLER METHOD /path"`` -> ``(caller, "METHOD /path")``."""
    parts = value.split() if isinstance(value, str) else []
    if len(parts) != 3:
        raise ConfigError(key, f"{value!r} is not 'CALLER METHOD /path'",
                          f"write the caller role (name or ARN), the method and the path, e.g. {_GRANT_EXAMPLE}")
    role_name_of(parts[0], key)
    return parts[0], f"{parts[1].upper()} {parts[2]}"


def check_granted_routes(routes: Sequence[str], table: Sequence[Route], key: str) -> list[tuple[str, str]]:
    """``(METHOD, path)`` for each granted route, which must be a route of the API (no typo grants)."""
    if isinstance(routes, (str, bytes)) or not routes:
        raise ConfigError(key, f"expected a non-empty list of 'METHOD /path' routes, got {routes!r}",
                          "list the routes the caller may invoke, e.g. ['GET /user/{id}']")
    known = {(r.method, r.path) for r in table}
    found: list[tuple[str, str]] = []
    for value in routes:
        with raising(ConfigError):
            verb, raw_path, _ = split_route(value, key)
            method, path = parse_method(verb, key), parse_path(raw_path, key)
        if (method, path) not in known:
            raise ConfigError(key, f"'{method} {path}' is not a route of the API",
                              f"grant one of: {', '.join(sorted(r.key for r in table))}")
        if (method, path) not in found:
            found.append((method, path))
    return found


def organization_policy(organization_id: str, *, account_id: str, resource: str,
                        partition: str = "aws") -> dict[str, Any]:
    """Resource policy admitting only principals of one AWS Organization.

    ``components.resource_policy`` expresses accounts, not organisations, hence this one. Same shape:
    Allows plus an explicit Deny for everyone else, so a later hand-added Allow cannot widen it.
    ``aws:PrincipalOrgID`` exists only on signed requests, which every method here requires.

    The deploying account ``account_id`` is admitted by its root, which delegates to its IAM policies; the
    Allow for everyone in the organisation excludes it (``aws:PrincipalAccount``). For same-account callers
    API Gateway allows a request when either the resource policy or the caller's IAM policy does (API Gateway
    Developer Guide, "How API Gateway resource policies affect authorization workflow", table A), so an Allow
    for every principal of the organisation would also admit every signed principal of this account, whatever
    its grants. Other accounts' principals still need an identity policy of their own (table B).
    """
    check_account_id(account_id, "account_id")
    in_organization = {"aws:PrincipalOrgID": organization_id}
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowFromAccounts", "Effect": "Allow", "Principal": {"AWS": f"arn:{partition}:iam::{account_id}:root"},
         "Action": INVOKE, "Resource": resource},
        {"Sid": "AllowFromOrganization", "Effect": "Allow", "Principal": "*", "Action": INVOKE, "Resource": resource,
         "Condition": {"StringEquals": in_organization, "StringNotEquals": {"aws:PrincipalAccount": account_id}}},
        {"Sid": "DenyOutsideOrganization", "Effect": "Deny", "Principal": "*", "Action": INVOKE,
         "Resource": resource, "Condition": {"StringNotEquals": in_organization}},
    ]}


def check_parameter_name(value: object, key: str) -> str:
    """An SSM parameter path AWS accepts (AWS Systems Manager User Guide, "Creating Parameter Store parameters":
    names may not begin with aws or ssm in any case, and a hierarchy has at most 15 levels)."""
    text = value if isinstance(value, str) else ""
    if text.lstrip("/")[:3].lower() in _RESERVED_PARAMETER_PREFIXES:
        raise ConfigError(key, f"{value!r} begins with '{text.lstrip('/')[:3]}', a prefix AWS reserves for its own "
                          "parameters", "choose a path that does not begin with aws or ssm, e.g. "
                          "/private-apis/dev/iam/api-key")
    if not _PARAMETER_PATH.fullmatch(text):
        raise ConfigError(key, f"{value!r} is not an SSM parameter path",
                          "use a path from the root such as /private-apis/dev/iam/api-key")
    if text.count("/") > MAX_PARAMETER_LEVELS:
        raise ConfigError(key, f"{value!r} has more than {MAX_PARAMETER_LEVELS} levels",
                          f"use a path of at most {MAX_PARAMETER_LEVELS} levels, e.g. /private-apis/dev/iam/api-key")
    return text


def caller_restriction_policy(restriction: str, *, account_ids: Sequence[str], organization_id: str | None,
                              account_id: str, region: str, partition: str = "aws") -> str | None:
    """The API's resource policy JSON for ``restriction``, or None for ``none`` (identity policies only).

    Inline on the ``RestApi``, whose id does not exist yet (the body's import clears a separate policy resource,
    components/openapi_body.py), so statements name the API by the account-scoped ARN
    ``arn:{partition}:execute-api:{region}:{account}:*/*``, stored as written (never the ``execute-api:/*``
    shorthand, which reads back expanded and shows a diff on every ``up``); attached to one API it applies to that
    API only. ``account_id`` is the deploying account.
    """
    resource = account_apis_resource(partition, region, account_id)
    if restriction == "account":
        return private_api_policy_json(account_ids=account_ids, partition=partition, resource=resource,
                                       key="allowed_account_ids")
    if restriction == "organization":
        if organization_id is None:
            raise ConfigError("organization_id", "caller_restriction is organization but no organization id is given",
                              "set organization_id to your AWS Organizations id, e.g. o-a1b2c3d4e5")
        return json.dumps(organization_policy(organization_id, account_id=account_id, resource=resource,
                                              partition=partition), separators=(",", ":"))
    return None


def kms_key_arn_of(key_id: str, *, partition: str, region: str, account_id: str) -> str | None:
    """The key ARN of a KMS key given as a key id or key ARN; None for an alias name or alias ARN.

    A bare key id names a key of the caller's account and region (AWS KMS Developer Guide, "Key identifiers
    (KeyId)"). An alias must be resolved to its key first: a policy ``Resource`` naming an alias applies to the
    alias, not to the key behind it ("Using aliases to control access to KMS keys").
    """
    if key_id.startswith("alias/") or (key_id.startswith("arn:") and ":alias/" in key_id):
        return None
    if key_id.startswith("arn:"):
        return key_id
    return f"arn:{partition}:kms:{region}:{account_id}:key/{key_id}"


def is_aws_managed_ssm_key(key_id: str | None) -> bool:
    """No key (SSM's default) or ``alias/aws/ssm`` by name or ARN: the AWS managed key, whose key policy lets every
    principal of the account decrypt through SSM (AWS Systems Manager User Guide, "Restricting decryption of
    SecureString parameter values"), so callers need no ``kms:Decrypt`` grant of their own."""
    return key_id is None or key_id == AWS_MANAGED_SSM_KEY or key_id.endswith(f":{AWS_MANAGED_SSM_KEY}")


def default_api_key_parameter_name(project: str, stack: str, name: str) -> str:
    """``/{project}/{stack}/{name}/api-key``: one parameter per API and stack."""
    return f"/{project}/{stack}/{name}/api-key"


# --- args ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsagePlanSettings:
    """Throttle and quota of the API key's usage plan (the key exists for these, not for security)."""

    rate_limit: float = setting("usagePlanRateLimit", 10.0)
    """Steady-state requests per second for the key, above 0 and at most 10000. Default 10."""
    burst_limit: int = setting("usagePlanBurstLimit", 20)
    """Token-bucket burst for the key, 1 to 10000. Default 20."""
    quota_limit: int = setting("usagePlanQuotaLimit", 100_000)
    """Requests per ``quota_period``, 1 to 2000000000. Default 100000."""
    quota_period: str = setting("usagePlanQuotaPeriod", "DAY")
    """``DAY`` (default), ``WEEK`` or ``MONTH``."""

    def __post_init__(self) -> None:
        if isinstance(self.rate_limit, bool) or not isinstance(self.rate_limit, (int, float)) \
                or not 0 < self.rate_limit <= 10_000:
            raise ConfigError("rate_limit", f"{self.rate_limit!r} is out of range",
                              "set 'rate_limit' to a number above 0 and at most 10000")
        validation.check_int_range(self.burst_limit, "burst_limit", 1, 10_000)
        validation.check_int_range(self.quota_limit, "quota_limit", 1, 2_000_000_000)
        validation.check_choice(self.quota_period, "quota_period", QUOTA_PERIODS)


@dataclass(frozen=True)
class IamInternalApiArgs:
    """Arguments of :class:`IamInternalApi`; validated on construction (a ConfigError names the argument).

    There is no ``authorization`` argument: every method is ``AWS_IAM``.
    """

    routes: Sequence[str] = setting("iamRoutes", DEFAULT_ROUTES)
    """Route table, ``"METHOD /path"`` or ``"METHOD /path module.function"``. Default: ``DEFAULT_ROUTES``."""
    caller_grants: Sequence[str] = setting("iamCallerGrants", ())
    """``"CALLER METHOD /path"`` entries; each caller role (name or ARN, in the deploying account) gets one
    inline policy allowing exactly its routes. Default none (use :meth:`IamInternalApi.grant_invoke`)."""
    caller_restriction: str = setting("iamCallerRestriction", "account")
    """Resource policy: ``account`` (default: principals of ``allowed_account_ids`` only), ``organization``
    (principals of ``organization_id`` only) or ``none`` (no resource policy; identity policies decide)."""
    allowed_account_ids: Sequence[str] = setting("iamAllowedAccountIds", ())
    """Accounts admitted with ``account``. Default (empty): the deploying account. Cross-account callers
    also need an identity policy in their own account."""
    organization_id: str | None = setting("iamOrganizationId", None, kind="str")
    """AWS Organizations id (``o-...``) for ``organization``. Default none."""
    api_key: bool = setting("iamApiKey", False)
    """Also require an API key (usage plan throttle and quota per key). Default off. Methods stay ``AWS_IAM``."""
    usage_plan: UsagePlanSettings = section(UsagePlanSettings, "iam")
    """Throttle and quota of the key's usage plan (only with ``api_key``)."""
    api_key_parameter_name: str | None = setting("iamApiKeyParameterName", None, kind="str")
    """SSM parameter holding the key. Default ``/{project}/{stack}/{name}/api-key``."""
    api_key_kms_key_id: str | None = setting("iamApiKeyKmsKeyId", None, kind="str")
    """KMS key (id, ARN, alias name or alias ARN) of the SecureString parameter. Default: the account's
    ``alias/aws/ssm``. A customer managed key is granted to every caller for ``kms:Decrypt`` through SSM of this
    parameter only; an alias is resolved to its key ARN at deployment (``kms:DescribeKey``), and the key policy
    must let IAM policies of the account grant its use."""
    invoke_user_routes: Sequence[str] = setting("iamInvokeUserRoutes", ())
    """Opt-in only, for callers outside AWS that cannot assume a role: routes an IAM user (with an access
    key, exported only as a secret) may invoke. Default none: no user, no long-lived keys."""
    stage: StageSettings = section(StageSettings, "iam")
    """Stage name, throttling, access-log retention and X-Ray (also turns on function tracing)."""
    code_dir: str = DEFAULT_CODE_DIR
    """Directory packaged as every function's code. Default: the repo's ``functions/users``."""
    runtime: str = setting("iamRuntime", "python3.13")
    """``python3.12`` or ``python3.13``. Default ``python3.13``."""
    memory_size: int = setting("iamMemorySize", 128)
    """Function memory in MB. Default 128."""
    timeout_seconds: int = setting("iamTimeoutSeconds", 10)
    """Function timeout in seconds, at most 29. Default 10."""
    log_retention_days: int = setting("iamFunctionLogRetentionDays", 30)
    """Retention of each function's log group. Default 30."""
    tags: Mapping[str, str] | None = None
    """Tags for every taggable child. Default none."""

    def __post_init__(self) -> None:
        table = self.parsed_routes()
        for route in table:
            check_handler_defined(self.code_dir, route.handler or "app.handler", "routes")
        validation.check_choice(self.caller_restriction, "caller_restriction", CALLER_RESTRICTIONS)
        self._check_restriction()
        self._check_api_key()
        for index, value in enumerate(self.caller_grants):
            _caller, route = parse_caller_grant(value, f"caller_grants[{index}]")
            check_granted_routes([route], table, f"caller_grants[{index}]")
        if self.invoke_user_routes:
            check_granted_routes(self.invoke_user_routes, table, "invoke_user_routes")
        self.function_settings()

    def _check_restriction(self) -> None:
        restriction, account_ids, organization_id = self.caller_restriction, self.allowed_account_ids, \
            self.organization_id
        if isinstance(account_ids, (str, bytes)):
            raise ConfigError("allowed_account_ids", f"expected a list, got the single string {account_ids!r}",
                              "write 'allowed_account_ids' as a list")
        for value in account_ids:
            check_account_id(value, "allowed_account_ids")
        if organization_id is not None and not _ORG_ID.match(str(organization_id)):
            raise ConfigError("organization_id", f"{organization_id!r} is not an AWS Organizations id",
                              "use the id from the Organizations console, o- and 10 to 32 lower-case letters or "
                              "digits, e.g. o-a1b2c3d4e5")
        if restriction == "organization" and organization_id is None:
            raise ConfigError("organization_id", "'caller_restriction' is organization but no organization id is "
                              "given", "set 'organization_id' to your AWS Organizations id, e.g. o-a1b2c3d4e5")
        if restriction != "organization" and organization_id is not None:
            raise ConfigError("organization_id", f"an organization id is given but 'caller_restriction' is "
                              f"{restriction}, so it would be ignored", "set 'caller_restriction' to organization, "
                              "or remove 'organization_id'")
        if restriction != "account" and account_ids:
            raise ConfigError("allowed_account_ids", f"'caller_restriction' is {restriction}, so the account list "
                              "would be ignored", "set 'caller_restriction' to account or remove "
                              "'allowed_account_ids'")

    def _check_api_key(self) -> None:
        for name, value, what in (("api_key_parameter_name", self.api_key_parameter_name, "a parameter name is "
                                   "given but 'api_key' is false, so no API key is stored in it"),
                                  ("api_key_kms_key_id", self.api_key_kms_key_id, "a KMS key is given but 'api_key' "
                                   "is false, so no API key is encrypted with it")):
            if value is not None and not self.api_key:
                raise ConfigError(name, what, f"set 'api_key' to true, or remove '{name}'")
        if self.api_key_parameter_name is not None:
            check_parameter_name(self.api_key_parameter_name, "api_key_parameter_name")
        if self.api_key_kms_key_id is not None and not _KMS_KEY.fullmatch(str(self.api_key_kms_key_id)):
            raise ConfigError("api_key_kms_key_id", f"{self.api_key_kms_key_id!r} is not a KMS key id, key ARN, "
                              "alias name or alias ARN", "set 'api_key_kms_key_id' to e.g. alias/private-apis or "
                              "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab, or "
                              "remove it to use alias/aws/ssm")

    def check_deployment_target(self, target: Any) -> None:
        """Inline policies go only on roles of the deploying account: a role ARN of another account is refused
        with the account asked of the provider, before any resource exists."""
        callers = [grant.split()[0] for grant in self.caller_grants if isinstance(grant, str) and grant.split()]
        if not any(caller.startswith("arn:") for caller in callers):
            return
        account_id = target.account_id()
        for index, caller in enumerate(callers):
            role_name_of(caller, f"caller_grants[{index}]", account_id, accounts_key="'allowed_account_ids'")

    def parsed_routes(self) -> tuple[Route, ...]:
        """The validated route table."""
        return parse_routes(self.routes, "routes")

    def grants_by_caller(self) -> dict[str, list[str]]:
        """Each configured caller's routes, callers and routes in the order written."""
        grouped: dict[str, list[str]] = {}
        for index, value in enumerate(self.caller_grants):
            caller, route = parse_caller_grant(value, f"caller_grants[{index}]")
            grouped.setdefault(caller, []).append(route)
        return grouped

    def function_settings(self) -> FunctionSettings:
        """How each route's function is built."""
        return FunctionSettings(
            code_dir=self.code_dir,
            runtime=self.runtime,
            memory_size=self.memory_size,
            timeout_seconds=self.timeout_seconds,
            log_retention_days=self.log_retention_days,
            tracing=self.stage.xray_tracing,
        )


# --- component -------------------------------------------------------------------------------------


class IamInternalApi(pulumi.ComponentResource):
    """A REGIONAL REST API where every method is ``AWS_IAM``, with one Lambda function per route.

    Default settings:

    * REST API with endpoint type ``REGIONAL``; every method ``AWS_IAM``, including ``ANY``,
      ``{proxy+}`` and ``OPTIONS`` routes;
    * resource policy admitting principals of the deploying account only (Allow for its root plus
      an explicit Deny for every other ``aws:PrincipalAccount``);
    * per route an ``AWS_PROXY`` integration and a function with its own role that can only write
      its own log group, invoked only by this API, stage, method and path;
    * stage ``v1`` with JSON access logs (90 days), throttling 50 rps / burst 100;
    * no caller grants, no API key, no IAM user.

    Callers sign with SigV4 for service ``execute-api`` using their own role (``python -m private_apis
    invoke``); give a role access with ``caller_grants`` or :meth:`grant_invoke`.
    """

    TYPE = "private-apis:iam_internal:IamInternalApi"
    """The type token (see components/type_tokens.py)."""

    rest_api_id: pulumi.Output[str]
    """Id of the REST API."""
    stage_name: pulumi.Output[str]
    """Name of the deployed stage."""
    invoke_url: pulumi.Output[str]
    """``https://{api}.execute-api.{region}.amazonaws.com/{stage}``; requests must be SigV4-signed."""
    execution_arn: pulumi.Output[str]
    """The API's execution ARN; grants are ``{execution_arn}/{stage}/{METHOD}/{path}``."""
    stage_execution_arn: pulumi.Output[str]
    """``{execution_arn}/{stage}``."""
    resource_policy: pulumi.Output[str | None]
    """The resource policy JSON attached to the API, or None without one."""
    api_key_id: pulumi.Output[str | None]
    """Id of the API key, or None without one."""
    api_key_parameter_name: pulumi.Output[str | None]
    """SSM SecureString parameter holding the key (send it as ``x-api-key``), or None without a key."""
    api_key_value: pulumi.Output[str | None]
    """The key itself, always a secret Output; prefer reading the parameter."""
    caller_policy_names: pulumi.Output[dict[str, str]]
    """Caller role name -> name of the inline invoke policy put on it (``caller_grants`` only, not later
    :meth:`grant_invoke` calls)."""
    function_names: pulumi.Output[list[str]]
    """Lambda function names, in route-key order."""
    access_log_group_name: pulumi.Output[str]
    """CloudWatch log group of the stage's access logs."""
    invoke_user_name: pulumi.Output[str | None]
    """The opt-in IAM user, or None (the default)."""
    invoke_user_access_key_id: pulumi.Output[str | None]
    """Access key id of the opt-in user, or None."""
    invoke_user_secret_access_key: pulumi.Output[str | None]
    """Secret access key of the opt-in user, always a secret Output, or None."""

    _ENDPOINT_TYPE = "REGIONAL"
    """The API's endpoint type; also a redeployment trigger, so that changing it redeploys the stage."""

    def __init__(self, name: str, args: IamInternalApiArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(self.TYPE, name, None, with_former_type(self.TYPE, opts))
        self._name = name
        self._args = args
        self._api_key_reads: pulumi.Output[list[dict[str, Any]]] | None = None
        self._table = args.parsed_routes()
        self._stage_name = args.stage.stage_name
        where = aws_context(self)
        partition = where.partition
        self._partition = partition
        self._region = where.region
        self._account_id = where.account_id
        routes_by_role = self._configured_routes_by_role()

        self._create_functions(name)
        policy_json = self._resource_policy_json(partition)
        self._create_rest_api(name, policy_json)
        self._deploy_stage(name, policy_json)
        self._create_api_key(name)
        self._grant_configured_callers(name, routes_by_role)
        self._create_invoke_user(name)

        outputs = self._declare_outputs(policy_json)
        # Last: registering ends the component's "creating" state, saves these outputs in its state and fires its
        # after-create hooks (pulumi/docs#18008).
        self.register_outputs(outputs)

    def grant_invoke(self, name: str, role_name_or_arn: str, routes: Sequence[str]) -> aws.iam.RolePolicy:
        """Create a child ``aws.iam.RolePolicy`` named ``name``, parented to this API, that lets an existing role
        of the deploying account invoke exactly ``routes``; return it.

        The constructor grants every caller of ``caller_grants`` through this method. It may also be called
        after construction, for a role the config does not name: the policy is then a child of the component
        like the others, but it is not in :attr:`caller_policies` or :attr:`caller_policy_names` (fixed, and
        registered as outputs, when the constructor returned), and a resource that was already registered with
        ``depends_on=[api]`` does not wait for it (the Python SDK expands a component into the children it has
        when the dependent is registered, pulumi/pulumi#7732): depend on the returned policy instead.

        Validated before anything is created, a ConfigError naming the argument: ``role_name_or_arn`` is a role
        name or a role ARN of the deploying account (the path is dropped, the policy goes on the role name), and
        ``routes`` is a non-empty list of routes of this API (``"GET /user/{id}"``; duplicates are dropped). A
        warning is logged when a grant's IAM wildcard also admits another route of the API.

        The policy holds one statement of ``execute-api:Invoke`` on ``{execution_arn}/{stage}/{METHOD}/{path}``
        per route, nothing wider, and with ``api_key`` the statements that read the key
        (:meth:`api_key_read_statements`); on the role it is named ``{project}-{stack}-{name}`` (cut to IAM's 128
        characters), so two stacks granting the same role never collide.
        """
        role = role_name_of(role_name_or_arn, "role_name_or_arn", self._account_id)
        granted = check_granted_routes(routes, self._table, "routes")
        self._warn_overreach(role, granted)
        document = self._caller_document(role, granted)
        return aws.iam.RolePolicy(
            name,
            name=_policy_name(name),
            role=role,
            policy=document,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def api_key_read_statements(self) -> pulumi.Output[list[dict[str, Any]]]:
        """What every caller needs besides ``execute-api:Invoke`` when methods require the API key: read its SSM
        parameter and, under a customer managed key, decrypt it through SSM (:func:`components.grants.
        api_key_read_statements`); an empty list without ``api_key``. Resolved once, for every caller."""
        if self._api_key_reads is None:
            self._api_key_reads = self._resolve_api_key_read_statements()
        return self._api_key_reads

    def _resolve_api_key_read_statements(self) -> pulumi.Output[list[dict[str, Any]]]:
        args = self._args
        if not args.api_key:
            return pulumi.Output.from_input([])
        parameter_arn = ssm_parameter_arn(self._api_key_parameter_name(), partition=self._partition,
                                          region=self._region, account_id=self._account_id)
        key_id = args.api_key_kms_key_id
        if key_id is None or is_aws_managed_ssm_key(key_id):
            return pulumi.Output.from_input(api_key_read_statements(parameter_arn))
        key_arn: pulumi.Input[str] | None = kms_key_arn_of(key_id, partition=self._partition, region=self._region,
                                                           account_id=self._account_id)
        if key_arn is None:
            key_arn = aws.kms.get_key_output(key_id=key_id, opts=pulumi.InvokeOutputOptions(parent=self)).arn
        return pulumi.Output.from_input(key_arn).apply(
            lambda arn: api_key_read_statements(parameter_arn, kms_key_arn=arn))

    def _api_key_parameter_name(self) -> str:
        """The SSM parameter holding the key: ``api_key_parameter_name``, or one per API and stack."""
        return self._args.api_key_parameter_name or default_api_key_parameter_name(
            pulumi.get_project(), pulumi.get_stack(), self._name)

    def _caller_document(self, caller: str, granted: Sequence[tuple[str, str]]) -> pulumi.Output[str]:
        """One caller's identity policy: invoke exactly ``granted``, and read the API key when methods need it."""
        stage = self._stage_name
        return pulumi.Output.all(self.api.execution_arn, self.api_key_read_statements()).apply(
            lambda values: invoke_policy_document([Grant(caller, method, path) for method, path in granted],
                                                  execution_arn=values[0], stage=stage, extra_statements=values[1]))

    def _configured_routes_by_role(self) -> dict[str, list[str]]:
        """``caller_grants`` as routes by role name, each role checked against the deploying account.

        Called before any child is created, so that a foreign role fails the program with nothing of the API
        registered. A role written both as a name and as an ARN is one entry: two policies would collide on the
        role's inline policy name.
        """
        routes_by_role: dict[str, list[str]] = {}
        for caller, caller_routes in self._args.grants_by_caller().items():
            role = role_name_of(caller, "caller_grants", self._account_id)
            routes_by_role.setdefault(role, []).extend(caller_routes)
        return routes_by_role

    def _create_functions(self, name: str) -> None:
        """:attr:`routes`: per route a function with its log group and role; the methods are the API's body."""
        args = self._args
        self.routes = create_lambda_routes(
            name,
            parent=self,
            routes=self._table,
            authorization=AUTHORIZATION,
            stage_name=self._stage_name,
            settings=args.function_settings(),
            tags=args.tags,
            api_key_required=args.api_key,
        )

    def _resource_policy_json(self, partition: str) -> str | None:
        """The resource policy of ``caller_restriction`` (None with ``none``)."""
        args = self._args
        if args.caller_restriction == "none":
            return None
        return caller_restriction_policy(
            args.caller_restriction,
            account_ids=list(args.allowed_account_ids) or [self._account_id],
            organization_id=args.organization_id,
            account_id=self._account_id,
            region=self._region,
            partition=partition,
        )

    def _create_rest_api(self, name: str, policy_json: str | None) -> None:
        """:attr:`api`, the REST API defined by the routes' OpenAPI body, with its resource policy inline (the
        provider applies it again after each import of the body), and the functions' invoke permissions."""
        self._body = self.routes.body(f"{pulumi.get_project()}-{pulumi.get_stack()}-{name}")
        self.api = aws.apigateway.RestApi(
            f"{name}-api",
            description=f"Internal API {name}: every method requires SigV4-signed IAM callers",
            body=self._body,
            put_rest_api_mode="overwrite",
            endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(types=self._ENDPOINT_TYPE),
            policy=policy_json,
            tags=merge_tags(self._args.tags, f"{name}-api"),
            opts=pulumi.ResourceOptions(parent=self, depends_on=self.routes.depends_on()),
        )
        self.routes.permit(self.api)

    def _deploy_stage(self, name: str, policy_json: str | None) -> None:
        """:attr:`api_stage`: the deployment, the stage with its access logs, and its method settings."""
        args = self._args
        # A deployment is a snapshot, so it is redone when anything in it changes (the body's methods, the
        # resource policy, which applies only once the API is deployed: API Gateway Developer Guide, "Create and
        # attach an API Gateway resource policy to an API"); both are inputs of the API it depends on.
        self.api_stage = create_deployment_and_stage(
            name,
            parent=self,
            rest_api=self.api,
            settings=args.stage,
            redeploy_on={
                "policy": policy_json,
                "endpoint_configuration": {"types": self._ENDPOINT_TYPE},
                "api_key_required": args.api_key,
                "body": self._body,
            },
            depends_on=self.routes.depends_on_permissions(),
            tags=dict(args.tags) if args.tags else None,
        )

    def _create_api_key(self, name: str) -> None:
        """With ``api_key``: :attr:`api_key`, its :attr:`usage_plan` (and :attr:`usage_plan_key`) on the stage and
        the :attr:`api_key_parameter` that shares it; all None without."""
        self.api_key: aws.apigateway.ApiKey | None = None
        self.usage_plan: aws.apigateway.UsagePlan | None = None
        self.usage_plan_key: aws.apigateway.UsagePlanKey | None = None
        self.api_key_parameter: aws.ssm.Parameter | None = None
        if not self._args.api_key:
            return
        self.api_key = aws.apigateway.ApiKey(
            f"{name}-api-key",
            description=f"Metering key of {name}; callers still sign with SigV4",
            enabled=True,
            tags=merge_tags(self._args.tags, f"{name}-api-key"),
            opts=pulumi.ResourceOptions(parent=self, additional_secret_outputs=["value"]),
        )
        self._create_usage_plan(name, self.api_key)
        self._store_api_key(name, self.api_key)

    def _create_usage_plan(self, name: str, api_key: aws.apigateway.ApiKey) -> None:
        """:attr:`usage_plan`, the key's throttle and quota on the stage, and :attr:`usage_plan_key` binding them."""
        args = self._args
        plan = args.usage_plan
        child = pulumi.ResourceOptions(parent=self)
        self.usage_plan = aws.apigateway.UsagePlan(
            f"{name}-usage-plan",
            description=f"Throttle and quota of {name}'s API key",
            api_stages=[aws.apigateway.UsagePlanApiStageArgs(api_id=self.api.id,
                                                             stage=self.api_stage.stage.stage_name)],
            throttle_settings=aws.apigateway.UsagePlanThrottleSettingsArgs(
                rate_limit=plan.rate_limit, burst_limit=plan.burst_limit),
            quota_settings=aws.apigateway.UsagePlanQuotaSettingsArgs(limit=plan.quota_limit, period=plan.quota_period),
            tags=merge_tags(args.tags, f"{name}-usage-plan"),
            opts=child,
        )
        self.usage_plan_key = aws.apigateway.UsagePlanKey(
            f"{name}-usage-plan-key",
            key_id=api_key.id,
            key_type="API_KEY",
            usage_plan_id=self.usage_plan.id,
            opts=child,
        )

    def _store_api_key(self, name: str, api_key: aws.apigateway.ApiKey) -> None:
        """:attr:`api_key_parameter`: a SecureString rather than an output, so callers read the key with their own
        IAM rights."""
        args = self._args
        self.api_key_parameter = aws.ssm.Parameter(
            f"{name}-api-key-parameter",
            name=self._api_key_parameter_name(),
            description=f"API key of {name} (send as {API_KEY_HEADER}, together with a SigV4 signature)",
            type="SecureString",
            value=pulumi.Output.secret(api_key.value),
            key_id=args.api_key_kms_key_id,
            tags=merge_tags(args.tags, f"{name}-api-key-parameter"),
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _grant_configured_callers(self, name: str, routes_by_role: Mapping[str, Sequence[str]]) -> None:
        """:attr:`caller_policies`: one :meth:`grant_invoke` policy per configured caller role."""
        self.caller_policies: dict[str, aws.iam.RolePolicy] = {
            role: self.grant_invoke(f"{name}-invoke-{_slug(role)}", role, routes)
            for role, routes in routes_by_role.items()
        }

    def _create_invoke_user(self, name: str) -> None:
        """With ``invoke_user_routes``: :attr:`invoke_user`, its invoke policy and :attr:`invoke_user_key`; both
        None without."""
        self.invoke_user: aws.iam.User | None = None
        self.invoke_user_key: aws.iam.AccessKey | None = None
        args = self._args
        if not args.invoke_user_routes:
            return
        granted = check_granted_routes(args.invoke_user_routes, self._table, "invoke_user_routes")
        caller = f"{name}-invoke-user"
        self.invoke_user = aws.iam.User(
            caller,
            path="/private-apis/",
            tags=merge_tags(args.tags, caller),
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.iam.UserPolicy(
            f"{caller}-policy",
            name=_policy_name(f"{caller}-policy"),
            user=self.invoke_user.name,
            policy=self._caller_document(caller, granted),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.invoke_user_key = aws.iam.AccessKey(
            f"{caller}-key",
            user=self.invoke_user.name,
            opts=pulumi.ResourceOptions(parent=self, additional_secret_outputs=["secret"]),
        )

    def _declare_outputs(self, policy_json: str | None) -> dict[str, pulumi.Output[Any]]:
        """Set the output attributes declared on the class; return them by name, to be registered."""
        stage = self.api_stage.stage
        self.rest_api_id = self.api.id
        self.stage_name = stage.stage_name
        self.invoke_url = stage.invoke_url
        self.execution_arn = self.api.execution_arn
        self.stage_execution_arn = stage.execution_arn
        self.resource_policy = pulumi.Output.from_input(policy_json)
        self.api_key_id = self.api_key.id if self.api_key else pulumi.Output.from_input(None)
        self.api_key_parameter_name = (self.api_key_parameter.name if self.api_key_parameter
                                       else pulumi.Output.from_input(None))
        self.api_key_value = pulumi.Output.secret(self.api_key.value if self.api_key else None)
        self.caller_policy_names = pulumi.Output.all(
            **{role: policy.name for role, policy in self.caller_policies.items()}
        ) if self.caller_policies else pulumi.Output.from_input({})
        self.function_names = self.routes.function_names
        self.access_log_group_name = self.api_stage.access_log_group.name
        self.invoke_user_name = self.invoke_user.name if self.invoke_user else pulumi.Output.from_input(None)
        self.invoke_user_access_key_id = (self.invoke_user_key.id if self.invoke_user_key
                                          else pulumi.Output.from_input(None))
        self.invoke_user_secret_access_key = pulumi.Output.secret(
            self.invoke_user_key.secret if self.invoke_user_key else None)
        return {
            "rest_api_id": self.rest_api_id,
            "stage_name": self.stage_name,
            "invoke_url": self.invoke_url,
            "execution_arn": self.execution_arn,
            "stage_execution_arn": self.stage_execution_arn,
            "resource_policy": self.resource_policy,
            "api_key_id": self.api_key_id,
            "api_key_parameter_name": self.api_key_parameter_name,
            "api_key_value": self.api_key_value,
            "caller_policy_names": self.caller_policy_names,
            "function_names": self.function_names,
            "access_log_group_name": self.access_log_group_name,
            "invoke_user_name": self.invoke_user_name,
            "invoke_user_access_key_id": self.invoke_user_access_key_id,
            "invoke_user_secret_access_key": self.invoke_user_secret_access_key,
        }

    def _warn_overreach(self, caller: str, granted: list[tuple[str, str]]) -> None:
        # An IAM "*" also matches "/", so GET /user/{id} admits GET /user/1/orders when that route exists.
        table = [(r.method, r.path) for r in self._table]
        for grant, method, path in overreaching_grants([Grant(caller, m, p) for m, p in granted], table):
            pulumi.log.warn(f"the grant of {grant.method} {grant.path} to {caller} also admits {method} {path}: "
                            "IAM wildcards cross '/'. Rename the route or accept the wider grant.", self)


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "caller"


def _policy_name(resource_name: str) -> str:
    """``{project}-{stack}-{resource name}``, so two stacks granting the same role never collide."""
    return f"{pulumi.get_project()}-{pulumi.get_stack()}-{resource_name}"[:128]


def iam_internal_outputs(api: IamInternalApi) -> dict[str, pulumi.Output[Any]]:
    """The topology's keys of the output contract (:class:`components.contract.Iam`); secrets stay secret."""
    outputs: dict[str, pulumi.Output[Any]] = {
        Iam.API_ID: api.rest_api_id,
        Iam.STAGE_NAME: api.stage_name,
        Iam.INVOKE_URL: api.invoke_url,
        Iam.EXECUTION_ARN: api.execution_arn,
        Iam.STAGE_EXECUTION_ARN: api.stage_execution_arn,
        Iam.AUTHORIZATION: pulumi.Output.from_input("AWS_IAM"),
        Iam.CALLER_POLICY_NAMES: api.caller_policy_names.apply(
            lambda names: [f"{role}:{policy}" for role, policy in sorted(names.items())]),
        Iam.FUNCTION_NAMES: api.function_names,
    }
    if api.api_key is not None:
        outputs[Iam.API_KEY_ID] = api.api_key_id
        outputs[Iam.API_KEY_PARAMETER_NAME] = api.api_key_parameter_name
        outputs[Iam.API_KEY_VALUE] = api.api_key_value
    if api.invoke_user is not None:
        outputs[Iam.INVOKE_USER_NAME] = api.invoke_user_name
        outputs[Iam.INVOKE_USER_ACCESS_KEY_ID] = api.invoke_user_access_key_id
        outputs[Iam.INVOKE_USER_SECRET_ACCESS_KEY] = api.invoke_user_secret_access_key
    return outputs


TOPOLOGY = TopologySpec(name="iam-internal", resource_name="iam", args_class=IamInternalApiArgs,
                        component=IamInternalApi, outputs=iam_internal_outputs)
