"""HR directory for internal tools: a PRIVATE AppSync API (reachable only through the appsync-api VPC endpoint),
with IAM as its authentication and an API key kept for the legacy batch job."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
cidr = config.get("vpcCidr") or "10.60.0.0/16"
region = aws.get_region().region

vpc = aws.ec2.Vpc("hr-vpc", aws.ec2.VpcArgs(cidr_block=cidr, enable_dns_hostnames=True, enable_dns_support=True))
subnet = aws.ec2.Subnet("hr-private-a", aws.ec2.SubnetArgs(vpc_id=vpc.id, cidr_block="10.60.1.0/24",
                                                           availability_zone=f"{region}a"))
sg = aws.ec2.SecurityGroup("hr-appsync-endpoint-sg", aws.ec2.SecurityGroupArgs(
    vpc_id=vpc.id,
    description="HTTPS to AppSync from inside the VPC",
    ingress=[aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=443, to_port=443, cidr_blocks=[cidr])],
))
aws.ec2.VpcEndpoint("hr-appsync-api", aws.ec2.VpcEndpointArgs(
    vpc_id=vpc.id,
    service_name=f"com.amazonaws.{region}.appsync-api",
    vpc_endpoint_type="Interface",
    private_dns_enabled=True,
    subnet_ids=[subnet.id],
    security_group_ids=[sg.id],
))

directory = aws.appsync.GraphQLApi("hr-directory", aws.appsync.GraphQLApiArgs(
    name="hr-directory",
    visibility="PRIVATE",
    authentication_type="AWS_IAM",
    additional_authentication_providers=[
        aws.appsync.GraphQLApiAdditionalAuthenticationProviderArgs(authentication_type="API_KEY")],
    schema="type Person { id: ID! name: String }\ntype Query { person(id: ID!): Person }\nschema { query: Query }\n",
))
aws.appsync.ApiKey("hr-batch-key", aws.appsync.ApiKeyArgs(api_id=directory.id, description="nightly export"))

pulumi.export("graphql", directory.uris.apply(lambda uris: uris["GRAPHQL"]))
