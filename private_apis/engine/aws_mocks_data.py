"""Realistic outputs for the data and compute resources the pack's exposure rules reason about (registered on import).

Databases and warehouses (RDS, Aurora, Redshift, Redshift Serverless, Neptune, Lightsail databases), search
domains (OpenSearch, Elasticsearch), migration, streaming and messaging (DMS, MSK, Amazon MQ), notebooks
(SageMaker), Kubernetes and containers (EKS, ECS, Lightsail instances and container services). Formats are what
the services return and the AWS provider stores: endpoints and ARNs as in each service's API reference, ids as
terraform-provider-aws sets them (``rds.Instance``'s id is the DBI resource id since provider v5, an
``opensearch.Domain``'s its ARN, an ``ecs.Service``'s its ARN). Addresses a public resource gets come from the
documentation range 198.51.100.0/24; private ones from the resource's subnet when the program created it.
"""

from __future__ import annotations

import base64
import ipaddress
import string
from collections.abc import Mapping
from typing import Any

from private_apis.engine.aws_mocks import AwsMocks, _alnum, _builder, _hex, _uuid

_UPPER = string.ascii_uppercase + string.digits
_LOWER = string.ascii_lowercase + string.digits
CREATED = "2026-01-01T00:00:00Z"

# Route 53 hosted zone ids of RDS endpoints per region (the ``HostedZoneId`` of DescribeDBInstances).
RDS_ZONE_IDS = {
    "us-east-1": "Z2R2ITUGPM61AM", "us-east-2": "Z2XHWR1WZ565X2", "us-west-1": "Z10WI91S59XXQN",
    "us-west-2": "Z1PVIF0B656C1W", "eu-west-1": "Z29XKXDKYMONMX", "eu-west-2": "Z1TTGA775OQIYO",
    "eu-central-1": "Z1RLNUO7B9Q6NB", "ap-southeast-1": "Z2G0U3KFCY8NZ5", "ap-southeast-2": "Z2999QAZ9SRTIC",
}
_ENGINE_PORTS = {"mysql": 3306, "mariadb": 3306, "aurora-mysql": 3306, "aurora": 3306, "postgres": 5432,
                 "aurora-postgresql": 5432, "oracle": 1521, "sqlserver": 1433, "db2": 50000}
_ENGINE_VERSIONS = {"mysql": "8.0.40", "mariadb": "10.11.10", "aurora-mysql": "8.0.mysql_aurora.3.08.0",
                    "postgres": "16.4", "aurora-postgresql": "16.4", "oracle": "19.0.0.0.ru-2024-10.rur-2024-10.r1",
                    "sqlserver": "16.00.4165.4.v1", "db2": "11.5.9.0.sb00000000.r1"}


def _region(m: AwsMocks, inputs: Mapping[str, Any]) -> str:
    # pulumi-aws 7 resources take a per-resource ``region`` that overrides the provider's.
    region = inputs.get("region")
    return region if isinstance(region, str) and region else m.region


def _text(inputs: Mapping[str, Any], key: str, default: str = "") -> str:
    value = inputs.get(key)
    return value if isinstance(value, str) and value else default


def _block(inputs: Mapping[str, Any], *path: str) -> Mapping[str, Any]:
    current: Any = inputs
    for key in path:
        current = current.get(key) if isinstance(current, Mapping) else None
    return current if isinstance(current, Mapping) else {}


def _public_ip(seed: str) -> str:
    # 198.51.100.0/24 is a documentation range: obviously not a real address.
    return f"198.51.100.{int(_hex(seed, 2), 16) % 250 + 2}"


def _private_ip(m: AwsMocks, subnets: Any, seed: str) -> str:
    first = subnets[0] if isinstance(subnets, list) and subnets else subnets
    return m.ip_in(first if isinstance(first, str) else None, seed)


def _account_hash(m: AwsMocks, region: str, service: str) -> str:
    # RDS and Redshift endpoints carry one 12-character id per account and region, shared by every instance.
    return _alnum(f"{service}/{m.account}/{region}", 12, _LOWER)


def _port(inputs: Mapping[str, Any], engine_default: int) -> int:
    value = inputs.get("port")
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else engine_default


