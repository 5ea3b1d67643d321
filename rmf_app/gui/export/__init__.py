"""The export dialog: PDF (full or executive, guidance on or off), JSON and CSV, run on a worker."""
