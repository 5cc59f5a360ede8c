"""The mocks answer in real AWS formats, deterministically."""

import re

import pulumi
import pulumi_aws as aws
import pytest

from private_apis.engine.errors import EngineError
from private_apis.engine.recorder import is_secret
from private_apis.testing import UNKNOWN, run_program


def program():
    vpc = aws.ec2.Vpc("vpc", cidr_block="10.9.0.0/16")
    subnets = [aws.ec2.Subnet(f"s{i}", vpc_id=vpc.id, cidr_block=f"10.9.{i}.0/24", availability_zone=f"eu-west-1{c}")
               for i, c in ((1, "a"), (2, "b"))]
    endpoint = aws.ec2.VpcEndpoint("vpce", vpc_id=vpc.id, service_name="com.amazonaws.eu-west-1.execute-api",
                                   vpc_endpoint_type="Interface", subnet_ids=[s.id for s in subnets])
    lb = aws.lb.LoadBalancer("nlb", load_balancer_type="network", internal=True, subnets=[s.id for s in subnets])
    api = aws.apigateway.RestApi("api")
    stage = aws.apigateway.Stage("stage", rest_api=api.id, deployment="abc123", stage_name="v1")
    fn = aws.lambda_.Function("fn", role="arn:aws:iam::123456789012:role/r", runtime="python3.12",
                              handler="index.handler", code=pulumi.AssetArchive({}))
    ip = endpoint.network_interface_ids.apply(lambda ids: aws.ec2.get_network_interface(id=ids[0]).private_ip)
    doc = aws.iam.get_policy_document(statements=[{"actions": ["execute-api:Invoke"], "resources": ["arn:x"],
                                                   "principals": [{"type": "AWS", "identifiers": ["*"]}]}])
    pulumi.export("eni_ip", ip)
    pulumi.export("doc", doc.json)
    pulumi.export("azs", aws.get_availability_zones(state="available").names)
    pulumi.export("account", aws.get_caller_identity().account_id)
    for key, value in {"vpc": vpc.id, "vpce": endpoint.id, "dns": endpoint.dns_entries, "lb_dns": lb.dns_name,
                       "lb_arn": lb.arn, "api": api.id, "exec": api.execution_arn, "url": stage.invoke_url,
                       "fn_arn": fn.arn, "invoke_arn": fn.invoke_arn}.items():
        pulumi.export(key, value)


def test_ids_and_arns_have_real_formats():
    out = run_program(program).outputs
    assert re.fullmatch(r"vpc-[0-9a-f]{17}", out["vpc"])
    assert re.fullmatch(r"vpce-[0-9a-f]{17}", out["vpce"])
    assert re.fullmatch(r"[a-z0-9]{10}", out["api"])
    assert out["exec"] == f"arn:aws:execute-api:eu-west-1:123456789012:{out['api']}"
    assert out["url"] == f"https://{out['api']}.execute-api.eu-west-1.amazonaws.com/v1"
    assert re.fullmatch(r"internal-nlb-[0-9a-f]{7}-[0-9a-f]{16}\.elb\.eu-west-1\.amazonaws\.com", out["lb_dns"])
    assert re.fullmatch(r"arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/nlb-[0-9a-f]{7}/"
                        r"[0-9a-f]{16}", out["lb_arn"])
    assert out["dns"][0]["dnsName"].startswith(out["vpce"]) and \
        out["dns"][0]["dnsName"].endswith(".execute-api.eu-west-1.vpce.amazonaws.com")
    assert out["fn_arn"].startswith("arn:aws:lambda:eu-west-1:123456789012:function:fn-")
    assert out["invoke_arn"] == (f"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/{out['fn_arn']}"
                                 "/invocations")
    assert out["azs"] == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    assert out["account"] == "123456789012"


def test_endpoint_enis_resolve_to_addresses_inside_their_subnets():
    out = run_program(program).outputs
    assert out["eni_ip"].startswith("10.9.1.")