def _engine_port(inputs: Mapping[str, Any]) -> int:
    engine = _text(inputs, "engine", "postgres").lower()
    port = _ENGINE_PORTS.get(engine) or next((p for e, p in _ENGINE_PORTS.items() if engine.startswith(e)), 5432)
    return _port(inputs, port)


def _engine_version(inputs: Mapping[str, Any]) -> str:
    engine = _text(inputs, "engine", "postgres").lower()
    return _text(inputs, "engineVersion", _ENGINE_VERSIONS.get(engine, "16.4"))


def _dbi_resource_id(seed: str) -> str:
    return f"db-{_alnum(seed + 'dbi', 26, _UPPER)}"


# --------------------------------------------------------------------- RDS, Aurora, Neptune


@_builder("aws:rds/instance:Instance")
def _rds_instance(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    identifier = m.autoname(seed, name, inputs, key="identifier", limit=63).lower()
    port = _engine_port(inputs)
    address = f"{identifier}.{_account_hash(m, region, 'rds')}.{region}.rds.amazonaws.com"
    resource_id = _dbi_resource_id(seed)
    computed: dict[str, Any] = {
        # terraform-provider-aws v5 made the DBI resource id the resource's id.
        "id": resource_id, "resourceId": resource_id, "identifier": identifier,
        "arn": f"arn:aws:rds:{region}:{m.account}:db:{identifier}", "address": address,
        "endpoint": f"{address}:{port}", "port": port, "hostedZoneId": RDS_ZONE_IDS.get(region, "Z2R2ITUGPM61AM"),
        "status": "available", "engineVersionActual": _engine_version(inputs),
        "availabilityZone": _text(inputs, "availabilityZone", f"{region}a"), "caCertIdentifier": "rds-ca-rsa2048-g1",
        "latestRestorableTime": CREATED, "listenerEndpoints": [], "replicas": [],
    }
    if inputs.get("manageMasterUserPassword"):
        computed["masterUserSecrets"] = [{
            "kmsKeyId": f"arn:aws:kms:{region}:{m.account}:key/{_uuid(seed + 'kms')}", "secretStatus": "active",
            "secretArn": f"arn:aws:secretsmanager:{region}:{m.account}:secret:rds!db-{_uuid(seed)}-"
                         f"{_alnum(seed + 'secret', 6, string.ascii_letters)}"}]
    return computed


@_builder("aws:rds/clusterInstance:ClusterInstance")
def _rds_cluster_instance(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    identifier = m.autoname(seed, name, inputs, key="identifier", limit=63).lower()
    return {"id": identifier, "identifier": identifier, "arn": f"arn:aws:rds:{region}:{m.account}:db:{identifier}",
            "endpoint": f"{identifier}.{_account_hash(m, region, 'rds')}.{region}.rds.amazonaws.com",
            "port": _engine_port(inputs), "dbiResourceId": _dbi_resource_id(seed), "writer": True,
            "availabilityZone": _text(inputs, "availabilityZone", f"{region}a"), "storageEncrypted": True,
            "engineVersionActual": _engine_version(inputs), "networkType": "IPV4"}


@_builder("aws:rds/cluster:Cluster")
def _rds_cluster(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    identifier = m.autoname(seed, name, inputs, key="clusterIdentifier", limit=63).lower()
    suffix = f"{_account_hash(m, region, 'rds')}.{region}.rds.amazonaws.com"
    return {"id": identifier, "clusterIdentifier": identifier,
            "arn": f"arn:aws:rds:{region}:{m.account}:cluster:{identifier}",
            "endpoint": f"{identifier}.cluster-{suffix}", "readerEndpoint": f"{identifier}.cluster-ro-{suffix}",
            "clusterResourceId": f"cluster-{_alnum(seed, 26, _UPPER)}", "port": _engine_port(inputs),
            "hostedZoneId": RDS_ZONE_IDS.get(region, "Z2R2ITUGPM61AM"), "clusterMembers": [],
            "engineVersionActual": _engine_version(inputs),
            "availabilityZones": [f"{region}{z}" for z in "abc"]}


@_builder("aws:neptune/clusterInstance:ClusterInstance")
def _neptune_instance(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    identifier = m.autoname(seed, name, inputs, key="identifier", limit=63).lower()
    port = _port(inputs, 8182)
    address = f"{identifier}.{_account_hash(m, region, 'rds')}.{region}.neptune.amazonaws.com"
    # Neptune runs on the RDS control plane: its instances have RDS ARNs.
    return {"id": identifier, "identifier": identifier, "arn": f"arn:aws:rds:{region}:{m.account}:db:{identifier}",
            "address": address, "endpoint": f"{address}:{port}", "port": port,
            "dbiResourceId": _dbi_resource_id(seed), "writer": True, "storageEncrypted": True,
            "availabilityZone": _text(inputs, "availabilityZone", f"{region}a")}


# --------------------------------------------------------------------- Redshift


@_builder("aws:redshift/cluster:Cluster")
def _redshift_cluster(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    identifier = _text(inputs, "clusterIdentifier", f"{name}-{_hex(seed, 7)}").lower()
    port = _port(inputs, 5439)
    dns = f"{identifier}.{_account_hash(m, region, 'redshift')}.{region}.redshift.amazonaws.com"
    node = {"nodeRole": "SHARED", "privateIpAddress": m.ip_in(None, seed),
            "publicIpAddress": _public_ip(seed) if inputs.get("publiclyAccessible") is True else ""}
    return {"id": identifier, "clusterIdentifier": identifier,
            "arn": f"arn:aws:redshift:{region}:{m.account}:cluster:{identifier}", "dnsName": dns,
            "endpoint": f"{dns}:{port}", "port": port, "clusterNodes": [node],
            "clusterNamespaceArn": f"arn:aws:redshift:{region}:{m.account}:namespace:{_uuid(seed + 'ns')}",
            "clusterRevisionNumber": "84017", "clusterPublicKey": f"ssh-rsa {_alnum(seed, 60, string.ascii_letters)} "
            "Amazon-Redshift", "availabilityZone": _text(inputs, "availabilityZone", f"{region}a")}


@_builder("aws:redshiftserverless/workgroup:Workgroup")
def _redshift_workgroup(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    workgroup = _text(inputs, "workgroupName", name)
    workgroup_id = _uuid(seed)
    port = _port(inputs, 5439)
    subnets = inputs.get("subnetIds") if isinstance(inputs.get("subnetIds"), list) else []
    interfaces = [{"availabilityZone": (m._subnets.get(s) or {}).get("availabilityZone") or f"{region}a",
                   "networkInterfaceId": f"eni-{_hex(seed + str(s), 17)}",
                   "privateIpAddress": m.ip_in(s, seed + str(s)), "subnetId": s} for s in subnets]
    vpc_id = next(((m._subnets.get(s) or {}).get("vpcId") for s in subnets if m._subnets.get(s)), None)
    endpoint = {"address": f"{workgroup}.{m.account}.{region}.redshift-serverless.amazonaws.com", "port": port,
                "vpcEndpoints": [{"vpcEndpointId": f"vpce-{_hex(seed, 17)}", "vpcId": vpc_id or "",
                                  "networkInterfaces": interfaces}]}
    return {"id": workgroup, "workgroupName": workgroup, "workgroupId": workgroup_id, "port": port,
            "arn": f"arn:aws:redshift-serverless:{region}:{m.account}:workgroup/{workgroup_id}",
            "endpoints": [endpoint]}


# --------------------------------------------------------------------- OpenSearch, Elasticsearch


def _domain(m: AwsMocks, seed: str, name: str, inputs: dict, *, elasticsearch: bool) -> dict:
    region = _region(m, inputs)
    domain = m.autoname(seed, name, inputs, key="domainName", limit=28).lower()
    options = _block(inputs, "vpcOptions")
    subnets = options.get("subnetIds") if isinstance(options.get("subnetIds"), list) else []
    # A VPC domain's endpoint starts with vpc-, a public one with search- (Amazon OpenSearch Service endpoints).
    host = f"{'vpc' if subnets else 'search'}-{domain}-{_alnum(seed, 26, _LOWER)}.{region}.es.amazonaws.com"
    arn = f"arn:aws:es:{region}:{m.account}:domain/{domain}"
    computed: dict[str, Any] = {"id": arn, "arn": arn, "domainName": domain, "domainId": f"{m.account}/{domain}",
                                "endpoint": host}
    if elasticsearch:
        computed["kibanaEndpoint"] = f"{host}/_plugin/kibana/"
    else:
        computed["dashboardEndpoint"] = f"{host}/_dashboards"
    if subnets:
        zones = [(m._subnets.get(s) or {}).get("availabilityZone") or f"{region}{'abc'[i % 3]}"
                 for i, s in enumerate(subnets)]
        vpc_id = next(((m._subnets.get(s) or {}).get("vpcId") for s in subnets if m._subnets.get(s)), None)
        computed["vpcOptions"] = {**options, "availabilityZones": sorted(set(zones)),
                                  "vpcId": vpc_id or f"vpc-{_hex(seed, 17)}"}
    return computed


@_builder("aws:opensearch/domain:Domain")
def _opensearch_domain(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return _domain(m, seed, name, inputs, elasticsearch=False)


@_builder("aws:elasticsearch/domain:Domain")
def _elasticsearch_domain(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return _domain(m, seed, name, inputs, elasticsearch=True)


@_builder("aws:opensearch/domainPolicy:DomainPolicy", "aws:elasticsearch/domainPolicy:DomainPolicy")
def _domain_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    # The provider's id is "esd-policy-" plus the domain name.
    return {"id": f"esd-policy-{_text(inputs, 'domainName', name)}"}


# --------------------------------------------------------------------- DMS, MSK, Amazon MQ


@_builder("aws:dms/replicationInstance:ReplicationInstance")
def _dms_instance(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    identifier = _text(inputs, "replicationInstanceId", name).lower()
    # AWS DMS makes an instance publicly accessible unless told otherwise (CreateReplicationInstance).
    public = inputs.get("publiclyAccessible") is not False
    return {"id": identifier, "replicationInstanceId": identifier, "publiclyAccessible": public,
            "replicationInstanceArn": f"arn:aws:dms:{region}:{m.account}:rep:{_alnum(seed, 26, _UPPER)}",
            "replicationInstancePrivateIps": [m.ip_in(None, seed)],
            "replicationInstancePublicIps": [_public_ip(seed)] if public else [],
            "availabilityZone": _text(inputs, "availabilityZone", f"{region}a"),
            "engineVersion": _text(inputs, "engineVersion", "3.5.4")}


def _broker_hosts(cluster: str, cluster_id: str, region: str, count: int, public: bool = False) -> list[str]:
    tag = "-public" if public else ""
    return [f"b-{i}{tag}.{cluster}.{cluster_id}.c2.kafka.{region}.amazonaws.com" for i in range(1, count + 1)]


def _bootstrap(hosts: list[str], port: int) -> str:
    return ",".join(f"{host}:{port}" for host in hosts)


@_builder("aws:msk/cluster:Cluster")
def _msk_cluster(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    cluster = _text(inputs, "clusterName", name)
    cluster_id = _alnum(seed, 6, _LOWER)
    uuid = f"{_uuid(seed)}-2"
    count = inputs.get("numberOfBrokerNodes")
    count = int(count) if isinstance(count, (int, float)) and not isinstance(count, bool) and count > 0 else 3
    hosts = _broker_hosts(cluster, cluster_id, region, count)
    client_broker = _text(_block(inputs, "encryptionInfo", "encryptionInTransit"), "clientBroker", "TLS")
    sasl = _block(inputs, "clientAuthentication", "sasl")
    public = _text(_block(inputs, "brokerNodeGroupInfo", "connectivityInfo", "publicAccess"), "type") == \
        "SERVICE_PROVIDED_EIPS"
    public_hosts = _broker_hosts(cluster, cluster_id, region, count, public=True)
    # Ports per authentication method: MSK Developer Guide, "Port information".
    computed: dict[str, Any] = {
        "id": f"arn:aws:kafka:{region}:{m.account}:cluster/{cluster}/{uuid}", "clusterUuid": uuid,
        "arn": f"arn:aws:kafka:{region}:{m.account}:cluster/{cluster}/{uuid}", "currentVersion": "K3AEGXETSR30VB",
        "bootstrapBrokers": _bootstrap(hosts, 9092) if client_broker in ("PLAINTEXT", "TLS_PLAINTEXT") else "",
        "bootstrapBrokersTls": _bootstrap(hosts, 9094) if client_broker in ("TLS", "TLS_PLAINTEXT") else "",
        "bootstrapBrokersSaslIam": _bootstrap(hosts, 9098) if sasl.get("iam") is True else "",
        "bootstrapBrokersSaslScram": _bootstrap(hosts, 9096) if sasl.get("scram") is True else "",
        "bootstrapBrokersPublicTls": _bootstrap(public_hosts, 9194) if public and client_broker == "TLS" else "",
        "bootstrapBrokersPublicSaslIam": _bootstrap(public_hosts, 9198) if public and sasl.get("iam") is True else "",
        "bootstrapBrokersPublicSaslScram":
            _bootstrap(public_hosts, 9196) if public and sasl.get("scram") is True else "",
        "zookeeperConnectString": ",".join(f"z-{i}.{cluster}.{cluster_id}.c2.kafka.{region}.amazonaws.com:2181"
                                           for i in (1, 2, 3)),
    }
    return computed


@_builder("aws:mq/broker:Broker")
def _mq_broker(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    broker = _text(inputs, "brokerName", name)
    broker_id = f"b-{_uuid(seed)}"
    public = inputs.get("publiclyAccessible") is True
    ip = _public_ip(seed) if public else _private_ip(m, inputs.get("subnetIds"), seed)
    if _text(inputs, "engineType", "ActiveMQ").lower() == "rabbitmq":
        host = f"{broker_id}.mq.{region}.amazonaws.com"
        instances = [{"consoleUrl": f"https://{host}", "ipAddress": ip, "endpoints": [f"amqps://{host}:5671"]}]
    else:
        host = f"{broker_id}-1.mq.{region}.amazonaws.com"
        instances = [{"consoleUrl": f"https://{host}:8162", "ipAddress": ip, "endpoints": [
            f"ssl://{host}:61617", f"amqp+ssl://{host}:5671", f"stomp+ssl://{host}:61614",
            f"mqtt+ssl://{host}:8883", f"wss://{host}:61619"]}]
    return {"id": broker_id, "arn": f"arn:aws:mq:{region}:{m.account}:broker:{broker}:{broker_id}",
            "instances": instances}


# --------------------------------------------------------------------- SageMaker, EKS, ECS


@_builder("aws:sagemaker/notebookInstance:NotebookInstance")
def _notebook(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    notebook = _text(inputs, "name", name)
    computed: dict[str, Any] = {
        "id": notebook, "arn": f"arn:aws:sagemaker:{region}:{m.account}:notebook-instance/{notebook.lower()}",
        "url": f"{notebook}.notebook.{region}.sagemaker.aws", "platformIdentifier": "notebook-al2023-v1",
    }
    if isinstance(inputs.get("subnetId"), str):
        computed["networkInterfaceId"] = f"eni-{_hex(seed, 17)}"
    return computed


def _certificate(seed: str) -> str:
    body = base64.b64encode(bytes.fromhex(_hex(seed, 64) * 8)).decode()
    pem = "-----BEGIN CERTIFICATE-----\n" + "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return base64.b64encode(f"{pem}\n-----END CERTIFICATE-----\n".encode()).decode()


@_builder("aws:eks/cluster:Cluster")
def _eks_cluster(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    cluster = m.autoname(seed, name, inputs, limit=100)
    oidc = _hex(seed + "oidc", 32).upper()
    vpc = _block(inputs, "vpcConfig")
    subnets = vpc.get("subnetIds") if isinstance(vpc.get("subnetIds"), list) else []
    vpc_id = next(((m._subnets.get(s) or {}).get("vpcId") for s in subnets if m._subnets.get(s)), None)
    public = vpc.get("endpointPublicAccess") is not False
    # EKS's defaults: the public endpoint on, open to 0.0.0.0/0; the private endpoint off.
    vpc_config = {"endpointPublicAccess": public, "endpointPrivateAccess": False,
                  "publicAccessCidrs": ["0.0.0.0/0"] if public else [], **vpc,
                  "clusterSecurityGroupId": f"sg-{_hex(seed + 'cluster-sg', 17)}",
                  "vpcId": vpc_id or f"vpc-{_hex(seed, 17)}"}
    return {
        "id": cluster, "name": cluster, "clusterId": "", "arn": f"arn:aws:eks:{region}:{m.account}:cluster/{cluster}",
        "endpoint": f"https://{_hex(seed, 32).upper()}.gr7.{region}.eks.amazonaws.com",
        "certificateAuthority": {"data": _certificate(seed)}, "createdAt": CREATED, "status": "ACTIVE",
        "platformVersion": "eks.12", "version": _text(inputs, "version", "1.33"),
        "identities": [{"oidcs": [{"issuer": f"https://oidc.eks.{region}.amazonaws.com/id/{oidc}"}]}],
        "kubernetesNetworkConfig": {"ipFamily": "ipv4", "serviceIpv4Cidr": "172.20.0.0/16",
                                    **_block(inputs, "kubernetesNetworkConfig")},
        "vpcConfig": vpc_config,
    }


def _cluster_name(cluster: Any) -> str:
    text = cluster if isinstance(cluster, str) and cluster else "default"
    return text.rsplit("/", 1)[-1]


@_builder("aws:ecs/cluster:Cluster")
def _ecs_cluster(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    cluster = m.autoname(seed, name, inputs)
    arn = f"arn:aws:ecs:{_region(m, inputs)}:{m.account}:cluster/{cluster}"
    return {"id": arn, "arn": arn, "name": cluster}


@_builder("aws:ecs/taskDefinition:TaskDefinition")
def _task_definition(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    family = _text(inputs, "family", name)
    base = f"arn:aws:ecs:{_region(m, inputs)}:{m.account}:task-definition/{family}"
    return {"id": family, "arn": f"{base}:1", "arnWithoutRevision": base, "revision": 1}


@_builder("aws:ecs/service:Service")
def _ecs_service(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    service = m.autoname(seed, name, inputs)
    cluster_arn = inputs.get("cluster")
    arn = f"arn:aws:ecs:{_region(m, inputs)}:{m.account}:service/{_cluster_name(cluster_arn)}/{service}"
    # The provider's id of a service is its ARN.
    return {"id": arn, "arn": arn, "name": service,
            "cluster": cluster_arn if isinstance(cluster_arn, str) and cluster_arn else "default"}


@_builder("aws:ecs/taskSet:TaskSet")
def _ecs_task_set(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    task_set = f"ecs-svc/{int(_hex(seed, 16), 16) % 10**19:019d}"
    service, cluster = _text(inputs, "service"), _text(inputs, "cluster")
    arn = (f"arn:aws:ecs:{_region(m, inputs)}:{m.account}:task-set/{_cluster_name(cluster)}/"
           f"{service.rsplit('/', 1)[-1]}/{task_set}")
    return {"id": f"{task_set},{service},{cluster}", "arn": arn, "taskSetId": task_set,
            "stabilityStatus": "STEADY_STATE", "status": "ACTIVE"}


# --------------------------------------------------------------------- Lightsail


def _lightsail_arn(m: AwsMocks, region: str, kind: str, seed: str) -> str:
    return f"arn:aws:lightsail:{region}:{m.account}:{kind}/{_uuid(seed)}"


_LIGHTSAIL_USERS = (("ubuntu", "ubuntu"), ("debian", "admin"), ("centos", "centos"), ("windows", "Administrator"),
                    ("amazon_linux", "ec2-user"))


@_builder("aws:lightsail/instance:Instance")
def _lightsail_instance(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    instance = m.autoname(seed, name, inputs)
    blueprint = _text(inputs, "blueprintId", "amazon_linux_2023")
    user = next((u for prefix, u in _LIGHTSAIL_USERS if blueprint.startswith(prefix)), "bitnami")
    kind = _text(inputs, "ipAddressType", "dualstack")
    # Lightsail instances sit in a Lightsail-managed VPC, 172.26.0.0/16.
    private = ipaddress.ip_network("172.26.0.0/16").network_address + 4 + int(_hex(seed, 4), 16) % 65000
    ipv6 = f"2600:1f18:{_hex(seed, 4)}:{_hex(seed + '6', 4)}::{_hex(seed + 'h', 4)}"
    return {"id": instance, "name": instance, "arn": _lightsail_arn(m, region, "Instance", seed),
            "availabilityZone": _text(inputs, "availabilityZone", f"{region}a"), "createdAt": CREATED,
            "publicIpAddress": "" if kind == "ipv6" else _public_ip(seed), "privateIpAddress": str(private),
            "ipv6Addresses": [ipv6] if kind in ("dualstack", "ipv6") else [], "isStaticIp": False,
            "username": user, "cpuCount": 2, "ramSize": 1.0}


@_builder("aws:lightsail/database:Database")
def _lightsail_database(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    database = _text(inputs, "relationalDatabaseName", name)
    blueprint = _text(inputs, "blueprintId", "postgres_16")
    mysql = blueprint.startswith("mysql")
    return {"id": database, "arn": _lightsail_arn(m, region, "RelationalDatabase", seed),
            "masterEndpointAddress": f"ls-{_hex(seed, 40)}.{_account_hash(m, region, 'rds')}.{region}"
                                     ".rds.amazonaws.com",
            "masterEndpointPort": 3306 if mysql else 5432, "engine": "mysql" if mysql else "postgres",
            "engineVersion": "8.0.40" if mysql else "16.4", "createdAt": CREATED, "cpuCount": 2, "ramSize": 1.0,
            "diskSize": 40.0, "caCertificateIdentifier": "rds-ca-rsa2048-g1",
            "supportCode": f"{_hex(seed, 12)}/ls-{_hex(seed, 40)}",
            "availabilityZone": _text(inputs, "availabilityZone", f"{region}a")}


@_builder("aws:lightsail/containerService:ContainerService")
def _lightsail_container_service(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    service = _text(inputs, "name", name)
    return {"id": service, "arn": _lightsail_arn(m, region, "ContainerService", seed), "createdAt": CREATED,
            "url": f"https://{service}.{_alnum(seed, 13, string.ascii_letters + string.digits)}.{region}"
                   ".cs.amazonlightsail.com/",
            "privateDomainName": f"{service}.service.local", "powerId": _text(inputs, "power", "nano"),
            "principalArn": f"arn:aws:iam::{_alnum(seed + 'acct', 12, string.digits)}:role/amazon/lightsail/"
                            f"{region}/containers/{service}/{_alnum(seed + 'role', 26, _LOWER)}",
            "resourceType": "ContainerService", "state": "READY", "availabilityZone": "all"}


@_builder("aws:lightsail/containerServiceDeploymentVersion:ContainerServiceDeploymentVersion")
def _lightsail_deployment(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"{_text(inputs, 'serviceName', name)}/1", "version": 1, "state": "ACTIVE", "createdAt": CREATED}


# --------------------------------------------------------------------- subnet groups and namespaces


@_builder("aws:rds/subnetGroup:SubnetGroup", "aws:neptune/subnetGroup:SubnetGroup")
def _db_subnet_group(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    group = m.autoname(seed, name, inputs, limit=255).lower()
    vpc_id = next(((m._subnets.get(s) or {}).get("vpcId") for s in inputs.get("subnetIds") or []
                   if isinstance(s, str) and m._subnets.get(s)), None)
    computed: dict[str, Any] = {"id": group, "name": group,
                                "arn": f"arn:aws:rds:{_region(m, inputs)}:{m.account}:subgrp:{group}"}
    if vpc_id:
        computed["vpcId"] = vpc_id
    return computed


@_builder("aws:redshift/subnetGroup:SubnetGroup")
def _redshift_subnet_group(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    group = m.autoname(seed, name, inputs, limit=255).lower()
    return {"id": group, "name": group, "arn": f"arn:aws:redshift:{_region(m, inputs)}:{m.account}:subnetgroup:{group}"}


@_builder("aws:dms/replicationSubnetGroup:ReplicationSubnetGroup")
def _dms_subnet_group(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    group = _text(inputs, "replicationSubnetGroupId", name).lower()
    vpc_id = next(((m._subnets.get(s) or {}).get("vpcId") for s in inputs.get("subnetIds") or []
                   if isinstance(s, str) and m._subnets.get(s)), None)
    return {"id": group, "replicationSubnetGroupArn": f"arn:aws:dms:{_region(m, inputs)}:{m.account}:subgrp:{group}",
            "vpcId": vpc_id or ""}


@_builder("aws:redshiftserverless/namespace:Namespace")
def _redshift_namespace(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    namespace = _text(inputs, "namespaceName", name)
    namespace_id = _uuid(seed)
    return {"id": namespace, "namespaceId": namespace_id,
            "arn": f"arn:aws:redshift-serverless:{_region(m, inputs)}:{m.account}:namespace/{namespace_id}"}


@_builder("aws:neptune/cluster:Cluster")
def _neptune_cluster(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    identifier = m.autoname(seed, name, inputs, key="clusterIdentifier", limit=63).lower()
    suffix = f"{_account_hash(m, region, 'rds')}.{region}.neptune.amazonaws.com"
    return {"id": identifier, "clusterIdentifier": identifier,
            "arn": f"arn:aws:rds:{region}:{m.account}:cluster:{identifier}",
            "endpoint": f"{identifier}.cluster-{suffix}", "readerEndpoint": f"{identifier}.cluster-ro-{suffix}",
            "clusterResourceId": f"cluster-{_alnum(seed, 26, _UPPER)}", "port": _port(inputs, 8182),
            "hostedZoneId": RDS_ZONE_IDS.get(region, "Z2R2ITUGPM61AM"), "clusterMembers": []}


# --------------------------------------------------------------------- App Runner, Timestream for InfluxDB, Studio


@_builder("aws:apprunner/service:Service")
def _apprunner_service(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    service = _text(inputs, "serviceName", name)
    service_id = _hex(seed, 32)
    arn = f"arn:aws:apprunner:{region}:{m.account}:service/{service}/{service_id}"
    return {"id": arn, "arn": arn, "serviceId": service_id, "status": "RUNNING",
            "serviceUrl": f"{_alnum(seed, 10, _LOWER)}.{region}.awsapprunner.com"}


@_builder("aws:apprunner/vpcIngressConnection:VpcIngressConnection")
def _apprunner_ingress(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    arn = f"arn:aws:apprunner:{region}:{m.account}:vpcingressconnection/{_text(inputs, 'name', name)}/{_hex(seed, 32)}"
    return {"id": arn, "arn": arn, "status": "AVAILABLE",
            "domainName": f"{_alnum(seed, 10, _LOWER)}.{_alnum(seed + 'vpc', 10, _LOWER)}.{region}.awsapprunner.com"}


def _influx(m: AwsMocks, seed: str, name: str, inputs: dict, kind: str) -> dict:
    region = _region(m, inputs)
    resource_id = _alnum(seed, 10, _LOWER)
    host = f"{resource_id}-{_alnum(seed + 'host', 10, _LOWER)}.timestream-influxdb.{region}.on.aws"
    return {"id": resource_id, "arn": f"arn:aws:timestream-influxdb:{region}:{m.account}:{kind}/{resource_id}",
            "endpoint": host, "port": _port(inputs, 8086),
            "influxAuthParametersSecretArn": f"arn:aws:secretsmanager:{region}:{m.account}:secret:READONLY-InfluxDB-"
                                             f"auth-parameters-{resource_id}-{_alnum(seed, 6, string.ascii_letters)}"}


@_builder("aws:timestreaminfluxdb/dbInstance:DbInstance")
def _influx_instance(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    found = _influx(m, seed, name, inputs, "db-instance")
    found["availabilityZone"] = f"{_region(m, inputs)}a"
    return found


@_builder("aws:timestreaminfluxdb/dbCluster:DbCluster")
def _influx_cluster(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    found = _influx(m, seed, name, inputs, "db-cluster")
    found["readerEndpoint"] = f"ro-{found['endpoint']}"
    return found


@_builder("aws:sagemaker/domain:Domain")
def _sagemaker_domain(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    domain_id = f"d-{_alnum(seed, 12, _LOWER)}"
    return {"id": domain_id, "arn": f"arn:aws:sagemaker:{region}:{m.account}:domain/{domain_id}",
            "url": f"https://{domain_id}.studio.{region}.sagemaker.aws", "homeEfsFileSystemId": f"fs-{_hex(seed, 17)}",
            "securityGroupIdForDomainBoundary": f"sg-{_hex(seed + 'boundary', 17)}", "singleSignOnApplicationArn": ""}
