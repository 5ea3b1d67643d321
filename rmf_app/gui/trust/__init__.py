"""Trust in a PDF report: verify it, open its data read-only, save that as an .airmf, and sign
a report with the user's own certificate (issue #14)."""
