"""The system profile: its form, the page that edits it, the scope editor and the new-assessment wizard that uses both."""
