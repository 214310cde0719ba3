"""The practitioner's own data (plans, notes, favourites): a migrated SQLite store, backups, recovery and exchange."""
