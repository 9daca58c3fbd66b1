"""Civil society: organisations and collaborations (samverkan)."""
