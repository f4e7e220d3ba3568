"""eventing-platform components: Pulumi ComponentResources for event-driven serverless platforms.

Installed as the ``eventing_platform`` package. Each domain is a subpackage and only imports
the provider SDK it needs, so ``eventing_platform.knative`` works with the core dependencies
alone while ``eventing_platform.alicloud`` and ``eventing_platform.gcp`` need the ``alicloud``
and ``gcp`` extras.
"""

__version__ = "0.1.0"
