"""Forms of the Session Console, one module per page family."""
