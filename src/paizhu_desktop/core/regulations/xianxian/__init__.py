"""献县办法: its chapters and the ledgers each asks for, one module per chapter."""
