"""The registry of topologies: what the program builds for each name in the ``topologies`` config key.

Each topology module exports one :class:`~components.topology_spec.TopologySpec` as ``TOPOLOGY``; the program
loops over the selected ones in this order, so adding a topology is one module and one line here.
"""

from __future__ import annotations

from collections.abc import Mapping

from components import bridge_host, iam_internal, onprem_domain, private_serverless
from components.topology_spec import TopologySpec

SPECS: tuple[TopologySpec, ...] = (bridge_host.TOPOLOGY, private_serverless.TOPOLOGY, onprem_domain.TOPOLOGY,
                                   iam_internal.TOPOLOGY)
TOPOLOGIES: tuple[str, ...] = tuple(spec.name for spec in SPECS)
BY_NAME: Mapping[str, TopologySpec] = {spec.name: spec for spec in SPECS}
