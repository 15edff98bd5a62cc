"""The web code the officers' and the citizens' dossier pages share: the action forms and the applicant
form (`forms`), the POST of an action box (`actions`). Above the dossier domain, below the audience apps
(desk, citizen), which import it and never each other (decision 0035). Not an app: no models, templates or
catalogue of its own; its strings are translated by the catalogues Django merges."""
