"""alembic migrations of the fixed schema (ledger tables are derived, see storage)."""
