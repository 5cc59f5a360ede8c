"""SigV4 signing for ``execute-api`` through botocore, and credentials from the standard chain.

No cryptography here: :func:`sign` hands an :class:`botocore.awsrequest.AWSRequest` carrying the
exact ``Host`` header, encoded path, query and body to :class:`botocore.auth.SigV4Auth`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.exceptions import BotoCoreError

from private_apis.client.errors import CredentialsError

SERVICE = "execute-api"


def botocore_session(profile: str | None = None) -> botocore.session.Session:
    """A botocore session for ``profile`` (``None``: AWS_PROFILE or the default chain)."""
    try:
        return botocore.session.Session(profile=profile)
    except BotoCoreError as exc:
        raise CredentialsError(f"cannot load the AWS configuration: {exc}") from exc


def configured_region(profile: str | None = None) -> str | None:
    """The region of the AWS configuration (AWS_DEFAULT_REGION, the profile's ``region``, else
    AWS_REGION as set in Lambda and containers), or ``None``; used for custom domains."""
    try:
        region = botocore_session(profile).get_config_variable("region")
    except (BotoCoreError, CredentialsError):
        region = None
    return region or os.environ.get("AWS_REGION") or None


def resolve_credentials(session: botocore.session.Session | None = None, *, profile: str | None = None) -> Any:
    """Credentials from the standard chain: environment, shared credentials/config profile (SSO,
    assume-role), container or instance role, or the Lambda role's environment.

    Returns botocore credentials (refreshable ones refresh themselves); sign with
    :func:`sign`, which freezes them per request.
    """
    session = session or botocore_session(profile)
    try:
        credentials = session.get_credentials()
    except BotoCoreError as exc:
        raise CredentialsError(f"cannot load AWS credentials: {exc}") from exc
    if credentials is None:
        raise CredentialsError("no AWS credentials found in the standard chain (environment variables, shared "
                               "credentials or config profile, container or instance role); set AWS_PROFILE or "
                               "run with a role")
    return credentials


def sign(method: str, url: str, headers: Mapping[str, str], body: bytes, *, credentials: Any, region: str,
         service: str = SERVICE) -> dict[str, str]:
    """Headers for the request, with ``Authorization``, ``X-Amz-Date`` and (for temporary
    credentials) ``X-Amz-Security-Token`` added.

    ``headers`` must already hold the ``Host`` the request will carry: the signature covers it, and
    every other header given here (``x-api-key`` and ``x-apigw-api-id`` included). Headers that
    the HTTP library adds later (User-Agent, Accept-Encoding, Content-Length) are not signed.
    """
    request = AWSRequest(method=method.upper(), url=url, data=body, headers=dict(headers))
    try:
        frozen = credentials.get_frozen_credentials() if hasattr(credentials, "get_frozen_credentials") \
            else credentials
        SigV4Auth(frozen, service, region).add_auth(request)
    except BotoCoreError as exc:
        raise CredentialsError(f"cannot sign the request: {exc}") from exc
    return dict(request.headers.items())
