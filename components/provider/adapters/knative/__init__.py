"""Generated adapters (see eventing_platform.provider.generate)."""
