"""Resource type tokens (pulumi-aws 7), named once so a typo cannot silently disable a rule."""

REST_API = "aws:apigateway/restApi:RestApi"
REST_API_POLICY = "aws:apigateway/restApiPolicy:RestApiPolicy"
METHOD = "aws:apigateway/method:Method"
INTEGRATION = "aws:apigateway/integration:Integration"
STAGE = "aws:apigateway/stage:Stage"
METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings"
DOMAIN_NAME = "aws:apigateway/domainName:DomainName"
VPC_LINK = "aws:apigateway/vpcLink:VpcLink"
USAGE_PLAN = "aws:apigateway/usagePlan:UsagePlan"
API_KEY = "aws:apigateway/apiKey:ApiKey"

SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
SECURITY_GROUP_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
SECURITY_GROUP_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
INSTANCE = "aws:ec2/instance:Instance"
SUBNET = "aws:ec2/subnet:Subnet"
VPC = "aws:ec2/vpc:Vpc"
VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"

LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer"
LISTENER = "aws:lb/listener:Listener"

LAMBDA_FUNCTION = "aws:lambda/function:Function"
LAMBDA_PERMISSION = "aws:lambda/permission:Permission"
LAMBDA_FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl"

IAM_POLICY = "aws:iam/policy:Policy"
IAM_ROLE = "aws:iam/role:Role"
IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
IAM_USER_POLICY = "aws:iam/userPolicy:UserPolicy"
IAM_GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy"
IAM_ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
IAM_USER_POLICY_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment"
IAM_GROUP_POLICY_ATTACHMENT = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment"
IAM_POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment"

ROUTE53_ZONE = "aws:route53/zone:Zone"

# Network and compute rules: the older module aliases and the classic ELB, so a different import cannot
# escape a rule, plus the resources that put a public address on an instance.
ALB_LOAD_BALANCER = "aws:alb/loadBalancer:LoadBalancer"
ALB_LISTENER = "aws:alb/listener:Listener"
ELB_LOAD_BALANCER = "aws:elb/loadBalancer:LoadBalancer"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
EIP = "aws:ec2/eip:Eip"
EIP_ASSOCIATION = "aws:ec2/eipAssociation:EipAssociation"

# API Gateway, Lambda and IAM rules: custom-domain mappings and DNS records (a REGIONAL domain proven
# private), and WAF associations (the disabled stage WAF rule).
BASE_PATH_MAPPING = "aws:apigateway/basePathMapping:BasePathMapping"
ROUTE53_RECORD = "aws:route53/record:Record"
WAFV2_WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
WAFREGIONAL_WEB_ACL_ASSOCIATION = "aws:wafregional/webAclAssociation:WebAclAssociation"

# API Gateway v2 and AppSync rules: HTTP and WebSocket APIs, their routes and custom-domain mappings, and
# GraphQL APIs.
APIGATEWAYV2_API = "aws:apigatewayv2/api:Api"
APIGATEWAYV2_ROUTE = "aws:apigatewayv2/route:Route"
APIGATEWAYV2_DOMAIN_NAME = "aws:apigatewayv2/domainName:DomainName"
APIGATEWAYV2_API_MAPPING = "aws:apigatewayv2/apiMapping:ApiMapping"
APPSYNC_GRAPHQL_API = "aws:appsync/graphQLApi:GraphQLApi"

# Network exposure rules: routing (internet gateways, route tables and their associations), NAT gateways and
# network interfaces, and the resources that place workloads in subnets.
INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway"
EGRESS_ONLY_INTERNET_GATEWAY = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"
VPN_GATEWAY = "aws:ec2/vpnGateway:VpnGateway"
NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
DEFAULT_ROUTE_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable"
ROUTE = "aws:ec2/route:Route"
ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"
MAIN_ROUTE_TABLE_ASSOCIATION = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation"
NETWORK_INTERFACE = "aws:ec2/networkInterface:NetworkInterface"
AUTOSCALING_GROUP = "aws:autoscaling/group:Group"
ECS_SERVICE = "aws:ecs/service:Service"

