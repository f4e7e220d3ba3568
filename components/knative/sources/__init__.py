"""Knative event sources."""

from .apiserver import ApiServerResource, ApiServerSource, ApiServerSourceArgs

__all__ = ["ApiServerResource", "ApiServerSource", "ApiServerSourceArgs"]
