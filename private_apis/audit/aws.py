"""Read-only AWS calls for the audit: one place that makes them, retries them and classifies their errors.

Every call the audit may make is listed in :data:`READ_CALLS` with the IAM action it needs; :meth:`Aws.call`
refuses any other, so the read-only policy in the README (rendered by :mod:`private_apis.audit.iam_policy`) is
exactly what the code can do. Throttling is retried by botocore's ``standard`` mode (exponential backoff with
jitter, https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html); what still fails after the
retries, and access denied, stop the audit (exit 2). A resource that no longer exists is :class:`Gone`, a
finding; an operation the endpoint does not implement is :class:`Unavailable`: that check could not run.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from private_apis.engine.errors import EngineError
from private_apis.net import is_loopback

READ_CALLS: dict[tuple[str, str], str] = {
    ("apigateway", "get_rest_api"): "apigateway:GET",
    ("apigateway", "get_resources"): "apigateway:GET",
    ("apigateway", "get_method"): "apigateway:GET",
    ("apigateway", "get_stages"): "apigateway:GET",
    ("apigateway", "get_api_key"): "apigateway:GET",
    ("apigateway", "get_vpc_link"): "apigateway:GET",
    ("apigateway", "get_domain_name_access_associations"): "apigateway:GET",
    ("apigatewayv2", "get_route"): "apigateway:GET",
    ("ec2", "describe_security_groups"): "ec2:DescribeSecurityGroups",
    ("ec2", "describe_security_group_rules"): "ec2:DescribeSecurityGroupRules",
    ("ec2", "describe_vpc_endpoints"): "ec2:DescribeVpcEndpoints",
    ("ec2", "describe_instances"): "ec2:DescribeInstances",
    ("ec2", "describe_subnets"): "ec2:DescribeSubnets",
    ("ec2", "describe_route_tables"): "ec2:DescribeRouteTables",
    ("elbv2", "describe_load_balancers"): "elasticloadbalancing:DescribeLoadBalancers",
    ("elbv2", "describe_listeners"): "elasticloadbalancing:DescribeListeners",
    ("lambda", "get_policy"): "lambda:GetPolicy",
    ("lambda", "get_function_url_config"): "lambda:GetFunctionUrlConfig",
    ("route53", "get_hosted_zone"): "route53:GetHostedZone",
}
"""(boto3 service, operation) -> the IAM action it needs. Nothing here writes."""

API_GATEWAY_READ_RESOURCES = ("arn:aws:apigateway:*::/restapis/*",
                              "arn:aws:apigateway:*::/apikeys/*", "arn:aws:apigateway:*::/vpclinks/*",
                              "arn:aws:apigateway:*::/domainnameaccessassociations",
                              "arn:aws:apigateway:*::/apis/*")
"""``apigateway:GET`` is one action for every read of API Gateway; its resources narrow it to what the audit reads
(https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-iam-policy-resource-format-for-managing-api.html)."""

DEFAULT_ATTEMPTS = 5
MAX_PAGES = 1000
"""Pages one paginated read may take: past it (or on a token seen before) the endpoint is looping."""
_GONE = {"NotFoundException", "ResourceNotFoundException", "NoSuchHostedZone", "LoadBalancerNotFound",
         "ListenerNotFound", "InvalidGroup.NotFound", "InvalidVpcEndpointId.NotFound", "InvalidInstanceID.NotFound",
         "InvalidSubnetID.NotFound", "InvalidRouteTableID.NotFound", "InvalidSecurityGroupRuleId.NotFound",
         "InvalidVpcEndpointId.Malformed", "InvalidGroupId.Malformed"}
_DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnrecognizedClientException",
           "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "AuthFailure", "SignatureDoesNotMatch"}
_THROTTLED = {"Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded",
              "ThrottledException", "SlowDown", "PriorRequestNotComplete"}
_NOT_IMPLEMENTED = {"NotImplemented", "InvalidAction", "UnknownOperationException", "NotImplementedException"}


def _attempts(text: str | None) -> int:
    if text is None:
        return DEFAULT_ATTEMPTS
    if not text.isdigit() or not 1 <= int(text) <= 20:
        raise EngineError(f"AWS_MAX_ATTEMPTS is {text!r}: it must be a whole number from 1 to 20. Fix: unset it "
                          f"(default {DEFAULT_ATTEMPTS}) or set e.g. AWS_MAX_ATTEMPTS=5.")
    return int(text)


_CALLS = "the signed calls and the answers the verdict rests on"
"""What an endpoint of the audit's own clients carries."""


