"""Event semantics: which events producers emit and which patterns and filters they pass."""
