"""Three small services on Fargate in the shared VPC; public IPs "so the tasks can pull images without a NAT"."""

import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
subnet_ids = config.require_object("subnetIds")
security_group = config.require("securityGroupId")

SERVICES = {
    "catalog": {"image": "public.ecr.aws/nginx/nginx:1.27", "port": 80, "count": 2},
    "checkout": {"image": "public.ecr.aws/docker/library/httpd:2.4", "port": 8080, "count": 2},
    "emails": {"image": "public.ecr.aws/docker/library/busybox:1.36", "port": 2525, "count": 1},
}

cluster = aws.ecs.Cluster("shop", settings=[{"name": "containerInsights", "value": "enabled"}])
execution_role = aws.iam.Role("shop-task-execution", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                   "Action": "sts:AssumeRole"}],
}))
aws.iam.RolePolicyAttachment("shop-task-execution", role=execution_role.name,
                             policy_arn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")

for name, spec in SERVICES.items():
    task = aws.ecs.TaskDefinition(
        name,
        family=f"shop-{name}",
        cpu="256",
        memory="512",
        network_mode="awsvpc",
        requires_compatibilities=["FARGATE"],
        execution_role_arn=execution_role.arn,
        container_definitions=json.dumps([{
            "name": name, "image": spec["image"], "essential": True,
            "portMappings": [{"containerPort": spec["port"], "protocol": "tcp"}],
        }]),
    )
    aws.ecs.Service(
        name,
        cluster=cluster.arn,
        task_definition=task.arn,
        desired_count=spec["count"],
        launch_type="FARGATE",
        network_configuration={"subnets": subnet_ids, "security_groups": [security_group],
                               "assign_public_ip": True},
    )

pulumi.export("cluster", cluster.name)