def check_endpoint(url: str | None, source: str = "--endpoint-url", carried: str = _CALLS) -> None:
    """An endpoint must be https, or plain http only to this machine (a local emulator): the calls are signed with
    the audit's credentials and their answers decide the verdict. ``source`` names the setting it came from."""
    if url is None:
        return
    if source == "--endpoint-url":
        fix = "Fix: pass an https URL, or http://127.0.0.1:PORT for a local emulator."
    else:
        fix = f"Fix: set {source} to an https URL or http://127.0.0.1:PORT for a local emulator, or unset it."
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - validates the port
    except ValueError as exc:
        raise EngineError(f"{source} {url!r} is not a valid URL ({exc}). {fix}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EngineError(f"{source} {url!r} is not an http(s) URL with a host. {fix}")
    if parts.username or parts.password:
        raise EngineError(f"{source} {url!r} carries user info. {fix}")
    if parts.scheme == "http" and not is_loopback(parts.hostname.lower()):
        raise EngineError(f"{source} {url!r}: refusing plain http to {parts.hostname}: {carried} would travel "
                          f"in clear. {fix}")


def _check_configured_endpoint(client: Any, carried: str = _CALLS) -> None:
    """:func:`check_endpoint` for the endpoint botocore gave ``client`` without ``--endpoint-url``, named by where it
    took it from (boto3's "service-specific endpoints":
    https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html)."""
    service_id = client.meta.service_model.service_id
    source = "endpoint_url of the AWS config file's profile or its services section"
    for name in (f"AWS_ENDPOINT_URL_{service_id.upper().replace(' ', '_')}", "AWS_ENDPOINT_URL"):
        if os.environ.get(name):
            source = name
            break
    check_endpoint(client.meta.endpoint_url, source, carried)


CREDENTIAL_SERVICES = ("sts", "sso", "sso-oidc")
"""The services botocore's credential providers call themselves (assume-role, web identity, SSO), with clients of
their own that read the configured endpoints too and never see ``--endpoint-url``."""


_ENDPOINT_SETTINGS = ("AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CONFIG_FILE", "AWS_PROFILE",
                      "AWS_DEFAULT_PROFILE")
"""The environment botocore resolves an endpoint from (besides the config file's contents)."""
_CHECKED: set[tuple[Any, ...]] = set()


class Gone(Exception):
    """The resource the stack recorded does not exist any more."""


class Unavailable(Exception):
    """The endpoint cannot answer a read the check needs, so the check could not run."""


class Aws:
    """boto3 clients of one region, with the audit's retries and error handling."""

    def __init__(self, region: str, endpoint_url: str | None = None, *, max_attempts: int | None = None) -> None:
        import boto3
        from botocore.config import Config

        self.region, self.endpoint_url = region, endpoint_url
        # AWS_MAX_ATTEMPTS is the SDKs' own setting; an explicit retries config would otherwise shadow it.
        self.max_attempts = max_attempts or _attempts(os.environ.get("AWS_MAX_ATTEMPTS"))
        from botocore.exceptions import BotoCoreError

        try:
            self._session = boto3.session.Session(region_name=region)
        except BotoCoreError as exc:
            # ProfileNotFound, ConfigParseError...: the AWS configuration itself is wrong.
            raise EngineError(f"The AWS configuration cannot be used: {' '.join(str(exc).split())[:300]}. Fix: "
                              "check AWS_PROFILE and AWS_CONFIG_FILE (or unset them).") from None
        self._config = Config(retries={"mode": "standard", "total_max_attempts": self.max_attempts}, connect_timeout=10,
                              read_timeout=30, user_agent_extra="private-apis-audit")
        self._clients: dict[str, Any] = {}
        self.calls: list[tuple[str, str]] = []

    def _check_credential_endpoints(self) -> None:
        """Credentials fetched over plain http to another host would be as exposed as the calls they sign."""
        from botocore import UNSIGNED
        from botocore.config import Config

        # Once per region and configuration: making the clients loads their models (a quarter of a second).
        settings = (self.region, *sorted((k, v) for k, v in os.environ.items() if k.startswith(_ENDPOINT_SETTINGS)))
        if settings in _CHECKED:
            return
        for service in CREDENTIAL_SERVICES:
            _check_configured_endpoint(self._session.client(service, config=Config(signature_version=UNSIGNED)),
                                       "the credentials the audit signs with")
        _CHECKED.add(settings)

    def client(self, service: str) -> Any:
        if service not in self._clients:
            if not self._clients:
                self._check_credential_endpoints()
            client = self._session.client(service, endpoint_url=self.endpoint_url, config=self._config)
            if self.endpoint_url is None:
                # Unless --endpoint-url was passed, botocore reads AWS_ENDPOINT_URL[_<SERVICE>] and the profile's
                # endpoint_url: those are held to the same rule. AWS's own endpoints are https.
                _check_configured_endpoint(client)
            self._clients[service] = client
        return self._clients[service]

    def call(self, service: str, operation: str, **params: Any) -> dict[str, Any]:
        if (service, operation) not in READ_CALLS:
            raise AssertionError(f"{service}.{operation} is not a read call of the audit (READ_CALLS)")
        self.calls.append((service, operation))
        return self._guarded(service, operation, lambda: getattr(self.client(service), operation)(**params))

    def pages(self, service: str, operation: str, key: str, **params: Any) -> list[Any]:
        """Every item of a paginated read; one ``call`` per page."""
        items: list[Any] = []
        token_in, token_out = ("position", "position") if service == "apigateway" else ("NextToken", "NextToken")
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            page = self.call(service, operation, **params)
            found = page.get(key) or []
            items.extend(found if isinstance(found, list) else [])
            token = page.get(token_out)
            if not token:
                return items
            if not isinstance(token, str) or token in seen:
                raise EngineError(f"{service}.{operation} returned the page token {str(token)[:60]!r} twice: "
                                  f"{self.endpoint_url or 'AWS'} is paginating in a loop. Fix: check "
                                  "--endpoint-url.")
            seen.add(token)
            params = {**params, token_in: token}
        raise EngineError(f"{service}.{operation} returned more than {MAX_PAGES} pages. Fix: check --endpoint-url.")

    def _guarded(self, service: str, operation: str, send: Any) -> dict[str, Any]:
        from botocore.exceptions import (
            BotoCoreError,
            ClientError,
            EndpointConnectionError,
            NoCredentialsError,
            NoRegionError,
        )

        action = READ_CALLS[(service, operation)]
        try:
            return send()
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code, message = str(error.get("Code", "")), " ".join(str(error.get("Message", "")).split())[:300]
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in _GONE:
                raise Gone(f"{code}: {message}") from None
            if code in _DENIED or status == 403:
                raise EngineError(f"AWS refused {service}.{operation} ({code}: {message}). Fix: let the audit's "
                                  f"role do {action} (the read-only policy in the README lists every call).") from None
            if code in _THROTTLED:
                raise EngineError(f"AWS throttled {service}.{operation} ({code}) after "
                                  f"{self.max_attempts} attempts. Fix: run the audit again "
                                  "later, or one stack at a time.") from None
            # An endpoint without the operation answers with a bare status (moto: an HTML 404 for an unknown
            # route), not a named AWS error.
            if code in _NOT_IMPLEMENTED or status == 501 or (code.isdigit() and "<html" in message.lower()):
                raise Unavailable(f"{service}.{operation} is not implemented by {self.endpoint_url or 'AWS'}") \
                    from None
            raise EngineError(f"{service}.{operation} failed: {code}: {message}") from None
        except NoCredentialsError:
            raise EngineError("No AWS credentials found for the audit. Fix: set AWS_PROFILE, the AWS_* variables "
                              "or an OIDC role (the usual boto3 chain).") from None
        except NoRegionError:
            raise EngineError("No AWS region for the audit. Fix: pass --region.") from None
        except EndpointConnectionError as exc:
            raise EngineError(f"Cannot reach AWS for {service}.{operation}: {exc}. Fix: check --endpoint-url / "
                              "AWS_ENDPOINT_URL and the network.") from None
        except BotoCoreError as exc:
            if "has not been implemented" in str(exc):
                raise Unavailable(f"{service}.{operation} is not implemented by {self.endpoint_url or 'AWS'}") \
                    from None
            raise EngineError(f"{service}.{operation} failed: {exc}") from None
        except NotImplementedError as exc:
            raise Unavailable(f"{service}.{operation} is not implemented: {exc}") from None
