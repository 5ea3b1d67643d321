"""Crosswalks in the GUI: the "Also evidences" strip of the walk, readiness by ISO/IEC 42001
clause and EU AI Act article, and the EU AI Act role and class of the system profile."""
