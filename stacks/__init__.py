"""The scenarios: one module per stack (``Config`` and ``build(config) -> outputs``), their samples,
and this repository as the offline CLI sees it (``python -m stacks``)."""
