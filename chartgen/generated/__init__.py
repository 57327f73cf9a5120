"""Modules generated ahead of time from chartgen's sources of truth (`chartgen/codegen/`).

Never edit them by hand: change the source (the values JSON Schema, a template, the typer
application) and run `python -m chartgen.codegen`.
"""
