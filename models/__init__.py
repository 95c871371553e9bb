"""The pure core of Giliran: domain objects and the CP-SAT roster model (no I/O here)."""
