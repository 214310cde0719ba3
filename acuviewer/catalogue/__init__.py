"""The catalogue: its vocabulary, the validation and build of db/ sources, and a read-only repository."""
