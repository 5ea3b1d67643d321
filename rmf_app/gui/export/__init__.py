"""The export dialog: PDF (full or executive, guidance on or off), JSON, CSV and the accessible
HTML report, run on a worker."""
