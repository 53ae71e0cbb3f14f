"""Stores kept in memory: the same behaviour as SQLite (the contract suite checks it), for
tests and throw-away demos."""
