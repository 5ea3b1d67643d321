"""The review page: open points that jump to their place, the people, the deployment decision, sign-off, finalizing and earlier revisions."""
