"""The consumer repository's own components: it has a ``components`` package of its own too.

Its building blocks come from the installed wheel as ``eventing_platform.<domain>``.
"""

from __future__ import annotations

from eventing_platform.knative import KnativeService, KnativeServiceArgs

HELLO_IMAGE = "registry.example.com/hello:v1"


def hello_service(name: str = "hello") -> KnativeService:
    """The hello Knative Service, every setting but the image left at its default."""
    return KnativeService(name, KnativeServiceArgs(image=HELLO_IMAGE))
