"""The change log: who changed what, and when (the full audit trail grows from here)."""
