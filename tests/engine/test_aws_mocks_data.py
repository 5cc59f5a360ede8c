"""The database, analytics and compute mocks answer in AWS's formats, deterministically."""

import base64
import ipaddress
import re

import pulumi
import pulumi_aws as aws

from private_apis.testing import UNKNOWN, run_program

REGION = "eu-west-1"
ACCOUNT = "123456789012"
DOC_RANGE = ipaddress.ip_network("198.51.100.0/24")


def network():
    vpc = aws.ec2.Vpc("vpc", cidr_block="10.20.0.0/16")
    return vpc, [aws.ec2.Subnet(f"s{i}", vpc_id=vpc.id, cidr_block=f"10.20.{i}.0/24",
                                availability_zone=f"{REGION}{zone}") for i, zone in ((1, "a"), (2, "b"), (3, "c"))]


def program():
    vpc, subnets = network()
    ids = [s.id for s in subnets]
    db = aws.rds.Instance("db", engine="postgres", instance_class="db.t4g.micro", allocated_storage=20,
                          username="app", manage_master_user_password=True)
    mysql = aws.rds.Instance("mysql", identifier="orders", engine="mysql", instance_class="db.t4g.micro",
                             allocated_storage=20)
    aurora = aws.rds.Cluster("aurora", engine="aurora-postgresql", master_username="app",
                             manage_master_user_password=True)
    member = aws.rds.ClusterInstance("member", cluster_identifier=aurora.id, engine="aurora-postgresql",
                                     instance_class="db.r6g.large")
    graph = aws.neptune.ClusterInstance("graph", cluster_identifier="graph-cluster", instance_class="db.r6g.large")
    warehouse = aws.redshift.Cluster("warehouse", cluster_identifier="analytics", node_type="ra3.xlplus",
                                     publicly_accessible=True)
    workgroup = aws.redshiftserverless.Workgroup("wg", namespace_name="ns", workgroup_name="reports", subnet_ids=ids)
    public_search = aws.opensearch.Domain("logs", domain_name="logs")
    vpc_search = aws.opensearch.Domain("vpc-search", domain_name="private-logs",
                                       vpc_options={"subnet_ids": ids[:2], "security_group_ids": ["sg-1"]})
    legacy = aws.elasticsearch.Domain("legacy", domain_name="legacy")
    policy = aws.opensearch.DomainPolicy("logs-policy", domain_name=public_search.domain_name, access_policies="{}")
    dms = aws.dms.ReplicationInstance("dms", replication_instance_id="migrate",
                                      replication_instance_class="dms.t3.micro")
    private_dms = aws.dms.ReplicationInstance("private-dms", replication_instance_id="migrate-private",
                                              replication_instance_class="dms.t3.micro", publicly_accessible=False)
    kafka = aws.msk.Cluster("kafka", cluster_name="events", kafka_version="3.6.0", number_of_broker_nodes=3,
                            broker_node_group_info={"client_subnets": ids, "instance_type": "kafka.m7g.large",
                                                    "security_groups": ["sg-1"], "connectivity_info": {
                                                        "public_access": {"type": "SERVICE_PROVIDED_EIPS"}}},
                            client_authentication={"sasl": {"iam": True}})
    broker = aws.mq.Broker("broker", broker_name="orders", engine_type="ActiveMQ", engine_version="5.18",
                           host_instance_type="mq.t3.micro", subnet_ids=[ids[0]],
                           users=[{"username": "app", "password": "correct-horse-battery"}])
    notebook = aws.sagemaker.NotebookInstance("nb", name="research", role_arn=f"arn:aws:iam::{ACCOUNT}:role/sm",
                                              instance_type="ml.t3.medium")
    eks = aws.eks.Cluster("eks", role_arn=f"arn:aws:iam::{ACCOUNT}:role/eks", vpc_config={"subnet_ids": ids})
    cluster = aws.ecs.Cluster("ecs")
    task = aws.ecs.TaskDefinition("task", family="web", container_definitions="[]")
    service = aws.ecs.Service("svc", name="web", cluster=cluster.arn, task_definition=task.arn,
                              network_configuration={"subnets": ids, "assign_public_ip": False})
    task_set = aws.ecs.TaskSet("set", service=service.name, cluster=cluster.name, task_definition=task.arn)
    box = aws.lightsail.Instance("box", name="box", availability_zone=f"{REGION}a", blueprint_id="ubuntu_24_04",
                                 bundle_id="nano_3_0")
    ls_db = aws.lightsail.Database("ls-db", relational_database_name="shop", blueprint_id="mysql_8_0",
                                   bundle_id="micro_2_0", master_database_name="shop", master_username="app",
                                   master_password="correct-horse-battery")
    containers = aws.lightsail.ContainerService("containers", name="site", power="nano", scale=1)
    deployment = aws.lightsail.ContainerServiceDeploymentVersion(
        "deployment", service_name=containers.name, containers=[{"container_name": "web", "image": "nginx"}])
    for key, value in {
        "vpc": vpc.id, "db_id": db.id, "db_resource": db.resource_id, "db_identifier": db.identifier,
        "db_address": db.address, "db_endpoint": db.endpoint, "db_arn": db.arn, "db_zone": db.hosted_zone_id,
        "db_secret": db.master_user_secrets, "mysql_endpoint": mysql.endpoint, "aurora_endpoint": aurora.endpoint,
        "aurora_reader": aurora.reader_endpoint, "aurora_arn": aurora.arn,
        "aurora_resource": aurora.cluster_resource_id,
        "member_endpoint": member.endpoint, "member_arn": member.arn, "member_dbi": member.dbi_resource_id,
        "graph_endpoint": graph.endpoint, "warehouse_endpoint": warehouse.endpoint, "warehouse_arn": warehouse.arn,
        "warehouse_nodes": warehouse.cluster_nodes, "wg_arn": workgroup.arn, "wg_endpoints": workgroup.endpoints,
        "search_endpoint": public_search.endpoint, "search_arn": public_search.arn, "search_id": public_search.id,
        "search_domain_id": public_search.domain_id, "search_dashboards": public_search.dashboard_endpoint,
        "vpc_search_endpoint": vpc_search.endpoint, "vpc_search_options": vpc_search.vpc_options,
        "legacy_kibana": legacy.kibana_endpoint, "policy_id": policy.id, "dms_arn": dms.replication_instance_arn,
        "dms_public": dms.replication_instance_public_ips, "dms_private": dms.replication_instance_private_ips,
        "dms_flag": dms.publicly_accessible, "private_dms_public": private_dms.replication_instance_public_ips,
        "kafka_arn": kafka.arn, "kafka_iam": kafka.bootstrap_brokers_sasl_iam,
        "kafka_public_iam": kafka.bootstrap_brokers_public_sasl_iam, "kafka_plain": kafka.bootstrap_brokers,
        "kafka_tls": kafka.bootstrap_brokers_tls, "broker_id": broker.id, "broker_arn": broker.arn,
        "broker_instances": broker.instances, "nb_arn": notebook.arn, "nb_url": notebook.url,
        "eks_endpoint": eks.endpoint, "eks_arn": eks.arn, "eks_ca": eks.certificate_authority,
        "eks_vpc": eks.vpc_config, "eks_oidc": eks.identities, "cluster_arn": cluster.arn, "task_arn": task.arn,
        "service_id": service.id, "set_arn": task_set.arn, "set_id": task_set.task_set_id, "box_arn": box.arn,
        "box_public": box.public_ip_address, "box_private": box.private_ip_address, "box_user": box.username,
        "ls_db_address": ls_db.master_endpoint_address, "ls_db_port": ls_db.master_endpoint_port,
        "containers_url": containers.url, "containers_private": containers.private_domain_name,
        "deployment_id": deployment.id,
    }.items():
        pulumi.export(key, value)


