"""Client failures, and the diagnosis of an API Gateway error response.

API Gateway answers most authorisation failures with a 403 whose body says which layer refused:
the API's resource policy, the caller's IAM identity policy, the SigV4 signature or credentials,
or the private-endpoint routing (a request that does not name a private API the endpoint may reach).
:func:`diagnose` reads the body and the ``x-amzn-ErrorType`` header and turns them into a
:class:`Diagnosis` with a :class:`FailureKind` and an explanation that says what to fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from private_apis.terminal import escape_control


class InvokeError(Exception):
    """Base class of every failure raised by the signed client."""


class TargetError(InvokeError, ValueError):
    """The target or request is malformed (bad URL, header, region, path): fix the input."""


class CredentialsError(InvokeError):
    """No usable AWS credentials in the standard chain."""


class ParameterError(InvokeError):
    """The API key could not be read from SSM Parameter Store."""


class TransportError(InvokeError):
    """No HTTP response: connection failure or timeout, after the allowed retries."""


class ResponseTooLargeError(InvokeError):
    """The response body is larger than ``max_body_bytes``: refused at the cap, the rest never read. Not retried."""

    def __init__(self, message: str, *, limit: int, status: int, declared: int | None) -> None:
        super().__init__(message)
        self.limit = limit
        self.status = status
        self.declared = declared
        """The ``Content-Length`` that gave it away before reading, ``None`` when reading reached the cap."""


class FailureKind(StrEnum):
    """Which layer rejected the request."""

    RESOURCE_POLICY = "resource-policy"
    """The API's resource policy denied the caller (explicit deny, or no statement allows it)."""
    IDENTITY_POLICY = "identity-policy"
    """The caller's IAM identity has no Allow for ``execute-api:Invoke`` on this route."""
    SIGNATURE = "signature"
    """The SigV4 signature does not match what API Gateway received (host, path, query, body, scope)."""
    CREDENTIALS = "credentials"
    """The access key or session token is invalid or expired."""
    CLOCK_SKEW = "clock-skew"
    """The request's timestamp is too far from API Gateway's clock."""
    MISSING_AUTHENTICATION = "missing-authentication-token"
    """No route for this method/path on the stage, or the signature was stripped on the way."""
    PRIVATE_ENDPOINT = "private-endpoint"
    """``ForbiddenException``: the request did not reach a private API it may reach (wrong host/header,
    wrong VPC endpoint, private DNS) or an API key was required and missing or invalid."""
    THROTTLED = "throttled"
    QUOTA = "quota"
    NOT_FOUND = "not-found"
    SERVER_ERROR = "server-error"
    HTTP_ERROR = "http-error"


@dataclass(frozen=True)
class Diagnosis:
    """What an error response means."""

    kind: FailureKind
    status: int
    message: str
    """The message API Gateway returned (``message``/``Message`` of the JSON body, or the raw text)."""
    explanation: str
    """What failed and what to check, in one paragraph."""
    error_type: str | None = None
    """``x-amzn-ErrorType`` without its namespace suffix, when present."""

    def __str__(self) -> str:
        # The explanation quotes the server's message: printing an exception must not drive the terminal.
        return escape_control(f"{self.status} {self.kind.value}: {self.explanation}", multiline=False)


class HttpError(InvokeError):
    """A non-2xx response (after the allowed retries), with its diagnosis."""

    def __init__(self, response: object, diagnosis: Diagnosis) -> None:
        self.response = response
        self.diagnosis = diagnosis
        super().__init__(str(diagnosis))

    @property
    def status_code(self) -> int:
        return self.diagnosis.status


_IAM_DENIAL = re.compile(
    r"User: (?P<user>\S+) is not authorized to perform: (?P<action>\S+) on resource: (?P<resource>\S+)")


def _message(body: bytes | str) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes | bytearray) else body
    try:
        parsed = json.loads(text)
    except ValueError:
        return text.strip()
    if isinstance(parsed, dict):
        for key in ("message", "Message", "errorMessage"):
            if isinstance(parsed.get(key), str):
                return parsed[key]
    return text.strip()


def _error_type(headers: Mapping[str, str]) -> str | None:
    for name, value in headers.items():
        if name.lower() == "x-amzn-errortype" and value:
            return value.split(":", 1)[0].strip()
    return None


