"""Lint of regulation texts: one rule family per module."""
