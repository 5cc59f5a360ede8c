"""Product search: VPC-only domain, access policy for the indexer role, attached as a separate DomainPolicy."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("search", cidr_block="10.70.0.0/16")
aws.ec2.FlowLog("search", vpc_id=vpc.id, traffic_type="REJECT", log_destination_type="s3",
                log_destination="arn:aws:s3:::central-flow-logs-123456789012")
subnets = [aws.ec2.Subnet(f"search-{z}", vpc_id=vpc.id, cidr_block=f"10.70.{n}.0/24", availability_zone=f"eu-west-1{z}")
           for n, z in ((1, "a"), (2, "b"))]
clients = aws.ec2.SecurityGroup("search-clients", vpc_id=vpc.id, description="services that query product search")
domain_sg = aws.ec2.SecurityGroup("search-domain", vpc_id=vpc.id, description="product search HTTPS", ingress=[{
    "protocol": "tcp", "from_port": 443, "to_port": 443, "security_groups": [clients.id]}])

indexer = aws.iam.Role("search-indexer", assume_role_policy=pulumi.Output.json_dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}))

domain = aws.opensearch.Domain(
    "products",
    domain_name="products",
    engine_version="OpenSearch_2.17",
    cluster_config={"instance_type": "m7g.large.search", "instance_count": 2, "zone_awareness_enabled": True},
    ebs_options={"ebs_enabled": True, "volume_size": 50},
    vpc_options={"subnet_ids": [s.id for s in subnets], "security_group_ids": [domain_sg.id]},
    encrypt_at_rest={"enabled": True},
    node_to_node_encryption={"enabled": True},
    domain_endpoint_options={"enforce_https": True, "tls_security_policy": "Policy-Min-TLS-1-2-PFS-2023-10"},
)
aws.opensearch.DomainPolicy(
    "products",
    domain_name=domain.domain_name,
    access_policies=pulumi.Output.json_dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": [indexer.arn]},
            "Action": ["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"],
            "Resource": domain.arn.apply(lambda arn: f"{arn}/*"),
        }],
    }),
)
pulumi.export("endpoint", domain.endpoint)
