"""Values: reading files with positions, Helm's merge and --set semantics, provenance."""
