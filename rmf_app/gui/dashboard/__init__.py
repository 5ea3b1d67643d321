"""The dashboard: completion, current vs target, gaps, risk heat maps and characteristic coverage, with the charts they are painted with."""