def test_policy_document_renders_like_the_provider():
    doc = run_program(program).outputs["doc"]
    assert '"Action": "execute-api:Invoke"' in doc and '"Principal": {\n        "AWS": "*"' in doc


def test_values_are_deterministic_across_runs():
    assert run_program(program).outputs == run_program(program).outputs


def test_first_preview_leaves_computed_outputs_unknown():
    graph = run_program(program, first_preview=True)
    assert graph.outputs["vpc"] == UNKNOWN and graph.outputs["url"] == UNKNOWN
    assert graph.one("aws:ec2/subnet:Subnet", "s1").inputs["vpcId"] == UNKNOWN
    assert graph.outputs["azs"] == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]


def test_unanswered_call_names_the_token_and_fix():
    with pytest.raises(EngineError, match=r"aws:ec2/getInstance:getInstance\. Fix: supply its result in a mocks file"):
        run_program(lambda: aws.ec2.get_instance(instance_id="i-0123456789abcdef0"))


def test_mocks_file_answers_and_overrides():
    graph = run_program(lambda: pulumi.export("vpc", aws.ec2.get_vpc(default=True).id),
                        mocks={"calls": {"aws:ec2/getVpc:getVpc": {"id": "vpc-0123456789abcdef0", "cidrBlock": "1"}}})
    assert graph.outputs["vpc"] == "vpc-0123456789abcdef0"


def test_the_default_vpc_is_answered_as_aws_documents_it():
    # Amazon VPC User Guide, "Default VPCs": 172.31.0.0/16, a /20 default subnet per zone mapping public IPs.
    def program():
        vpc = aws.ec2.get_vpc(default=True)
        ids = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}]).ids
        subnet = aws.ec2.get_subnet(id=ids[1])
        group = aws.ec2.get_security_group(name="default", vpc_id=vpc.id)
        pulumi.export("vpc", {"id": vpc.id, "cidr": vpc.cidr_block, "default": vpc.default})
        pulumi.export("subnets", ids)
        pulumi.export("subnet", {"cidr": subnet.cidr_block, "zone": subnet.availability_zone,
                                 "public": subnet.map_public_ip_on_launch, "vpc": subnet.vpc_id})
        pulumi.export("group", {"id": group.id, "vpc": group.vpc_id})

    first, again = run_program(program).outputs, run_program(program).outputs
    assert first == again
    vpc = first["vpc"]
    assert vpc["cidr"] == "172.31.0.0/16" and vpc["default"] is True and vpc["id"].startswith("vpc-")
    assert len(first["subnets"]) == 3 and all(s.startswith("subnet-") for s in first["subnets"])
    assert first["subnet"] == {"cidr": "172.31.16.0/20", "zone": "eu-west-1b", "public": True, "vpc": vpc["id"]}
    assert first["group"]["vpc"] == vpc["id"] and first["group"]["id"].startswith("sg-")


def test_a_vpc_other_than_the_default_one_asks_for_mocks():
    with pytest.raises(EngineError, match=r"asked for a VPC other than the default one .*--mocks FILE"):
        run_program(lambda: aws.ec2.get_vpc(id="vpc-0123456789abcdef0"))


def test_secret_inputs_are_computed_from_and_stay_secret() -> None:
    # A program may make any input secret (pulumi.Output.secret); the mocks compute from its value, and the echo
    # stays secret in the record, as the engine keeps it.
    def program() -> None:
        instance = aws.ec2.Instance("app", ami="ami-0123456789abcdef0", instance_type="t3.micro",
                                    private_ip=pulumi.Output.secret("10.0.1.25"))
        aws.apigateway.RestApi("api", name=pulumi.Output.secret("internal-orders"))
        pulumi.export("dns", instance.private_dns)

    graph = run_program(program)
    instance = graph.one("aws:ec2/instance:Instance")
    assert instance.plain_outputs["privateDns"] == "ip-10-0-1-25.eu-west-1.compute.internal"
    assert is_secret(instance.outputs["privateIp"])
    assert is_secret(graph.one("aws:apigateway/restApi:RestApi").outputs["name"])
