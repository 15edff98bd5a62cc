"""Figures of the one-stop mechanism (domain.md §8): service, API, leaders' desk, reports, public page."""
