"""The read-only JSON API (/api/v1) for BI tools, the register exports and the imports."""
