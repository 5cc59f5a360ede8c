"""An image built by the docker provider and pushed to ECR: a provider the offline engine does not emulate.

The resource is declared as pulumi_docker's generated SDK declares it, so the corpus needs no docker package."""

import pulumi
import pulumi_aws as aws

repo = aws.ecr.Repository("app", image_tag_mutability="IMMUTABLE",
                          image_scanning_configuration={"scan_on_push": True})
image = pulumi.CustomResource("docker:index/image:Image", "app-image",
                              {"imageName": repo.repository_url.apply(lambda url: f"{url}:v1"), "repoDigest": None})
pulumi.export("image_urn", image.urn)
