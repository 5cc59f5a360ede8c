"""Bench program: the topologies of a stack's config, ``BENCH_COPIES`` times over with distinct names.

Run as the ``main`` of a copy of this project's Pulumi.yaml (private_apis/bench.py makes one), so it reads the same
stack config as ``__main__.py`` and builds each copy the same way: a network, the account's API Gateway logging and
every selected topology. Exports are left out: they are the same per copy and would collide.
"""

import dataclasses
import importlib
import os
import sys

from components.apigateway_account import ApiGatewayAccountLogging
from components.network import PrivateNetwork
from components.stack_config import load_stack_config


def build_copy(settings, suffix: str) -> None:
    network = PrivateNetwork(f"network{suffix}", settings.network) if settings.network is not None else None
    logging = ApiGatewayAccountLogging(f"apigateway-account{suffix}", settings.api_gateway_logging)
    for spec in settings.specs:
        args = settings.args[spec.name]
        args = dataclasses.replace(args, stage=dataclasses.replace(args.stage, logging_role=(logging.account,)))
        if spec.needs_network and network is not None:
            args = dataclasses.replace(args, placement=network.placement())
        spec.component(f"{spec.resource_name}{suffix}", args)


def bare_imports() -> None:
    """The floor's run (no copies) imports what a built copy imported: pulumi_aws loads a submodule when a component
    first names it (``aws.ec2``), so building nothing would skip most of the imports."""
    for name in filter(None, os.environ.get("BENCH_IMPORT", "").split(",")):
        # A lazy module (pulumi._utils._LazyModule) loads on its first attribute that is not introspection.
        getattr(importlib.import_module(name), "bench_load", None)


def record_imports() -> None:
    if os.environ.get("BENCH_MODULES_FILE"):
        with open(os.environ["BENCH_MODULES_FILE"], "w", encoding="utf-8") as handle:
            # Packages only, each of which imports its own modules; those pulumi_aws registered but nothing has
            # touched yet are lazy modules (importlib.util.LazyLoader), not imports this run paid for.
            handle.write(",".join(sorted(name for name, module in list(sys.modules.items())
                                         if name.startswith("pulumi_aws.") and name.count(".") == 1
                                         and type(module).__name__ != "_LazyModule")))


bare_imports()
settings = load_stack_config()
for copy in range(int(os.environ.get("BENCH_COPIES", "1"))):
    build_copy(settings, f"-x{copy}" if copy else "")
record_imports()
