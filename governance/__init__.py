"""Govern a company group's internal regulations kept as Markdown in git."""
