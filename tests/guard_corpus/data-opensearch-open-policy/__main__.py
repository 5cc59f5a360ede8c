"""Application log search: public endpoint, "temporary" open access policy so the log shippers can post."""

import pulumi
import pulumi_aws as aws

DOMAIN = "app-logs"
region = aws.get_region_output()
account = aws.get_caller_identity_output()

access = aws.iam.get_policy_document_output(statements=[
    aws.iam.GetPolicyDocumentStatementArgs(
        sid="LogShippers",
        effect="Allow",
        principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(type="AWS", identifiers=["*"])],
        actions=["es:ESHttpPost", "es:ESHttpPut", "es:ESHttpGet"],
        resources=[pulumi.Output.concat("arn:aws:es:", region.region, ":", account.account_id, ":domain/", DOMAIN,
                                        "/*")],
    ),
])

logs = aws.opensearch.Domain(
    "app-logs",
    domain_name=DOMAIN,
    engine_version="OpenSearch_2.17",
    cluster_config={"instance_type": "r7g.large.search", "instance_count": 2, "zone_awareness_enabled": True},
    ebs_options={"ebs_enabled": True, "volume_size": 100, "volume_type": "gp3"},
    encrypt_at_rest={"enabled": True},
    node_to_node_encryption={"enabled": True},
    domain_endpoint_options={"enforce_https": True, "tls_security_policy": "Policy-Min-TLS-1-2-PFS-2023-10"},
    access_policies=access.json,
)

pulumi.export("endpoint", logs.endpoint)
