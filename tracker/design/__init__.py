"""Service design in depth: a project's hypotheses, its prototypes and their versions, and the
tests that try them with users (Innovationsguiden's Testa idéer)."""
