"""Demo data: the demo accounts and a year of documents and tasks (never in production)."""
