"""Outputs for the long tail of AWS types, the plain providers (random, tls, archive, command), the named lookups,
and one message for a package the engine cannot emulate."""

import base64
import re

import pytest
from pulumi.runtime import MockCallArgs, MockResourceArgs

from private_apis.engine.aws_mocks import UNKNOWN, AwsMocks, UnansweredCall
from private_apis.engine.packages import UnsupportedPackage, check_remote_component


def mocks(**kwargs) -> AwsMocks:
    return AwsMocks(region="eu-west-1", account="111122223333", **kwargs)


def create(m: AwsMocks, typ: str, logical: str, **inputs) -> tuple[str, dict]:
    return m.new_resource(MockResourceArgs(typ=typ, name=logical, inputs=inputs, provider=None, resource_id=None,
                                           custom=True))


def call(m: AwsMocks, token: str, **args) -> dict:
    return m.call(MockCallArgs(token=token, args=args, provider=None))[0]


# --------------------------------------------------------------------- the generic rule


@pytest.mark.parametrize(("typ", "inputs", "arn"), [
    ("aws:sfn/stateMachine:StateMachine", {"name": "orders"},
     "arn:aws:states:eu-west-1:111122223333:stateMachine:orders"),
    ("aws:lb/listenerRule:ListenerRule", {}, None),
    ("aws:cloudwatch/eventRule:EventRule", {"name": "nightly"}, "arn:aws:events:eu-west-1:111122223333:rule/nightly"),
    ("aws:dynamodb/table:Table", {"name": "orders"}, "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"),
    ("aws:iam/openIdConnectProvider:OpenIdConnectProvider", {}, None),
    ("aws:s3/directoryBucket:DirectoryBucket", {"bucket": "b--euw1-az1--x-s3"}, None),
])
def test_every_aws_type_gets_an_id_and_an_arn_of_its_service(typ, inputs, arn) -> None:
    resource_id, outputs = create(mocks(), typ, "res", **inputs)
    if arn:
        assert (resource_id, outputs["arn"]) == (inputs["name"], arn)
    service = outputs["arn"].split(":")[2]
    assert service == {"lb": "elasticloadbalancing", "iam": "iam", "s3": "s3"}.get(typ.split(":")[1].split("/")[0],
                                                                                 service)
    assert create(mocks(), typ, "res", **inputs) == (resource_id, outputs)


def test_generic_arns_of_global_services_carry_no_region() -> None:
    resource_id, outputs = create(mocks(), "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "gh")
    assert re.fullmatch(r"arn:aws:iam::111122223333:open-id-connect-provider/gh-[0-9a-f]{7}", outputs["arn"])
    assert re.fullmatch(r"oicp-[0-9a-f]{17}", resource_id)


def test_a_type_with_no_name_input_gets_an_id_of_its_initials() -> None:
    resource_id, outputs = create(mocks(), "aws:apigateway/account:Account", "account")
    assert re.fullmatch(r"a-[0-9a-f]{17}", resource_id)
    assert re.fullmatch(r"arn:aws:apigateway:eu-west-1:111122223333:account/account-[0-9a-f]{7}", outputs["arn"])


# --------------------------------------------------------------------- plain providers


def test_random_password_follows_the_charset_rules() -> None:
    _, outputs = create(mocks(), "random:index/randomPassword:RandomPassword", "pw", length=24.0, special=False,
                        upper=False)
    assert re.fullmatch(r"[a-z0-9]{24}", outputs["result"])
    assert outputs["bcryptHash"].startswith("$2a$10$") and len(outputs["bcryptHash"]) == 60


def test_random_id_encodings_are_of_the_same_bytes() -> None:
    resource_id, outputs = create(mocks(), "random:index/randomId:RandomId", "id", byteLength=4.0)
    raw = bytes.fromhex(outputs["hex"])
    assert len(raw) == 4 and outputs["dec"] == str(int.from_bytes(raw, "big"))
    assert base64.b64decode(outputs["b64Std"]) == raw and resource_id == outputs["b64Url"]


def test_random_integer_stays_in_range_and_is_deterministic() -> None:
    results = {create(mocks(), "random:index/randomInteger:RandomInteger", f"n{i}", min=10.0, max=12.0)[1]["result"]
               for i in range(20)}
    assert results <= {10, 11, 12}
    assert create(mocks(), "random:index/randomInteger:RandomInteger", "n0", min=10.0, max=12.0)[1]["result"] in results


def test_tls_private_key_has_pem_and_openssh_encodings() -> None:
    _, outputs = create(mocks(), "tls:index/privateKey:PrivateKey", "key", algorithm="ED25519")
    kind, blob = outputs["publicKeyOpenssh"].split()
    assert kind == "ssh-ed25519" and base64.b64decode(blob)[4:15] == b"ssh-ed25519"
    assert outputs["privateKeyPem"].startswith("-----BEGIN PRIVATE KEY-----\n")
    assert re.fullmatch(r"SHA256:[A-Za-z0-9+/]{43}", outputs["publicKeyFingerprintSha256"])


def test_self_signed_certificate_validity_follows_its_hours() -> None:
    _, outputs = create(mocks(), "tls:index/selfSignedCert:SelfSignedCert", "cert", validityPeriodHours=48.0)
    assert (outputs["validityStartTime"], outputs["validityEndTime"]) == ("2026-01-01T00:00:00Z",
                                                                          "2026-01-03T00:00:00Z")
    assert outputs["certPem"].startswith("-----BEGIN CERTIFICATE-----\n")


def test_command_output_is_unknown_and_its_id_the_name_plus_hex() -> None:
    resource_id, outputs = create(mocks(), "command:local:Command", "probe", create="uname")
    assert re.fullmatch(r"probe[0-9a-f]{8}", resource_id)
    assert (outputs["stdout"], outputs["stderr"]) == (UNKNOWN, UNKNOWN)


def test_archive_checksums_are_deterministic_in_their_encodings() -> None:
    found = call(mocks(), "archive:index/getFile:getFile", type="zip", sourceDir="app", outputPath="app.zip")
    assert len(base64.b64decode(found["outputBase64sha256"])) == 32
    assert re.fullmatch(r"[0-9a-f]{40}", found["outputSha"])
    assert found == call(mocks(), "archive:index/getFile:getFile", type="zip", sourceDir="app", outputPath="app.zip")


# --------------------------------------------------------------------- packages the engine cannot emulate


def test_resource_of_another_provider_is_refused_naming_the_package() -> None:
    with pytest.raises(UnsupportedPackage, match=r"mysql:index/database:Database, a resource of the package 'mysql' "
                                                 r"\(pulumi_mysql\)") as raised:
        create(mocks(), "mysql:index/database:Database", "db")
    assert '--mocks FILE, for example {"resources": {"mysql:index/database:Database": {"id": "..."}}}' in str(
        raised.value)


def test_resource_of_another_provider_takes_its_outputs_from_the_mocks_file() -> None:
    m = mocks(overrides={"resources": {"mysql:index/database:Database": {"id": "orders", "name": "orders"}}})
    assert create(m, "mysql:index/database:Database", "db") == ("orders", {"name": "orders"})


def test_remote_component_is_refused_unless_the_mocks_file_answers_it() -> None:
    with pytest.raises(UnsupportedPackage, match=r"eks:index:Cluster, a multi-language component of the package "
                                                 r"'eks' \(pulumi_eks\)"):
        check_remote_component("eks:index:Cluster", True, {})
    check_remote_component("eks:index:Cluster", True, {"eks:index:Cluster": {"kubeconfig": "{}"}})
    check_remote_component("acme:index:Local", False, {})


# --------------------------------------------------------------------- named lookups


def test_kms_key_by_alias_is_the_alias_target() -> None:
    m = mocks()
    alias = call(m, "aws:kms/getAlias:getAlias", name="alias/orders")
    key = call(m, "aws:kms/getKey:getKey", keyId=alias["arn"])
    assert key["id"] == alias["targetKeyId"] and key["arn"] == alias["targetKeyArn"]
    assert key["keyManager"] == "CUSTOMER"
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}", key["id"])


