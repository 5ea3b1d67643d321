"""The changes since an earlier final revision, shown from the review page."""
