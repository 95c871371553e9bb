"""Everything around the pure core: Excel I/O, validation, checking, the ``giliran`` CLI."""
