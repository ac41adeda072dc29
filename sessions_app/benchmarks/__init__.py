"""Benchmarks of the console on a large PostgreSQL table, run by ``manage.py bench``.

Each measurement compares a figure of the console with what the database or the
underlying library does on the same input, in the same run.
"""
