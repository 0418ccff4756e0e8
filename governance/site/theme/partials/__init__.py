"""Templates (package data) of governance.site.theme: not code."""
