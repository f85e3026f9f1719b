"""Declarative ledger descriptions and the framework that stores them."""
