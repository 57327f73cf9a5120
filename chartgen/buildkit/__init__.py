"""BuildKit: the daemon's configuration file, written and checked.

- `buildkitd_toml`: buildkitd.toml from typed values (the keys chartgen writes, GC policies, TLS);
- `extra_config`: `extraConfig` read as BuildKit reads it and against what chartgen writes;
- `structure`: BuildKit's own configuration structure (`structure.json`, dumped from BuildKit's
  Go types by `tests/consumers/buildkitd-config`) as go-toml decodes into it;
- `toml_scan`: TOML statements with the line and column of every key and value.
"""

# The user BuildKit's rootless image (moby/buildkit:*-rootless) runs as; rendering runs the
# container as it, and a rule checks the values' runAsUser against it. Here, not in the
# renderer, so the rule does not import the renderer.
ROOTLESS_UID = 1000
