"""Import and export of the original Tomàtic's files (pure text in, models out)."""
