"""Text helpers every stage shares: tokens, character positions, invisible characters."""
