"""Resolutions, the bodies that pass them, their writer and their signatures."""
