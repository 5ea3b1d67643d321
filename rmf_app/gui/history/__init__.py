"""The change history view: who changed what, when, from what to what."""
