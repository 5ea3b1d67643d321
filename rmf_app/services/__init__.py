"""Use cases shared by the GUI and the CLI: open, edit, score, finalize, export, import."""
