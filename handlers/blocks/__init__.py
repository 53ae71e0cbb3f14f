"""Pure functions: domain objects → Block Kit."""
