"""Shared test helpers: the offline engine for tests and strict schema validation."""
