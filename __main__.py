"""Entry point: read the stack config, build the selected topologies, export the output contract."""

from components.stack_config import load_stack_config

settings = load_stack_config()
