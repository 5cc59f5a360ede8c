"""Type tokens of the components: ``private-apis:<module>:<Class>``, the module being the one defining the class.

Three components and the endpoint were first released under shorter module parts (``private-apis:onprem:...``).
A type token is part of every URN below the component, so renaming it alone would make ``pulumi up`` replace
each of them; the former token stays as an alias, which the engine also applies to the children (Pulumi docs,
"Resource options: aliases": a parent's alias is inherited by its children).
"""

from __future__ import annotations

import pulumi

FORMER_TYPES = {
    "private-apis:private_serverless:PrivateServerlessApi": "private-apis:serverless:PrivateServerlessApi",
    "private-apis:iam_internal:IamInternalApi": "private-apis:iam:IamInternalApi",
    "private-apis:onprem_domain:OnPremDomainApi": "private-apis:onprem:OnPremDomainApi",
    "private-apis:execute_api_endpoint:ExecuteApiEndpoint": "private-apis:endpoints:ExecuteApiEndpoint",
}
"""Current type token -> the token released before, kept as an alias."""


def with_former_type(type_: str, opts: pulumi.ResourceOptions | None) -> pulumi.ResourceOptions:
    """``opts`` plus an alias to the former token of ``type_``, if it had one."""
    former = FORMER_TYPES.get(type_)
    if former is None:
        return opts or pulumi.ResourceOptions()
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(aliases=[pulumi.Alias(type_=former)]))
