"""Data package: named example queries (.rq)."""
