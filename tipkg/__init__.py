"""asean-tip-kg: a knowledge graph and linked-data publisher for the ASEAN Leaders'
Declaration on Combating Trafficking in Persons Caused by the Abuse of Technology."""

__version__ = "0.1.0"

__all__ = ["__version__"]