def test_ssm_public_parameters_and_own_parameters() -> None:
    m = mocks()
    ami = call(m, "aws:ssm/getParameter:getParameter", name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-"
                                                          "default-x86_64")
    assert re.fullmatch(r"ami-[0-9a-f]{17}", ami["value"])
    assert ami["arn"] == ("arn:aws:ssm:eu-west-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-"
                          "default-x86_64")
    own = call(m, "aws:ssm/getParameter:getParameter", name="/orders/db-host")
    assert (own["value"], own["arn"]) == ("offline-value-of-orders-db-host",
                                          "arn:aws:ssm:eu-west-1:111122223333:parameter/orders/db-host")


def test_zone_and_certificate_lookups() -> None:
    m = mocks()
    zone = call(m, "aws:route53/getZone:getZone", name="corp.internal.", privateZone=True)
    assert zone["name"] == "corp.internal" and zone["nameServers"] == [] and re.fullmatch(r"Z[A-Z0-9]{20}", zone["id"])
    assert call(m, "aws:route53/getZone:getZone", name="corp.internal", privateZone=True)["id"] == zone["id"]
    cert = call(m, "aws:acm/getCertificate:getCertificate", domain="api.corp.internal")
    assert re.fullmatch(r"arn:aws:acm:eu-west-1:111122223333:certificate/[0-9a-f-]{36}", cert["arn"])


def test_prefix_list_of_another_name_stops_with_the_mocks_fix() -> None:
    with pytest.raises(UnansweredCall, match=r"the prefix list 'pl-corp' .*calls\['aws:ec2/getPrefixList"):
        call(mocks(), "aws:ec2/getPrefixList:getPrefixList", prefixListId="pl-corp")
    found = call(mocks(), "aws:ec2/getPrefixList:getPrefixList", name="com.amazonaws.eu-west-1.dynamodb")
    assert re.fullmatch(r"pl-[0-9a-f]{8}", found["id"]) and found["cidrBlocks"][0] == "3.218.180.0/22"


def test_dynamic_provider_resource_is_answered_with_its_inputs() -> None:
    resource_id, outputs = create(mocks(), "pulumi-python:dynamic:Resource", "schema", sql="CREATE TABLE t (x int)")
    assert re.fullmatch(r"schema-[0-9a-f]{8}", resource_id)
    assert outputs == {"sql": "CREATE TABLE t (x int)"}
