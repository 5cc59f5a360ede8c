"""Entry point: read the stack config, build the selected topologies, export the output contract."""

import dataclasses

from components.apigateway_account import ApiGatewayAccountLogging
from components.network import PrivateNetwork
from components.stack_config import load_stack_config
from components.stack_exports import export_section, network_outputs, stack_wide_outputs

settings = load_stack_config()
export_section("stack", stack_wide_outputs(settings.topologies))

# One VPC shared by every VPC topology of the stack.
network = PrivateNetwork("network", settings.network) if settings.network is not None else None
if network is not None:
    export_section("network", network_outputs(network))

# Every topology's stages write access logs, which API Gateway refuses until the account's CloudWatch role is set.
logging = ApiGatewayAccountLogging("apigateway-account", settings.api_gateway_logging)

for spec in settings.specs:
    args = settings.args[spec.name]
    args = dataclasses.replace(args, stage=dataclasses.replace(args.stage, logging_role=(logging.account,)))
    if spec.needs_network and network is not None:
        args = dataclasses.replace(args, placement=network.placement())
    component = spec.component(spec.resource_name, args)
    export_section(spec.name, spec.outputs(component))
