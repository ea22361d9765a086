"""The build: source reports and curated facts become a validated RDF dataset."""
