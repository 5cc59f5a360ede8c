"""The API key, read from its SSM ``SecureString`` parameter (decrypted with KMS)."""

from __future__ import annotations

from typing import Any

from private_apis.client.errors import ParameterError


def read_api_key_parameter(name: str, *, region: str, profile: str | None = None, client: Any = None,
                           require_secure_string: bool = True) -> str:
    """The decrypted value of parameter ``name`` in ``region``.

    Credentials come from the standard chain (``profile`` if given); the endpoint honours
    ``AWS_ENDPOINT_URL_SSM``. A plain ``String`` parameter is refused unless
    ``require_secure_string`` is off: the stack stores keys as ``SecureString``.
    """
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    if not isinstance(name, str) or not name.strip():
        raise ParameterError("the API key parameter name is empty")
    try:
        ssm = client or boto3.session.Session(profile_name=profile, region_name=region).client("ssm")
        parameter = ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code == "ParameterNotFound":
            raise ParameterError(f"SSM parameter {name} does not exist in {region}") from None
        if code in {"AccessDeniedException", "AccessDenied"} or "KMS" in code:
            raise ParameterError(f"not allowed to read SSM parameter {name}: the caller needs ssm:GetParameter on it "
                                 f"and kms:Decrypt on its key ({code})") from None
        raise ParameterError(f"cannot read SSM parameter {name}: {code or exc}") from None
    except BotoCoreError as exc:
        raise ParameterError(f"cannot read SSM parameter {name}: {exc}") from None
    if require_secure_string and parameter.get("Type") != "SecureString":
        raise ParameterError(f"SSM parameter {name} is a {parameter.get('Type')}, not a SecureString: store the API "
                             "key encrypted")
    return parameter["Value"]
