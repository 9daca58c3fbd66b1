"""The chain from what residents said to what the municipality did: evidence → insights →
use in projects → service changes → feedback ("ni sa – vi gjorde").

The chain itself (evidence, insights, themes, capture on a source's page, trails, gap views,
feedback) is at this level; each further feature is a package: `changes/` (service changes),
`search/` (Swedish full-text search) and `publication/` (the "Ni sa – vi gjorde" pages). One
Piccolo app (`piccolo_app.py`) and one `piccolo_migrations/` hold the tables of all of them."""
