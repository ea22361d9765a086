"""Data package: the source reports, byte-exact copies of ../shared/corpus."""
