"""Data package: curated facts, one TOML file per source report."""