def outputs():
    return run_program(program).outputs


def test_rds_and_neptune_have_aws_formats():
    out = outputs()
    assert re.fullmatch(r"db-[A-Z0-9]{26}", out["db_id"]) and out["db_resource"] == out["db_id"]
    assert re.fullmatch(r"db-[0-9a-f]{7}", out["db_identifier"])
    assert re.fullmatch(rf"{out['db_identifier']}\.[a-z0-9]{{12}}\.{REGION}\.rds\.amazonaws\.com", out["db_address"])
    assert out["db_endpoint"] == f"{out['db_address']}:5432"
    assert out["db_arn"] == f"arn:aws:rds:{REGION}:{ACCOUNT}:db:{out['db_identifier']}"
    assert out["db_zone"] == "Z29XKXDKYMONMX"
    assert re.fullmatch(rf"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:rds!db-[0-9a-f-]{{36}}-[A-Za-z]{{6}}",
                        out["db_secret"][0]["secretArn"])
    assert re.fullmatch(rf"orders\.[a-z0-9]{{12}}\.{REGION}\.rds\.amazonaws\.com:3306", out["mysql_endpoint"])
    # One id per account and region in every endpoint, as RDS does.
    assert out["mysql_endpoint"].split(".")[1] == out["db_address"].split(".")[1]
    assert re.fullmatch(rf"aurora-[0-9a-f]{{7}}\.cluster-[a-z0-9]{{12}}\.{REGION}\.rds\.amazonaws\.com",
                        out["aurora_endpoint"])
    assert out["aurora_reader"] == out["aurora_endpoint"].replace(".cluster-", ".cluster-ro-")
    assert re.fullmatch(rf"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:aurora-[0-9a-f]{{7}}", out["aurora_arn"])
    assert re.fullmatch(r"cluster-[A-Z0-9]{26}", out["aurora_resource"])
    assert re.fullmatch(rf"arn:aws:rds:{REGION}:{ACCOUNT}:db:member-[0-9a-f]{{7}}", out["member_arn"])
    assert re.fullmatch(r"db-[A-Z0-9]{26}", out["member_dbi"])
    assert re.fullmatch(rf"graph-[0-9a-f]{{7}}\.[a-z0-9]{{12}}\.{REGION}\.neptune\.amazonaws\.com:8182",
                        out["graph_endpoint"])


