"""What the views share: the session adapter, undo commands and the edit controller, the interaction service, settings, workers, colors, icons, small widgets and list models."""
