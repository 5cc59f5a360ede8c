"""Entry point: read the stack config, build the selected topologies, export the output contract."""

import pulumi

from components.bridge_host import BridgeHostApi
from components.bridge_host import stack_outputs as bridge_host_outputs
from components.iam_internal import IamInternalApi
from components.iam_internal import stack_outputs as iam_internal_outputs
from components.network import PrivateNetwork
from components.onprem_domain import OnPremDomainApi
from components.onprem_domain import stack_outputs as onprem_domain_outputs
from components.private_serverless import PrivateServerlessApi
from components.private_serverless import stack_outputs as private_serverless_outputs
from components.stack_config import (
    bridge_host_args,
    load_stack_config,
    network_args,
    onprem_domain_args,
    private_serverless_args,
)

settings = load_stack_config()

# One VPC shared by every VPC topology of the stack.
network = PrivateNetwork("network", network_args(settings)) if settings.network is not None else None

if "bridge-host" in settings.topologies and network is not None:
    bridge_host = BridgeHostApi("bridge", bridge_host_args(settings, network))
    for output_name, value in bridge_host_outputs(bridge_host).items():
        pulumi.export(output_name, value)

if "private-serverless" in settings.topologies:
    private_serverless = PrivateServerlessApi("serverless", private_serverless_args(settings, network))
    for output_name, value in private_serverless_outputs(private_serverless).items():
        pulumi.export(output_name, value)

# IAM-only internal API: no VPC, every method AWS_IAM.
if "iam-internal" in settings.topologies and settings.iam_internal is not None:
    iam_internal = IamInternalApi("iam", settings.iam_internal)
    for output_name, value in iam_internal_outputs(iam_internal).items():
        pulumi.export(output_name, value)

# On-premises callers by custom domain names, in the shared API VPC.
if "onprem-domain" in settings.topologies and network is not None:
    onprem_domain = OnPremDomainApi("onprem", onprem_domain_args(settings, network))
    for output_name, value in onprem_domain_outputs(onprem_domain).items():
        pulumi.export(output_name, value)
