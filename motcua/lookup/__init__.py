"""The public lookup of a dossier's status by its code (/tra-cuu/ and GET /api/v1/lookup)."""
