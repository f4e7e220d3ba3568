"""Rule modules, one per area; each exports ``RULES``."""