def diagnose(status: int, headers: Mapping[str, str], body: bytes | str, *, signed_host: str | None = None,
             region: str | None = None, form: str | None = None, api_key_sent: bool = False) -> Diagnosis | None:
    """Explain a response; ``None`` for 1xx-3xx.

    The keyword arguments describe what was sent (the host the signature covers, the signing
    region, the URL form from :attr:`Target.form`, whether ``x-api-key`` was sent) so the
    explanation can point at the likely cause.
    """
    if status < 400:
        return None
    message = _message(body)
    error_type = _error_type(headers)
    lowered = message.lower()
    denial = _IAM_DENIAL.search(message)
    who = f" for {denial.group('user')}" if denial else ""
    on = f" on {denial.group('resource')}" if denial else ""

    def result(kind: FailureKind, explanation: str) -> Diagnosis:
        return Diagnosis(kind=kind, status=status, message=message, explanation=explanation, error_type=error_type)

    if "explicit deny" in lowered or "no resource-based policy allows" in lowered:
        anonymous = ""
        if denial and denial.group("user") == "anonymous":
            anonymous = (" API Gateway saw the caller as anonymous: this method does not use AWS_IAM "
                         "authorization, so the signature was not evaluated.")
        how = ("an explicit Deny matched" if "explicit deny" in lowered
               else "no statement of the API's resource policy allows the caller")
        return result(FailureKind.RESOURCE_POLICY,
                      f"the API's resource policy rejected the request{who}{on}: {how}. Check its conditions "
                      "(aws:SourceVpce / aws:SourceVpc: are you calling through the allowed VPC endpoint?) and "
                      "allowed principals, and redeploy the stage after changing the policy. An explicit Deny in "
                      "the caller's identity policy, a permissions boundary or an SCP reads the same."
                      f"{anonymous}")
    if "is not authorized to perform" in lowered or "no identity-based policy allows" in lowered \
            or error_type == "AccessDeniedException":
        return result(FailureKind.IDENTITY_POLICY,
                      f"IAM denied execute-api:Invoke{who}{on}: the caller's identity policy has no Allow for this "
                      "stage, method and path. Grant it (components/grants.py builds the statement) or call with "
                      "a role that has it.")
    if "signature expired" in lowered or "signature not yet current" in lowered:
        return result(FailureKind.CLOCK_SKEW,
                      "the SigV4 timestamp is outside API Gateway's 5-minute window: fix this machine's clock (NTP).")
    if "credential should be scoped" in lowered:
        return result(FailureKind.SIGNATURE,
                      f"the signature's credential scope is wrong ({message}); the request was signed for region "
                      f"{region or '?'} and service execute-api. Pass the API's region (--region).")
    if "signature we calculated does not match" in lowered or error_type in {"InvalidSignatureException",
                                                                              "IncompleteSignatureException"} \
            or "authorization header requires" in lowered:
        return result(FailureKind.SIGNATURE,
                      f"API Gateway computed a different SigV4 signature: the request it received differs from "
                      f"the one signed (signed Host: {signed_host or '?'}, region {region or '?'}). A proxy or load "
                      "balancer that rewrites the Host, path, query or body, or a Host/x-apigw-api-id form that does "
                      "not match the URL, causes this.")
    if "security token included in the request is invalid" in lowered or "security token included in the " \
            "request is expired" in lowered or error_type in {"UnrecognizedClientException", "ExpiredTokenException"}:
        return result(FailureKind.CREDENTIALS,
                      "the AWS credentials were rejected (unknown access key, or an expired or invalid session "
                      "token): refresh them (aws sso login, re-assume the role) and check AWS_PROFILE.")
    if "missing authentication token" in lowered or error_type == "MissingAuthenticationTokenException":
        return result(FailureKind.MISSING_AUTHENTICATION,
                      "API Gateway found no route it could authorise. This client always signs, so the method or "
                      "path usually does not exist on this stage (check the path, the stage in the URL and that "
                      "the API was redeployed); otherwise a proxy stripped the Authorization header.")
    if error_type == "ForbiddenException" or lowered == "forbidden":
        causes = []
        if form in {"vpce-host-header", "vpce-api-id-header"}:
            causes.append("the Host / x-apigw-api-id header does not name a private API this VPC endpoint may "
                          "reach (check the API id and that the API is PRIVATE)")
        elif form == "vpce-alias":
            causes.append("the {api}-{vpce} alias names a VPC endpoint that is not associated with the API")
        elif form == "custom-domain":
            causes.append("the custom domain name did not lead to an API this caller's path may reach (a private "
                          "custom domain name needs a domain name access association with the VPC endpoint and a "
                          "domain name policy admitting it; through an internal NLB, the API's resource policy must "
                          "admit the execute-api endpoint the NLB forwards to)")
        else:
            causes.append("the API is private and was called from outside its VPC endpoint, or a public/regional API "
                          "was called from a VPC whose execute-api endpoint has private DNS on (use the "
                          "{api}-{vpce} alias or the VPC endpoint DNS name with a Host or x-apigw-api-id header)")
        causes.append("the x-api-key sent is unknown, disabled, or not in a usage plan bound to this stage"
                      if api_key_sent else "the method requires an API key and none was sent (--api-key)")
        return result(FailureKind.PRIVATE_ENDPOINT,
                      "API Gateway refused the request before authorisation (ForbiddenException): "
                      + "; or ".join(causes) + ".")
    if status == 429:
        if "limit exceeded" in lowered:
            return result(FailureKind.QUOTA, "the API key's usage-plan quota is used up for this period.")
        return result(FailureKind.THROTTLED, "throttled by the stage, method or usage-plan rate limit; "
                      "retry later or raise the limit.")
    if status == 404:
        return result(FailureKind.NOT_FOUND, f"not found: {message or 'no body'}.")
    if status >= 500:
        detail = {502: "the integration (e.g. the Lambda) failed or returned a malformed response",
                  503: "the service is unavailable",
                  504: "the integration did not answer within API Gateway's timeout"}.get(status, "server error")
        return result(FailureKind.SERVER_ERROR, f"{detail} ({message or 'no body'}).")
    return result(FailureKind.HTTP_ERROR, f"HTTP {status}: {message or 'no body'}.")
