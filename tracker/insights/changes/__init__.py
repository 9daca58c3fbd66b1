"""Service changes (tjänsteförändringar): what the municipality changed in a service, moved
idé → testas → beslutad → införd (or closed with a reason), built on the insights behind it.
`services` writes, `views` reads, `forms` reads the forms, `controller` is the pages; the
status rules are the chain's (`tracker/insights/rules.py`)."""
