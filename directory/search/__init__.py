"""Search: the only package that imports Whoosh (schema, analysis, index, queries, matching)."""
