"""Kubernetes resource quantities: moved to :mod:`eventing_platform.kinds.formats.quantities` (one
definition for components and policies); re-exported here."""

from eventing_platform.kinds.formats.quantities import (
    QUANTITY_EXAMPLES,
    ResourceQuantity,
    check_quantity,
    check_resource_quantity,
    parse_quantity,
)

__all__ = ["QUANTITY_EXAMPLES", "ResourceQuantity", "check_quantity", "check_resource_quantity", "parse_quantity"]
