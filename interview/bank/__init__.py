"""The question bank: models, loading, caching and selection."""
