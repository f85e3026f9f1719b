"""The declarations: one module per chapter of 献县办法 and one per other regulation."""
