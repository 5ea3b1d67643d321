"""The risk register, the action plan and the evidence: table models, views with add / edit / remove, and the item dialogs."""
