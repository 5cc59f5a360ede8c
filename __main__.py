"""Entry point: read the stack config, build the selected topologies, export the output contract."""

from components import bridge_host, iam_internal, onprem_domain, private_serverless
from components.network import PrivateNetwork
from components.stack_config import (
    bridge_host_args,
    load_stack_config,
    network_args,
    onprem_domain_args,
    private_serverless_args,
)
from components.stack_exports import export_section, network_outputs, stack_outputs

settings = load_stack_config()
export_section("stack", stack_outputs(settings.topologies))

# One VPC shared by every VPC topology of the stack.
network = PrivateNetwork("network", network_args(settings)) if settings.network is not None else None
if network is not None:
    export_section("network", network_outputs(network))

if "bridge-host" in settings.topologies and network is not None:
    bridge = bridge_host.BridgeHostApi("bridge", bridge_host_args(settings, network))
    export_section("bridge-host", bridge_host.stack_outputs(bridge))

if "private-serverless" in settings.topologies:
    serverless = private_serverless.PrivateServerlessApi("serverless", private_serverless_args(settings, network))
    export_section("private-serverless", private_serverless.stack_outputs(serverless))

# IAM-only internal API: no VPC, every method AWS_IAM.
if "iam-internal" in settings.topologies and settings.iam_internal is not None:
    iam = iam_internal.IamInternalApi("iam", settings.iam_internal)
    export_section("iam-internal", iam_internal.stack_outputs(iam))

# On-premises callers by custom domain names, in the shared API VPC.
if "onprem-domain" in settings.topologies and network is not None:
    onprem = onprem_domain.OnPremDomainApi("onprem", onprem_domain_args(settings, network))
    export_section("onprem-domain", onprem_domain.stack_outputs(onprem))
