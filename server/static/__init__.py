"""Data package: static files."""
