"""The guided walk: the filter bar, the navigator tree, and one subcategory's page (guidance and answer form)."""
