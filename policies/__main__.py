"""The eventing-platform CrossGuard policy pack, served from the installed rules (``eventing_platform.rules``).

Run by the Pulumi CLI (`pulumi preview --policy-pack policies`), which starts
`python -u -m pulumi.policy <engine> <this directory>`: constructing the PolicyPack serves the
Analyzer gRPC API until the CLI stops it.
"""

from eventing_platform.rules.pack import policy_pack

policy_pack()
