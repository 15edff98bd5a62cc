"""The officers' desk (/can-bo/): worklists, the dossier page and its actions, intake at the counter, the tracking book."""
