"""The catalogue of kinds the project understands."""
