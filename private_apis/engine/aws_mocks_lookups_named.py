"""Data sources that look a named thing up: an IAM policy, a managed prefix list, a hosted zone, an ACM certificate,
an SSM parameter, a KMS key or alias. Each answer is derived from the name and the mocked account and region, so a
program that reads the same thing twice (or a key by its alias and then the alias) gets the same ids.

Formats are those of the APIs: IAM policy ids start ANPA (IAM User Guide, "Unique identifiers"), prefix-list ids are
``pl-`` and 8 hex, hosted zone ids Z and upper-case alphanumerics, KMS key ids UUIDs. AWS-managed names answer as
AWS publishes them: ``arn:aws:iam::aws:policy/...`` policies, the ``com.amazonaws.<region>.s3`` and ``.dynamodb``
prefix lists, ``alias/aws/<service>`` keys, the public ``/aws/service/...`` parameters (an AMI id for the
``ami-*`` ones). What the program's own account holds is answered as existing, with the name it asked for.
"""

from __future__ import annotations

import base64
import json
import string

from private_apis.engine.aws_mocks import AwsMocks, UnansweredCall, _alnum, _call, _hex, _uuid

_UPPER = string.ascii_uppercase + string.digits
CREATED = "2026-01-01T00:00:00Z"
# Published ranges of the gateway endpoints' prefix lists (ip-ranges.json, services S3 and DYNAMODB, us-east-1).
_PREFIX_RANGES = {"s3": ["3.5.0.0/19", "16.182.0.0/16", "52.216.0.0/15", "54.231.0.0/16"],
                  "dynamodb": ["3.218.180.0/22", "35.71.64.0/22", "52.94.0.0/22"]}


def _unanswerable(token: str, what: str) -> UnansweredCall:
    return UnansweredCall(f"{token} asked for {what}, which the offline engine cannot know. Fix: supply the result "
                          f"in a mocks file (--mocks FILE) under calls['{token}'].")


@_call("aws:iam/getPolicy:getPolicy")
def _get_policy(m: AwsMocks, args: dict) -> dict:
    arn = args.get("arn")
    if not arn:
        if not args.get("name"):
            raise _unanswerable("aws:iam/getPolicy:getPolicy", "a policy by neither arn nor name")
        arn = f"arn:aws:iam::{m.account}:policy{args.get('pathPrefix') or '/'}{args['name']}"
    path_and_name = arn.split(":policy", 1)[-1]
    name = path_and_name.rsplit("/", 1)[-1]
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]} \
        if name == "AdministratorAccess" else {"Version": "2012-10-17", "Statement": []}
    return {"id": arn, "arn": arn, "name": name, "path": path_and_name[: -len(name)] or "/",
            "policyId": f"ANPA{_alnum(arn, 17, _UPPER)}", "description": "", "attachmentCount": 1,
            "policy": json.dumps(document), "tags": {}}


@_call("aws:ec2/getPrefixList:getPrefixList", "aws:ec2/getManagedPrefixList:getManagedPrefixList")
def _get_prefix_list(m: AwsMocks, args: dict) -> dict:
    names = [v for f in args.get("filters") or [] if isinstance(f, dict) and f.get("name") == "prefix-list-name"
             for v in f.get("values") or []]
    name = args.get("name") or (names[0] if names else None)
    service = name.rsplit(".", 1)[-1] if isinstance(name, str) else None
    if name != f"com.amazonaws.{m.region}.{service}" or service not in _PREFIX_RANGES:
        raise _unanswerable("aws:ec2/getPrefixList:getPrefixList",
                            f"the prefix list {name or args.get('prefixListId')!r} (only AWS's "
                            f"com.amazonaws.{m.region}.s3 and .dynamodb are known)")
    list_id = f"pl-{_hex(name, 8)}"
    return {"id": list_id, "prefixListId": list_id, "name": name, "cidrBlocks": _PREFIX_RANGES[service],
            "entries": [{"cidr": c, "description": ""} for c in _PREFIX_RANGES[service]],
            "addressFamily": "IPv4", "ownerId": "AWS", "version": 1,
            "arn": f"arn:aws:ec2:{m.region}:aws:prefix-list/{list_id}"}


def zone_id(m: AwsMocks, name: str, private: bool) -> str:
    return f"Z{_alnum(f'zone/{m.account}/{name}/{private}', 20, _UPPER)}"


@_call("aws:route53/getZone:getZone")
def _get_zone(m: AwsMocks, args: dict) -> dict:
    private = args.get("privateZone") is True or bool(args.get("vpcId"))
    name = str(args.get("name") or "").rstrip(".")
    if not name:
        if not args.get("zoneId"):
            raise _unanswerable("aws:route53/getZone:getZone", "a zone by neither name nor zoneId")
        name = f"zone-{str(args['zoneId']).lower()}.example.com"
    found = args.get("zoneId") or zone_id(m, name, private)
    # The data source gives the name without the trailing dot that Route 53 stores.
    return {"id": found, "zoneId": found, "name": name, "privateZone": private,
            "arn": f"arn:aws:route53:::hostedzone/{found}", "callerReference": _uuid(found), "comment": "",
            "nameServers": [] if private else [f"ns-{i}.awsdns-{i:02d}.org" for i in (1, 2, 3, 4)],
            "primaryNameServer": "" if private else "ns-1.awsdns-01.org", "resourceRecordSetCount": 2,
            "tags": args.get("tags") or {}, "vpcId": args.get("vpcId")}


