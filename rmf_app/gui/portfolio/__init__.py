"""The portfolio window (issue #17): many assessments in one sortable, filterable table."""
