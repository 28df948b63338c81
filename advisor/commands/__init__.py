"""Sub-commands of ``python -m advisor``."""
