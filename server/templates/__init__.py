"""Data package: Jinja templates."""
