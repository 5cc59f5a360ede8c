"""Ingestion pipeline: every data service on private subnets and explicitly not publicly accessible."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws


@dataclass(frozen=True)
class Tier:
    name: str
    octet: int


vpc = aws.ec2.Vpc("pipeline", cidr_block="10.11.0.0/16")
aws.ec2.FlowLog("pipeline", vpc_id=vpc.id, traffic_type="ALL", log_destination_type="s3",
                log_destination="arn:aws:s3:::org-flow-logs-123456789012/pipeline/")
zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
tiers = [Tier("streaming", 10), Tier("storage", 20)]
subnets = {tier.name: [aws.ec2.Subnet(f"{tier.name}-{zone[-1]}", vpc_id=vpc.id,
                                      cidr_block=f"10.11.{tier.octet + i}.0/24", availability_zone=zone)
                       for i, zone in enumerate(zones)] for tier in tiers}
# Kafka over IAM, AMQPS, Redshift and Neptune, from inside the VPC only.
internal = aws.ec2.SecurityGroup("pipeline-internal", vpc_id=vpc.id, description="pipeline services",
                                 ingress=[{"protocol": "tcp", "from_port": port, "to_port": port,
                                           "cidr_blocks": ["10.11.0.0/16"]} for port in (9098, 5671, 5439, 8182)])
streaming = [s.id for s in subnets["streaming"]]
storage = [s.id for s in subnets["storage"]]

events = aws.msk.Cluster("events", cluster_name="pipeline-events", kafka_version="3.6.0", number_of_broker_nodes=3,
                         broker_node_group_info={"instance_type": "kafka.m7g.large", "client_subnets": streaming,
                                                 "security_groups": [internal.id],
                                                 "connectivity_info": {"public_access": {"type": "DISABLED"}}},
                         client_authentication={"sasl": {"iam": True}},
                         encryption_info={"encryption_in_transit": {"client_broker": "TLS", "in_cluster": True}})
broker = aws.mq.Broker("commands", broker_name="pipeline-commands", engine_type="RabbitMQ", engine_version="3.13",
                       host_instance_type="mq.m7g.medium", deployment_mode="SINGLE_INSTANCE",
                       subnet_ids=[streaming[0]], security_groups=[internal.id], publicly_accessible=False,
                       auto_minor_version_upgrade=True,
                       users=[{"username": "pipeline", "password": pulumi.Config().get_secret("mqPassword")
                               or "not-a-real-password-123"}])
replication_group = aws.dms.ReplicationSubnetGroup("cdc", replication_subnet_group_id="pipeline-cdc",
                                                   replication_subnet_group_description="CDC", subnet_ids=storage)
aws.dms.ReplicationInstance("cdc", replication_instance_id="pipeline-cdc", replication_instance_class="dms.t3.medium",
                            replication_subnet_group_id=replication_group.id, vpc_security_group_ids=[internal.id],
                            publicly_accessible=False)
warehouse_group = aws.redshift.SubnetGroup("warehouse", subnet_ids=storage)
aws.redshift.Cluster("warehouse", cluster_identifier="pipeline-warehouse", node_type="ra3.large",
                     cluster_type="single-node", database_name="events", master_username="pipeline",
                     manage_master_password=True, cluster_subnet_group_name=warehouse_group.name,
                     vpc_security_group_ids=[internal.id], encrypted=True)
graph_group = aws.neptune.SubnetGroup("lineage", subnet_ids=storage)
lineage = aws.neptune.Cluster("lineage", engine="neptune", neptune_subnet_group_name=graph_group.name,
                              vpc_security_group_ids=[internal.id], storage_encrypted=True,
                              iam_database_authentication_enabled=True, skip_final_snapshot=True)
aws.neptune.ClusterInstance("lineage-1", cluster_identifier=lineage.id, instance_class="db.r6g.large",
                            publicly_accessible=False)

pulumi.export("bootstrap", events.bootstrap_brokers_sasl_iam)
pulumi.export("broker", broker.instances)
