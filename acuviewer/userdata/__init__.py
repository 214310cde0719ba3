"""The practitioner's own data (plans, notes, favourites, study progress): a migrated SQLite store, backups,
recovery and exchange."""
