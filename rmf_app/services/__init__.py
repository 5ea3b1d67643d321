"""Use cases shared by the GUI and the CLI: open, edit, score, finalise, export, import."""