def test_warehouses_have_aws_formats():
    out = outputs()
    assert re.fullmatch(rf"analytics\.[a-z0-9]{{12}}\.{REGION}\.redshift\.amazonaws\.com:5439",
                        out["warehouse_endpoint"])
    assert out["warehouse_arn"] == f"arn:aws:redshift:{REGION}:{ACCOUNT}:cluster:analytics"
    assert ipaddress.ip_address(out["warehouse_nodes"][0]["publicIpAddress"]) in DOC_RANGE
    assert re.fullmatch(rf"arn:aws:redshift-serverless:{REGION}:{ACCOUNT}:workgroup/[0-9a-f-]{{36}}", out["wg_arn"])
    endpoint = out["wg_endpoints"][0]
    assert endpoint["address"] == f"reports.{ACCOUNT}.{REGION}.redshift-serverless.amazonaws.com"
    assert endpoint["port"] == 5439
    interfaces = endpoint["vpcEndpoints"][0]["networkInterfaces"]
    assert [i["privateIpAddress"].rsplit(".", 1)[0] for i in interfaces] == ["10.20.1", "10.20.2", "10.20.3"]
    assert endpoint["vpcEndpoints"][0]["vpcId"] == out["vpc"]


def test_search_domains_have_aws_formats():
    out = outputs()
    assert re.fullmatch(rf"search-logs-[a-z0-9]{{26}}\.{REGION}\.es\.amazonaws\.com", out["search_endpoint"])
    assert out["search_arn"] == out["search_id"] == f"arn:aws:es:{REGION}:{ACCOUNT}:domain/logs"
    assert out["search_domain_id"] == f"{ACCOUNT}/logs"
    assert out["search_dashboards"] == f"{out['search_endpoint']}/_dashboards"
    assert re.fullmatch(rf"vpc-private-logs-[a-z0-9]{{26}}\.{REGION}\.es\.amazonaws\.com", out["vpc_search_endpoint"])
    assert out["vpc_search_options"]["vpcId"] == out["vpc"]
    assert out["vpc_search_options"]["availabilityZones"] == [f"{REGION}a", f"{REGION}b"]
    assert out["legacy_kibana"].startswith("search-legacy-") and out["legacy_kibana"].endswith("/_plugin/kibana/")
    assert out["policy_id"] == "esd-policy-logs"


def test_migration_streaming_and_messaging_have_aws_formats():
    out = outputs()
    assert re.fullmatch(rf"arn:aws:dms:{REGION}:{ACCOUNT}:rep:[A-Z0-9]{{26}}", out["dms_arn"])
    # AWS DMS's default is a public instance.
    assert out["dms_flag"] is True and ipaddress.ip_address(out["dms_public"][0]) in DOC_RANGE
    assert out["private_dms_public"] == [] and ipaddress.ip_address(out["dms_private"][0]).is_private
    assert re.fullmatch(rf"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/events/[0-9a-f-]{{36}}-2", out["kafka_arn"])
    iam = out["kafka_iam"].split(",")
    assert len(iam) == 3 and all(re.fullmatch(rf"b-\d\.events\.[a-z0-9]{{6}}\.c2\.kafka\.{REGION}\.amazonaws\.com:9098",
                                              b) for b in iam)
    assert all(b.startswith(f"b-{i}-public.events.") and b.endswith(":9198")
               for i, b in enumerate(out["kafka_public_iam"].split(","), 1))
    assert out["kafka_plain"] == "" and out["kafka_tls"].endswith(":9094")
    assert re.fullmatch(r"b-[0-9a-f-]{36}", out["broker_id"])
    assert out["broker_arn"] == f"arn:aws:mq:{REGION}:{ACCOUNT}:broker:orders:{out['broker_id']}"
    instance = out["broker_instances"][0]
    assert instance["consoleUrl"] == f"https://{out['broker_id']}-1.mq.{REGION}.amazonaws.com:8162"
    assert f"ssl://{out['broker_id']}-1.mq.{REGION}.amazonaws.com:61617" in instance["endpoints"]
    assert instance["ipAddress"].startswith("10.20.1.")


