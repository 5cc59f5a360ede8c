"""``migrate-state``: move a stack deployed before the Lambda-backed APIs were OpenAPI bodies onto them, in its
state only (no AWS call).

Those stacks hold a ``Method``, ``Integration`` and ``Resource`` per route and a ``RestApiPolicy`` per API under the
serverless, on-prem and IAM components. Left in the state, the first ``pulumi up`` of the current program would
delete them only after it has imported the body and created the new deployment (pulumi/pulumi#9979: deletions come
last), and deleting a ``RestApiPolicy`` clears the API's policy, the inline one just set included
(terraform-provider-aws ``resourceRestAPIPolicyDelete`` writes an empty ``/policy``). Dropped from the state
beforehand, they are never deleted by Pulumi: the body's import in ``overwrite`` mode replaces the API's methods, and
the inline ``policy`` replaces the separate one, so nothing of them is left in AWS either.

    pulumi stack export --file before.json
    python -m private_apis migrate-state --stack-export before.json --output after.json
    pulumi stack import --file after.json
    pulumi up
"""

from __future__ import annotations

import argparse
import copy
import json
import os
from typing import Any

from private_apis.engine.errors import EngineError
from private_apis.stack_state import read_json

ROUTE_TYPES = frozenset({"aws:apigateway/method:Method", "aws:apigateway/integration:Integration",
                         "aws:apigateway/resource:Resource", "aws:apigateway/restApiPolicy:RestApiPolicy"})
LAMBDA_API_COMPONENTS = frozenset({
    "private-apis:private_serverless:PrivateServerlessApi", "private-apis:serverless:PrivateServerlessApi",
    "private-apis:iam_internal:IamInternalApi", "private-apis:iam:IamInternalApi",
    "private-apis:onprem_domain:OnPremDomainApi", "private-apis:onprem:OnPremDomainApi",
})
"""The components whose APIs are bodies now, by their current and former type tokens."""


def _parent_type(urn: str) -> str | None:
    """The type of a resource's parent, from its URN's qualified type (``parentType$type``)."""
    parts = urn.split("::")
    chain = parts[2].split("$") if len(parts) >= 4 else []
    return chain[-2] if len(chain) >= 2 else None


def stale_route_urns(resources: list[dict[str, Any]]) -> list[str]:
    """URNs of the per-route resources and separate policies the current program no longer declares."""
    return sorted(r["urn"] for r in resources
                  if r.get("type") in ROUTE_TYPES and _parent_type(str(r.get("urn", ""))) in LAMBDA_API_COMPONENTS)


def migrate(export: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``export`` without the stale route resources, and nothing depending on them any more; and their URNs."""
    deployment = export.get("deployment") if isinstance(export, dict) else None
    resources = deployment.get("resources") if isinstance(deployment, dict) else None
    if not isinstance(resources, list) or not all(isinstance(r, dict) and isinstance(r.get("urn"), str)
                                                  for r in resources):
        raise EngineError("--stack-export: not a stack export (no deployment.resources with a urn each). Fix: "
                          "write it with `pulumi stack export --file FILE`.")
    stale = set(stale_route_urns(resources))
    migrated = copy.deepcopy(export)
    kept = []
    for resource in migrated["deployment"]["resources"]:
        if resource["urn"] in stale:
            continue
        if isinstance(resource.get("dependencies"), list):
            resource["dependencies"] = [d for d in resource["dependencies"] if d not in stale]
        if isinstance(resource.get("propertyDependencies"), dict):
            resource["propertyDependencies"] = {key: [d for d in deps if d not in stale]
                                                for key, deps in resource["propertyDependencies"].items()
                                                if isinstance(deps, list)}
        kept.append(resource)
    migrated["deployment"]["resources"] = kept
    return migrated, sorted(stale)


def add_migrate_state_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("migrate-state", help="drop the per-route API resources of a stack deployed before "
                              "the OpenAPI bodies from its `pulumi stack export`, for `pulumi stack import`")
    p.add_argument("--stack-export", required=True, metavar="FILE", help="`pulumi stack export --file` output")
    p.add_argument("--output", required=True, metavar="FILE", help="where to write the migrated export")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    export = read_json(args.stack_export, "`pulumi stack export --file FILE`", "--stack-export")
    migrated, dropped = migrate(export)
    if os.path.abspath(args.output) == os.path.abspath(args.stack_export):
        raise EngineError("--output names the --stack-export file. Fix: write the migrated export to a new file, "
                          "so the original stays as a backup.")
    with open(args.output, "w", encoding="utf-8") as handle:
        json.dump(migrated, handle, indent=2)
    print(f"{len(dropped)} resource(s) dropped from the state (AWS is not touched); next: "
          f"pulumi stack import --file {args.output} && pulumi up")
    for urn in dropped:
        print(f"  {urn}")
    return 0
