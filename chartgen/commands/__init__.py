"""Command bodies, one module per command; `cli.py` imports each only when it runs."""
