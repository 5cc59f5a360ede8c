"""SigV4-signed HTTP client for the private and internal APIs (service ``execute-api``).

Signing goes through botocore; credentials come from the standard chain (environment, profile,
container/instance role, Lambda role). See :mod:`private_apis.client.target` for the URL forms
and which Host each one signs, :func:`onprem_target` for an onprem-domain API by its custom
domain name, :mod:`private_apis.client.http` for retries and TLS (``ca_bundle``), and
:mod:`private_apis.client.errors` for how 403s are told apart.
"""

from private_apis.client.deadline import DeadlineAdapter
from private_apis.client.errors import (
    CredentialsError,
    Diagnosis,
    FailureKind,
    HttpError,
    InvokeError,
    ParameterError,
    ResponseTooLargeError,
    TargetError,
    TransportError,
    diagnose,
)
from private_apis.client.http import InvokeResponse, PreparedInvoke, RetryPolicy, SignedClient, check_ca_bundle
from private_apis.client.outputs import (
    OnPremApi,
    OutputKeys,
    load_outputs,
    onprem_apis,
    onprem_target,
    output_value,
    target_from_outputs,
)
from private_apis.client.signing import configured_region, resolve_credentials, sign
from private_apis.client.ssm import read_api_key_parameter
from private_apis.client.target import Target, region_from_host
from private_apis.terminal import escape_control

__all__ = [
    "CredentialsError",
    "DeadlineAdapter",
    "Diagnosis",
    "FailureKind",
    "HttpError",
    "InvokeError",
    "InvokeResponse",
    "OnPremApi",
    "OutputKeys",
    "ParameterError",
    "PreparedInvoke",
    "ResponseTooLargeError",
    "RetryPolicy",
    "SignedClient",
    "Target",
    "TargetError",
    "TransportError",
    "check_ca_bundle",
    "configured_region",
    "diagnose",
    "escape_control",
    "load_outputs",
    "onprem_apis",
    "onprem_target",
    "output_value",
    "read_api_key_parameter",
    "region_from_host",
    "resolve_credentials",
    "sign",
    "target_from_outputs",
]
