"""Data package: the ontology Turtle files."""
