"""The citizens' pages (/ca-nhan/): online submission, one's own dossiers, supplements, payment, results."""
