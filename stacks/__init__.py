"""One module per scenario (``build(config) -> outputs``) and the offline CLI (``python -m stacks``)."""
