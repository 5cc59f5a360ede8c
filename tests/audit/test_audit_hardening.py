"""``audit`` on hostile or unusual states: secrets inside values, several regions, pending deletes, external
resources, malformed exports and endpoints. Every bad input is one ``error:`` line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from private_apis.cli import main
from private_apis.engine.recorder import RecordedResource, secret
from tests.audit.state_exports import export_document
from tests.audit.world import PROJECT, REGION, STACK, World, build_network

ROOT = Path(__file__).resolve().parents[2]
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
HIDDEN = "198.51.100.77/32"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_error(err: str) -> str:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def _secret_group(world: World) -> str:
    """A group whose one inline rule lets SSH in from a CIDR the program declared as a secret."""
    ec2 = world.client("ec2")
    vpc = world.ids["network-vpc"]
    group = ec2.create_security_group(GroupName="ssh", Description="ssh", VpcId=vpc)["GroupId"]
    ec2.revoke_security_group_egress(GroupId=group, IpPermissions=[{"IpProtocol": "-1",
                                                                     "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": HIDDEN}]}])
    world.add(SG, "ssh", group, {"name": "ssh", "description": "ssh", "vpcId": vpc, "egress": [], "ingress": [
        {"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": [secret(HIDDEN)], "description": ""}]})
    return group


def _audit_everything(world: World, tmp_path: Path, capsys) -> tuple[int, dict, str, str]:
    export = tmp_path / "stack.json"
    export.write_text(json.dumps(world.export()))
    sarif = tmp_path / "audit.sarif"
    code, out, _ = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", world.endpoint, "--json",
                        "--sarif", str(sarif), "-C", str(ROOT))
    _, text, _ = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", world.endpoint,
                      "-C", str(ROOT))
    return code, json.loads(out), text, sarif.read_text()


def test_a_secret_inside_a_value_is_no_drift_and_never_printed(aws, tmp_path, capsys):
    world = World(endpoint=aws)
    build_network(world)
    _secret_group(world)
    _, report, text, sarif = _audit_everything(world, tmp_path, capsys)
    assert [f for f in report["findings"] if f["resourceName"] == "ssh"] == []
    for output in (json.dumps(report), text, sarif):
        assert HIDDEN not in output and "198.51.100.77" not in output


def test_drift_of_a_partly_secret_property_shows_no_value(aws, tmp_path, capsys):
    world = World(endpoint=aws)
    build_network(world)
    group = _secret_group(world)
    world.client("ec2").authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.9/32"}]}])
    code, report, text, sarif = _audit_everything(world, tmp_path, capsys)
    ssh = [f for f in report["findings"] if f["resourceName"] == "ssh"]
    assert [(f["kind"], f["property"], f["recorded"], f["live"], f["message"]) for f in ssh] == [
        ("drift", "ingress", None, None, "ingress changed (secret)")]
    assert "    - [drift]  aws:ec2:SecurityGroup: ssh  ingress\n          ingress changed (secret)\n" in text
    assert code == 1
    for output in (json.dumps(report), text, sarif):
        assert "198.51.100.77" not in output and "203.0.113.9" not in output


def test_a_secret_rule_source_read_live_stays_masked_in_pack_messages(aws, tmp_path, capsys):
    world = World(endpoint=aws)
    build_network(world)
    ec2 = world.client("ec2")
    vpc = world.ids["network-vpc"]
    group = ec2.create_security_group(GroupName="r", Description="r", VpcId=vpc)["GroupId"]
    world.add(SG, "r", group, {"name": "r", "description": "r", "vpcId": vpc})
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": HIDDEN}]}])
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
    rule = next(r for r in rules["SecurityGroupRules"] if not r["IsEgress"])
    world.add(INGRESS, "r-in", rule["SecurityGroupRuleId"],
              {"securityGroupId": group, "ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
               "cidrIpv4": secret(HIDDEN)}, outputs={"securityGroupRuleId": rule["SecurityGroupRuleId"]},
              links={"securityGroupId": [f"{SG}::r"]})
    _, report, text, sarif = _audit_everything(world, tmp_path, capsys)
    for output in (json.dumps(report), text, sarif):
        assert "198.51.100.77" not in output


RT = "aws:ec2/routeTable:RouteTable"
API = "aws:apigateway/restApi:RestApi"
USE1 = f"urn:pulumi:{STACK}::{PROJECT}::pulumi:providers:aws::use1"


def _record(token: str, name: str, resource_id: str, inputs: dict) -> RecordedResource:
    return RecordedResource(type=token, name=name, urn=f"urn:pulumi:{STACK}::{PROJECT}::{token}::{name}",
                            parent=None, custom=True, provider=None, dependencies=[], property_dependencies={},
                            inputs=inputs, outputs=inputs, id=resource_id)


def _table(endpoint: str, region: str) -> str:
    ec2 = __import__("boto3").session.Session(region_name=region).client("ec2", endpoint_url=endpoint)
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    return vpc, ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]


def test_each_resource_is_read_in_the_region_of_its_own_provider(aws, tmp_path, capsys):
    here_vpc, here = _table(aws, REGION)
    there_vpc, there = _table(aws, "us-east-1")
    records = [_record(RT, "here", here, {"vpcId": here_vpc}), _record(RT, "there", there, {"vpcId": there_vpc})]
    document = export_document(PROJECT, STACK, records, outputs={}, aws_config={"region": REGION})
    items = document["deployment"]["resources"]
    # The explicit us-east-1 provider comes first: it must not become the region of the default provider's resources.
    items.insert(1, {"urn": USE1, "custom": True, "id": "p2", "type": "pulumi:providers:aws",
                     "inputs": {"region": "us-east-1"}, "outputs": {"region": "us-east-1"}})
    next(i for i in items if i["urn"].endswith("::there"))["provider"] = f"{USE1}::p2"
    export = tmp_path / "stack.json"
    export.write_text(json.dumps(document))
    code, out, err = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", aws, "--json",
                          "--policy-pack", str(ROOT / "policies"))
    report = json.loads(out)
    assert (report["region"], report["findings"], report["summary"]["readLive"]) == (REGION, [], 2), err
    assert code == 0


def test_pending_deletes_are_skipped_and_external_resources_not_owned(aws, tmp_path, capsys):
    vpc, table = _table(aws, REGION)
    records = [_record(RT, "rt", table, {"vpcId": vpc}), _record(RT, "old", "rtb-0000000000000000", {"vpcId": vpc}),
               _record(RT, "shared", "rtb-1111111111111111", {"vpcId": "vpc-elsewhere"})]
    document = export_document(PROJECT, STACK, records, outputs={}, aws_config={"region": REGION})
    items = document["deployment"]["resources"]
    # The replaced copy, pending delete, under the same URN as the live one.
    old = next(i for i in items if i["urn"].endswith("::old"))
    old.update(urn=old["urn"].replace("::old", "::rt"), delete=True)
    next(i for i in items if i["urn"].endswith("::shared")).update(external=True, inputs={})
    export = tmp_path / "stack.json"
    export.write_text(json.dumps(document))
    code, out, _ = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", aws, "--json")
    report = json.loads(out)
    assert report["findings"] == [] and report["summary"]["readLive"] == 1
    assert report["notOwned"] == [{"urn": f"urn:pulumi:{STACK}::{PROJECT}::{RT}::shared", "type": RT}]
    assert code == 0
    _, text, _ = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", aws)
    assert "Not owned (external: read with .get(), neither judged nor checked for drift): aws:ec2:RouteTable: " \
           "shared\n" in text


STACK_ITEM = {"urn": f"urn:pulumi:{STACK}::{PROJECT}::pulumi:pulumi:Stack::{PROJECT}-{STACK}",
              "type": "pulumi:pulumi:Stack", "custom": False, "outputs": {"aws_region": REGION}}
BUCKET = f"urn:pulumi:{STACK}::{PROJECT}::aws:s3/bucket:Bucket::b"


def _export(tmp_path: Path, *resources: dict, text: str | None = None) -> Path:
    export = tmp_path / "stack.json"
    export.write_text(text if text is not None else json.dumps(
        {"version": 3, "deployment": {"resources": [STACK_ITEM, *resources]}}))
    return export


def _bucket(**fields) -> dict:
    return {"urn": BUCKET, "type": "aws:s3/bucket:Bucket", "custom": True, **fields}


FIX = "Fix: pass the file `pulumi stack export` writes, unedited."


def test_bad_exports_are_one_error_line(aws, tmp_path, capsys):
    cases = [
        (_bucket(dependencies=5), f"'dependencies' of {BUCKET!r} must be a list of URNs"),
        (_bucket(propertyDependencies=[1]), f"'propertyDependencies' of {BUCKET!r} must be an object of URN lists"),
        (_bucket(propertyDependencies={"a": 3}), f"'propertyDependencies.a' of {BUCKET!r} must be a list of URNs"),
        (_bucket(provider=7), f"'provider' of {BUCKET!r} must be a string, not int"),
        (_bucket(parent={"x": 1}), f"'parent' of {BUCKET!r} must be a string, not dict"),
        (_bucket(id={"a": 1}), f"'id' of {BUCKET!r} must be a string, not dict"),
        (_bucket(inputs={"a": json.loads("[" * 900 + "]" * 900)}), f"'inputs' of {BUCKET!r} is nested more than "
                                                                    "64 levels"),
    ]
    for resource, message in cases:
        export = _export(tmp_path, resource)
        for command in (("audit", "--endpoint-url", aws), ("analyze", "--policy-pack", str(ROOT / "policies"))):
            code, out, err = _run(capsys, *command, "--stack-export", str(export))
            assert (code, out) == (2, "")
            assert _one_error(err) == f"error: --stack-export {export}: {message}. {FIX}"


def test_a_deeply_nested_file_is_one_error_line(tmp_path, capsys):
    export = _export(tmp_path, text="[" * 100000 + "]" * 100000)
    code, _, err = _run(capsys, "analyze", "--stack-export", str(export), "--policy-pack", str(ROOT / "policies"))
    assert code == 2
    assert _one_error(err) == f"error: --stack-export {export} is nested too deeply to be what `pulumi stack " \
                              "export --file FILE` writes. Fix: write it with `pulumi stack export --file FILE`."


def test_unreadable_recorded_values_are_one_error_line(aws, tmp_path, capsys):
    apigateway = __import__("boto3").session.Session(region_name=REGION).client("apigateway", endpoint_url=aws)
    api = apigateway.create_rest_api(name="x", endpointConfiguration={"types": ["PRIVATE"]})["id"]
    method = f"urn:pulumi:{STACK}::{PROJECT}::aws:apigateway/method:Method::m"
    cases = [
        ({"urn": f"urn:pulumi:{STACK}::{PROJECT}::{API}::api", "type": API, "id": api,
          "inputs": {"name": "x", "endpointConfiguration": "PRIVATE"}},
         f"error: urn:pulumi:{STACK}::{PROJECT}::{API}::api records endpointConfiguration in a shape pulumi-aws "
         f"does not write, so its drift cannot be checked. {FIX}"),
        ({"urn": method, "type": "aws:apigateway/method:Method", "id": "agm-1",
          "inputs": {"restApi": {"x": 1}, "resourceId": "r", "httpMethod": "GET"}}, None),
    ]
    for resource, message in cases:
        export = _export(tmp_path, resource)
        code, out, err = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", aws)
        assert (code, out) == (2, "")
        line = _one_error(err)
        assert line == message if message else line.startswith("error: ")


def test_bad_endpoints_and_aws_configuration_are_one_error_line(aws, tmp_path, capsys, monkeypatch):
    export = _export(tmp_path)
    fix = "Fix: pass an https URL, or http://127.0.0.1:PORT for a local emulator."
    for url, message in [
        ("notaurl", "error: --endpoint-url 'notaurl' is not an http(s) URL with a host. " + fix),
        ("http://10.1.2.3:4566", "error: --endpoint-url 'http://10.1.2.3:4566': refusing plain http to 10.1.2.3: "
                                 "the signed calls and the answers the verdict rests on would travel in clear. " + fix),
        ("http://127.0.0.1:99999", "error: --endpoint-url 'http://127.0.0.1:99999' is not a valid URL (Port out of "
                                   "range 0-65535). " + fix),
    ]:
        code, out, err = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", url)
        assert (code, out, _one_error(err)) == (2, "", message)
    for url in ("http://localhost:1", "http://[::1]:1", "https://ec2.eu-west-1.amazonaws.com"):
        from private_apis.audit.aws import check_endpoint
        check_endpoint(url)
    monkeypatch.setenv("AWS_PROFILE", "nope")
    code, _, err = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", aws)
    assert (code, _one_error(err)) == (2, "error: The AWS configuration cannot be used: The config profile (nope) "
                                          "could not be found. Fix: check AWS_PROFILE and AWS_CONFIG_FILE (or unset "
                                          "them).")
    monkeypatch.delenv("AWS_PROFILE")
    broken = tmp_path / "config"
    broken.write_text("[default\nbroken[")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(broken))
    code, _, err = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", aws)
    assert code == 2 and _one_error(err).startswith("error: The AWS configuration cannot be used: Unable to parse "
                                                    "config file")



def test_endpoints_from_the_environment_are_held_to_the_same_rule(aws, tmp_path, capsys, monkeypatch):
    # Without --endpoint-url botocore takes AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL
    # (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html): signed calls in clear either way.
    vpc, table = _table(aws, REGION)
    export = tmp_path / "stack.json"
    export.write_text(json.dumps(export_document(PROJECT, STACK, [_record(RT, "rt", table, {"vpcId": vpc})],
                                                 outputs={}, aws_config={"region": REGION})))
    monkeypatch.setenv("AWS_ENDPOINT_URL", aws)
    code, out, _ = _run(capsys, "audit", "--stack-export", str(export), "--json")
    assert (code, json.loads(out)["summary"]["readLive"]) == (0, 1)
    # AWS_ENDPOINT_URL is the credential providers' endpoint too, and they are checked first.
    for name, carried in (("AWS_ENDPOINT_URL_EC2", "the signed calls and the answers the verdict rests on"),
                          ("AWS_ENDPOINT_URL", "the credentials the audit signs with")):
        monkeypatch.delenv("AWS_ENDPOINT_URL_EC2", raising=False)
        monkeypatch.setenv(name, "http://10.1.2.3:4566")
        code, out, err = _run(capsys, "audit", "--stack-export", str(export))
        assert (code, out, _one_error(err)) == (2, "", (
            f"error: {name} 'http://10.1.2.3:4566': refusing plain http to 10.1.2.3: {carried} would travel in "
            f"clear. Fix: set {name} to an https URL or http://127.0.0.1:PORT for a local emulator, or unset it."))
    # botocore's credential providers (assume-role, web identity, SSO) make clients of their own, which read these
    # settings too and never see --endpoint-url.
    monkeypatch.delenv("AWS_ENDPOINT_URL_EC2", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", "http://10.1.2.3:4566")
    code, out, err = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", aws)
    assert (code, out, _one_error(err)) == (2, "", (
        "error: AWS_ENDPOINT_URL_STS 'http://10.1.2.3:4566': refusing plain http to 10.1.2.3: the credentials the "
        "audit signs with would travel in clear. Fix: set AWS_ENDPOINT_URL_STS to an https URL or "
        "http://127.0.0.1:PORT for a local emulator, or unset it."))

class _Hostile(__import__("http.server").server.BaseHTTPRequestHandler):
    """An endpoint that paginates in a loop and returns a Lambda policy that is not JSON."""

    pages = 0

    def do_GET(self) -> None:
        if "/resources" in self.path:
            # Looping for good, but ending after 300 pages, so an audit without the guard ends too.
            type(self).pages += 1
            body = {"items": [], **({"position": "same"} if type(self).pages < 300 else {})}
        elif self.path.startswith("/2015-03-31/functions/"):
            body = {"Policy": "not json {", "RevisionId": "1"}
        else:
            body = {"id": "abc", "name": "n", "endpointConfiguration": {"types": ["PRIVATE"]}}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_a_looping_paginator_and_a_non_json_policy_are_no_traceback(aws, tmp_path, capsys):
    import threading
    from http.server import ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_port}"
    api = {"urn": f"urn:pulumi:{STACK}::{PROJECT}::{API}::api", "type": API, "id": "abc", "inputs": {"name": "n"}}
    permission = {"urn": f"urn:pulumi:{STACK}::{PROJECT}::aws:lambda/permission:Permission::p",
                  "type": "aws:lambda/permission:Permission", "id": "sid1",
                  "inputs": {"function": "fn", "statementId": "sid1", "action": "lambda:InvokeFunction",
                             "principal": "apigateway.amazonaws.com"}}
    try:
        code, out, err = _run(capsys, "audit", "--stack-export", str(_export(tmp_path, api)), "--endpoint-url",
                              endpoint)
        assert (code, out) == (2, "")
        assert _one_error(err) == f"error: apigateway.get_resources returned the page token 'same' twice: " \
                                  f"{endpoint} is paginating in a loop. Fix: check --endpoint-url."
        code, out, err = _run(capsys, "audit", "--stack-export", str(_export(tmp_path, permission)),
                              "--endpoint-url", endpoint, "--json")
    finally:
        server.shutdown()
        server.server_close()
    assert [(f["kind"], f["message"]) for f in json.loads(out)["findings"]] == [
        ("unverified", "the live check could not run: lambda.get_policy of fn returned a policy that is not a JSON "
                       "object")]
    assert code == 1


def test_pages_stop_after_the_page_cap(monkeypatch):
    from private_apis.audit import aws as aws_module
    from private_apis.engine.errors import EngineError

    client = aws_module.Aws(REGION, "http://127.0.0.1:1")
    tokens = iter(range(10**6))
    monkeypatch.setattr(client, "call", lambda *a, **k: {"items": [1], "position": str(next(tokens))})
    monkeypatch.setattr(aws_module, "MAX_PAGES", 7)
    try:
        client.pages("apigateway", "get_resources", "items", restApiId="a")
    except EngineError as exc:
        assert str(exc) == "apigateway.get_resources returned more than 7 pages. Fix: check --endpoint-url."
    else:
        raise AssertionError("no error")
