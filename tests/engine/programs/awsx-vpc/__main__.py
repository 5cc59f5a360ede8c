"""awsx's Vpc as pulumi_awsx declares it: a multi-language component that its provider plugin builds.

The class below registers the component the way the package's generated SDK does (pulumi_awsx/ec2/vpc.py,
``remote=True``, the outputs named in the props), so the corpus needs no awsx."""

import pulumi


class Vpc(pulumi.ComponentResource):
    vpcId: pulumi.Output[str]

    def __init__(self, name: str, cidr_block: str) -> None:
        super().__init__("awsx:ec2:Vpc", name, {"cidrBlock": cidr_block, "vpcId": None, "privateSubnetIds": None},
                         None, remote=True)


vpc = Vpc("main", cidr_block="10.0.0.0/16")
pulumi.export("vpc_id", vpc.vpcId)