# Database, analytics and compute exposure rules: managed databases and warehouses, search domains and their
# policies, migration, streaming and notebook instances, Kubernetes and container services, Lightsail, and
# brokers (the ECS service is ECS_SERVICE above).
RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
RDS_CLUSTER = "aws:rds/cluster:Cluster"
REDSHIFT_CLUSTER = "aws:redshift/cluster:Cluster"
REDSHIFT_SERVERLESS_WORKGROUP = "aws:redshiftserverless/workgroup:Workgroup"
OPENSEARCH_DOMAIN = "aws:opensearch/domain:Domain"
OPENSEARCH_DOMAIN_POLICY = "aws:opensearch/domainPolicy:DomainPolicy"
ELASTICSEARCH_DOMAIN = "aws:elasticsearch/domain:Domain"
ELASTICSEARCH_DOMAIN_POLICY = "aws:elasticsearch/domainPolicy:DomainPolicy"
DMS_REPLICATION_INSTANCE = "aws:dms/replicationInstance:ReplicationInstance"
MSK_CLUSTER = "aws:msk/cluster:Cluster"
SAGEMAKER_NOTEBOOK_INSTANCE = "aws:sagemaker/notebookInstance:NotebookInstance"
EKS_CLUSTER = "aws:eks/cluster:Cluster"
ECS_TASK_SET = "aws:ecs/taskSet:TaskSet"
LIGHTSAIL_INSTANCE = "aws:lightsail/instance:Instance"
LIGHTSAIL_DATABASE = "aws:lightsail/database:Database"
LIGHTSAIL_CONTAINER_DEPLOYMENT = "aws:lightsail/containerServiceDeploymentVersion:ContainerServiceDeploymentVersion"
NEPTUNE_CLUSTER_INSTANCE = "aws:neptune/clusterInstance:ClusterInstance"
MQ_BROKER = "aws:mq/broker:Broker"

# S3 and CloudFront rules: buckets (v7 Bucket and its deprecated BucketV2 alias) and the sub-resources that make
# one public or keep it private, objects that carry their own ACL, and CloudFront distributions and origin access.
S3_BUCKET = "aws:s3/bucket:Bucket"
S3_BUCKET_V2 = "aws:s3/bucketV2:BucketV2"
S3_BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
S3_BUCKET_ACL = "aws:s3/bucketAcl:BucketAcl"
S3_BUCKET_ACL_V2 = "aws:s3/bucketAclV2:BucketAclV2"
S3_BUCKET_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
S3_ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
S3_BUCKET_OWNERSHIP_CONTROLS = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
S3_BUCKET_WEBSITE_CONFIGURATION = "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration"
S3_BUCKET_WEBSITE_CONFIGURATION_V2 = "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2"
S3_BUCKET_OBJECT = "aws:s3/bucketObject:BucketObject"
S3_BUCKET_OBJECT_V2 = "aws:s3/bucketObjectv2:BucketObjectv2"
S3_OBJECT_COPY = "aws:s3/objectCopy:ObjectCopy"
CLOUDFRONT_DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
CLOUDFRONT_ORIGIN_ACCESS_CONTROL = "aws:cloudfront/originAccessControl:OriginAccessControl"
CLOUDFRONT_ORIGIN_ACCESS_IDENTITY = "aws:cloudfront/originAccessIdentity:OriginAccessIdentity"
# Database, analytics and compute exposure rules (continued): App Runner, Timestream for InfluxDB, SageMaker domains.
APPRUNNER_SERVICE = "aws:apprunner/service:Service"
TIMESTREAM_INFLUXDB_INSTANCE = "aws:timestreaminfluxdb/dbInstance:DbInstance"
TIMESTREAM_INFLUXDB_CLUSTER = "aws:timestreaminfluxdb/dbCluster:DbCluster"
SAGEMAKER_DOMAIN = "aws:sagemaker/domain:Domain"