@_call("aws:acm/getCertificate:getCertificate")
def _get_certificate(m: AwsMocks, args: dict) -> dict:
    domain = args.get("domain")
    if not domain and not args.get("tags"):
        raise _unanswerable("aws:acm/getCertificate:getCertificate", "a certificate by neither domain nor tags")
    arn = f"arn:aws:acm:{m.region}:{m.account}:certificate/{_uuid(f'certificate/{m.account}/{domain}')}"
    return {"id": arn, "arn": arn, "domain": domain, "status": "ISSUED", "statuses": args.get("statuses"),
            "types": args.get("types"), "keyTypes": args.get("keyTypes"), "mostRecent": args.get("mostRecent"),
            "certificate": "", "certificateChain": "", "tags": args.get("tags") or {}}


def _parameter_value(m: AwsMocks, name: str) -> tuple[str, str]:
    if name.startswith("/aws/service/") and "ami" in name:
        return "String", f"ami-{_hex(f'{m.region}/{name}', 17)}"
    if name.startswith("/aws/service/global-infrastructure/current-region"):
        return "String", m.region
    return "String", f"offline-value-of-{name.strip('/').replace('/', '-')}"


@_call("aws:ssm/getParameter:getParameter")
def _get_parameter(m: AwsMocks, args: dict) -> dict:
    name = args.get("name")
    if not isinstance(name, str) or not name:
        raise _unanswerable("aws:ssm/getParameter:getParameter", "a parameter without a name")
    kind, value = _parameter_value(m, name)
    path = name if name.startswith("/") else f"/{name}"
    owner = "aws" if name.startswith("/aws/") else m.account
    return {"id": name, "name": name, "type": kind, "value": value, "insecureValue": value, "version": 1,
            "withDecryption": args.get("withDecryption"),
            "arn": f"arn:aws:ssm:{m.region}:{'' if owner == 'aws' else owner}:parameter{path}"}


def _key_for_alias(m: AwsMocks, alias: str) -> str:
    return _uuid(f"kms-alias/{m.region}/{m.account}/{alias}")


def _key_id(m: AwsMocks, reference: str) -> str:
    """The key id of a key id, key ARN, alias name or alias ARN, as ``kms:DescribeKey`` accepts them."""
    tail = reference.split(":", 5)[-1] if reference.startswith("arn:") else reference
    if tail.startswith("alias/"):
        return _key_for_alias(m, tail)
    return tail.split("/", 1)[-1]


@_call("aws:kms/getKey:getKey")
def _get_key(m: AwsMocks, args: dict) -> dict:
    reference = str(args.get("keyId") or "")
    if not reference:
        raise _unanswerable("aws:kms/getKey:getKey", "a key without keyId")
    key_id = _key_id(m, reference)
    aws_managed = reference.split(":", 5)[-1].startswith("alias/aws/")
    arn = f"arn:aws:kms:{m.region}:{m.account}:key/{key_id}"
    return {"id": key_id, "keyId": reference, "arn": arn, "awsAccountId": m.account, "creationDate": CREATED,
            "enabled": True, "keyState": "Enabled", "keyUsage": "ENCRYPT_DECRYPT", "keySpec": "SYMMETRIC_DEFAULT",
            "customerMasterKeySpec": "SYMMETRIC_DEFAULT", "keyManager": "AWS" if aws_managed else "CUSTOMER",
            "origin": "AWS_KMS", "multiRegion": False, "description": "", "encryptionAlgorithms":
                ["SYMMETRIC_DEFAULT"], "grantTokens": args.get("grantTokens")}


@_call("aws:kms/getAlias:getAlias")
def _get_alias(m: AwsMocks, args: dict) -> dict:
    name = args.get("name")
    if not isinstance(name, str) or not name.startswith("alias/"):
        raise _unanswerable("aws:kms/getAlias:getAlias", f"the alias {name!r} (KMS alias names start alias/)")
    key_id = _key_for_alias(m, name)
    arn = f"arn:aws:kms:{m.region}:{m.account}:{name}"
    return {"id": arn, "arn": arn, "name": name, "targetKeyId": key_id,
            "targetKeyArn": f"arn:aws:kms:{m.region}:{m.account}:key/{key_id}"}


@_call("aws:ecr/getAuthorizationToken:getAuthorizationToken")
def _get_ecr_token(m: AwsMocks, args: dict) -> dict:
    # The token is base64 of "AWS:<password>", valid for 12 hours (ECR GetAuthorizationToken).
    password = _alnum(f"ecr-token/{m.account}/{m.region}", 64, string.ascii_letters + string.digits)
    registry = args.get("registryId") or m.account
    return {"id": m.region, "userName": "AWS", "password": password,
            "authorizationToken": base64.b64encode(f"AWS:{password}".encode()).decode(),
            "proxyEndpoint": f"https://{registry}.dkr.ecr.{m.region}.amazonaws.com",
            "expiresAt": "2026-01-01T12:00:00Z", "registryId": args.get("registryId")}
