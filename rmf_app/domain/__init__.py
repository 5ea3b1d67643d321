"""Pure domain: framework structure, playbook and assessment models, scoring.

Nothing in this package performs I/O or imports Qt.
"""
