"""Bringing in past dossiers: history import, the demo year and the synthetic generator."""
