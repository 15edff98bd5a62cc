"""Notifications to applicants and officers: an outbox written with the transition, sent after commit."""
