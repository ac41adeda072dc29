"""Read-only queries that pages build on, one module per page family."""
