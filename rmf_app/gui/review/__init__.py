"""The review page: open points that jump to their place, the people, the deployment decision, sign-off, finalising and earlier revisions."""
