"""Marketing site the agency set up on Lightsail."""

import pulumi
import pulumi_aws as aws

cms = aws.lightsail.Instance("cms", availability_zone="eu-west-1a", blueprint_id="wordpress", bundle_id="small_3_0")
aws.lightsail.InstancePublicPorts("cms", instance_name=cms.name, port_infos=[
    {"protocol": "tcp", "from_port": 443, "to_port": 443}])
database = aws.lightsail.Database("cms-db", relational_database_name="cms", availability_zone="eu-west-1a",
                                  blueprint_id="mysql_8_0", bundle_id="micro_2_0", master_database_name="wordpress",
                                  master_username="wp", master_password="change-me-in-the-console",
                                  publicly_accessible=True, skip_final_snapshot=True)
api = aws.lightsail.ContainerService("forms", name="forms", power="nano", scale=1)
aws.lightsail.ContainerServiceDeploymentVersion(
    "forms",
    service_name=api.name,
    containers=[{"container_name": "forms", "image": "public.ecr.aws/docker/library/node:22-alpine",
                 "ports": {"8080": "HTTP"}}],
    public_endpoint={"container_name": "forms", "container_port": 8080,
                     "health_check": {"path": "/healthz", "success_codes": "200-299"}},
)
pulumi.export("site", cms.public_ip_address)
pulumi.export("forms", api.url)
