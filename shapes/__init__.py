"""Data package: the shapes Turtle files."""