def test_compute_has_aws_formats():
    out = outputs()
    assert out["nb_arn"] == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:notebook-instance/research"
    assert out["nb_url"] == f"research.notebook.{REGION}.sagemaker.aws"
    assert re.fullmatch(rf"https://[0-9A-F]{{32}}\.gr7\.{REGION}\.eks\.amazonaws\.com", out["eks_endpoint"])
    assert re.fullmatch(rf"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/eks-[0-9a-f]{{7}}", out["eks_arn"])
    assert base64.b64decode(out["eks_ca"]["data"]).startswith(b"-----BEGIN CERTIFICATE-----\n")
    assert re.fullmatch(r"sg-[0-9a-f]{17}", out["eks_vpc"]["clusterSecurityGroupId"])
    assert out["eks_vpc"]["vpcId"] == out["vpc"]
    # EKS's defaults: a public endpoint open to the world.
    assert out["eks_vpc"]["endpointPublicAccess"] is True and out["eks_vpc"]["publicAccessCidrs"] == ["0.0.0.0/0"]
    assert re.fullmatch(rf"https://oidc\.eks\.{REGION}\.amazonaws\.com/id/[0-9A-F]{{32}}",
                        out["eks_oidc"][0]["oidcs"][0]["issuer"])
    assert re.fullmatch(rf"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/ecs-[0-9a-f]{{7}}", out["cluster_arn"])
    assert out["task_arn"] == f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:1"
    assert out["service_id"] == f"{out['cluster_arn'].replace(':cluster/', ':service/')}/web"
    assert re.fullmatch(r"ecs-svc/\d{19}", out["set_id"])
    assert out["set_arn"] == (f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-set/{out['cluster_arn'].rsplit('/', 1)[1]}/web/"
                              f"{out['set_id']}")


def test_lightsail_has_aws_formats():
    out = outputs()
    assert re.fullmatch(rf"arn:aws:lightsail:{REGION}:{ACCOUNT}:Instance/[0-9a-f-]{{36}}", out["box_arn"])
    assert ipaddress.ip_address(out["box_public"]) in DOC_RANGE
    assert ipaddress.ip_address(out["box_private"]) in ipaddress.ip_network("172.26.0.0/16")
    assert out["box_user"] == "ubuntu"
    assert re.fullmatch(rf"ls-[0-9a-f]{{40}}\.[a-z0-9]{{12}}\.{REGION}\.rds\.amazonaws\.com", out["ls_db_address"])
    assert out["ls_db_port"] == 3306
    assert re.fullmatch(rf"https://site\.[A-Za-z0-9]{{13}}\.{REGION}\.cs\.amazonlightsail\.com/", out["containers_url"])
    assert out["containers_private"] == "site.service.local"
    assert out["deployment_id"] == "site/1"


def test_values_are_deterministic_and_unknown_in_a_first_preview():
    assert outputs() == outputs()
    first = run_program(program, first_preview=True).outputs
    assert first["db_endpoint"] == UNKNOWN and first["search_endpoint"] == UNKNOWN and first["eks_ca"] == UNKNOWN


def groups_program():
    _, subnets = network()
    ids = [s.id for s in subnets]
    db_group = aws.rds.SubnetGroup("db", subnet_ids=ids)
    graph_group = aws.neptune.SubnetGroup("graph", subnet_ids=ids)
    warehouse_group = aws.redshift.SubnetGroup("warehouse", subnet_ids=ids)
    dms_group = aws.dms.ReplicationSubnetGroup("dms", replication_subnet_group_id="Migration",
                                               replication_subnet_group_description="d", subnet_ids=ids)
    namespace = aws.redshiftserverless.Namespace("ns", namespace_name="finance")
    graph = aws.neptune.Cluster("lineage", engine="neptune")
    for key, value in {"db_group": db_group.name, "db_group_arn": db_group.arn, "graph_group_arn": graph_group.arn,
                       "warehouse_group_arn": warehouse_group.arn, "dms_group": dms_group.id,
                       "dms_group_arn": dms_group.replication_subnet_group_arn, "dms_group_vpc": dms_group.vpc_id,
                       "namespace_arn": namespace.arn, "namespace_id": namespace.namespace_id,
                       "graph_endpoint": graph.endpoint, "graph_arn": graph.arn}.items():
        pulumi.export(key, value)


