"""A pack with one policy that accepts everything: the transport floor of a pack over the Analyzer protocol."""

from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy

PolicyPack(
    name="bench-noop",
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=[ResourceValidationPolicy(name="bench-accept-all", description="Accepts every resource.",
                                       validate=lambda _args, _report: None)],
)
