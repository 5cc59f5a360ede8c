"""A database whose password comes from pulumi_random, in the default VPC's subnets."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])
password = random.RandomPassword("db-password", length=20, special=False)
suffix = random.RandomPet("suffix", length=2)
group = aws.rds.SubnetGroup("db-subnets", subnet_ids=subnets.ids)
db = aws.rds.Instance("db", engine="mysql", instance_class="db.t3.micro", allocated_storage=20,
                      db_subnet_group_name=group.name, username="admin", password=password.result,
                      storage_encrypted=True, skip_final_snapshot=True,
                      identifier=suffix.id.apply(lambda pet: f"orders-{pet}"))

pulumi.export("password_length", password.result.apply(len))
pulumi.export("identifier", db.identifier)
pulumi.export("endpoint", db.endpoint)
