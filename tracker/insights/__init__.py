"""The chain from what residents said to what the municipality did: evidence → insights →
use in projects → service changes → feedback ("ni sa – vi gjorde")."""
