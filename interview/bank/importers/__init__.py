"""Converters from other question formats (benchmark sets, Q&A tables) into packs."""
