"""The sciatica planner: suggestions from a condition pack, and the treatment sheet (no Qt)."""