def test_subnet_groups_namespaces_and_neptune_clusters_have_aws_formats():
    out = run_program(groups_program).outputs
    assert re.fullmatch(r"db-[0-9a-f]{7}", out["db_group"])
    assert out["db_group_arn"] == f"arn:aws:rds:{REGION}:{ACCOUNT}:subgrp:{out['db_group']}"
    assert re.fullmatch(rf"arn:aws:rds:{REGION}:{ACCOUNT}:subgrp:graph-[0-9a-f]{{7}}", out["graph_group_arn"])
    assert re.fullmatch(rf"arn:aws:redshift:{REGION}:{ACCOUNT}:subnetgroup:warehouse-[0-9a-f]{{7}}",
                        out["warehouse_group_arn"])
    # DMS stores the identifier in lower case.
    assert out["dms_group"] == "migration"
    assert out["dms_group_arn"] == f"arn:aws:dms:{REGION}:{ACCOUNT}:subgrp:migration"
    assert re.fullmatch(r"vpc-[0-9a-f]{17}", out["dms_group_vpc"])
    assert out["namespace_arn"] == f"arn:aws:redshift-serverless:{REGION}:{ACCOUNT}:namespace/{out['namespace_id']}"
    assert re.fullmatch(rf"lineage-[0-9a-f]{{7}}\.cluster-[a-z0-9]{{12}}\.{REGION}\.neptune\.amazonaws\.com",
                        out["graph_endpoint"])
    assert re.fullmatch(rf"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:lineage-[0-9a-f]{{7}}", out["graph_arn"])


def serverless_program():
    app = aws.apprunner.Service("web", service_name="web", source_configuration={"image_repository": {
        "image_identifier": "public.ecr.aws/nginx/nginx:1.27", "image_repository_type": "ECR_PUBLIC"}})
    ingress = aws.apprunner.VpcIngressConnection("web", name="web", service_arn=app.arn, ingress_vpc_configuration={
        "vpc_id": "vpc-1", "vpc_endpoint_id": "vpce-1"})
    influx = aws.timestreaminfluxdb.DbInstance("metrics", name="metrics", allocated_storage=20,
                                               db_instance_type="db.influx.medium", vpc_subnet_ids=["subnet-1"],
                                               vpc_security_group_ids=["sg-1"], username="admin",
                                               password="correct-horse-battery", organization="o", bucket="b")
    studio = aws.sagemaker.Domain("studio", domain_name="studio", auth_mode="IAM", vpc_id="vpc-1",
                                  subnet_ids=["subnet-1"], default_user_settings={
                                      "execution_role": f"arn:aws:iam::{ACCOUNT}:role/sm"})
    for key, value in {"app_arn": app.arn, "app_url": app.service_url, "ingress_arn": ingress.arn,
                       "influx_arn": influx.arn, "influx_endpoint": influx.endpoint, "influx_port": influx.port,
                       "studio_id": studio.id, "studio_arn": studio.arn, "studio_url": studio.url}.items():
        pulumi.export(key, value)


def test_serverless_and_studio_have_aws_formats():
    out = run_program(serverless_program).outputs
    assert re.fullmatch(rf"arn:aws:apprunner:{REGION}:{ACCOUNT}:service/web/[0-9a-f]{{32}}", out["app_arn"])
    assert re.fullmatch(rf"[a-z0-9]{{10}}\.{REGION}\.awsapprunner\.com", out["app_url"])
    assert re.fullmatch(rf"arn:aws:apprunner:{REGION}:{ACCOUNT}:vpcingressconnection/web/[0-9a-f]{{32}}",
                        out["ingress_arn"])
    assert re.fullmatch(rf"arn:aws:timestream-influxdb:{REGION}:{ACCOUNT}:db-instance/[a-z0-9]{{10}}",
                        out["influx_arn"])
    assert out["influx_endpoint"].endswith(f".timestream-influxdb.{REGION}.on.aws") and out["influx_port"] == 8086
    assert re.fullmatch(r"d-[a-z0-9]{12}", out["studio_id"])
    assert out["studio_arn"] == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:domain/{out['studio_id']}"
    assert out["studio_url"] == f"https://{out['studio_id']}.studio.{REGION}.sagemaker.aws"
