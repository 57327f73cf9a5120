"""Helm's merge semantics, with provenance carried along.

Two different operations, exactly as Helm has them:

* `merge_into` — combining the user's values files (`-f a.yaml -f b.yaml`): later files win,
  maps deep-merge, lists and scalars replace, and a `null` *is kept* as a value for now (Helm's
  `mergeMaps`).
* `coalesce` — putting the chart defaults underneath the user's values (Helm's
  `CoalesceValues`): a key the user left out gets the default; a key the user set to `null` is
  deleted together with its default; nested `null`s are deleted even without a default; where
  the user's value and the default disagree on being a table, the user's value stays (and the
  schema reports it).
"""

from __future__ import annotations

from typing import Any

from chartgen.values.provenance import Origin, Path, Provenance


def merge_into(
    base: dict[str, Any],
    base_provenance: Provenance,
    overlay: dict[str, Any],
    overlay_provenance: Provenance,
    path: Path = (),
) -> None:
    """Merge `overlay` into `base` in place (Helm's mergeMaps), moving origins along.

    `overlay`'s values move into `base` as they are, not copied: the caller hands over a
    document it just loaded (whose builder never shares an object between two places, not
    even for YAML aliases) and does not use it again.
    """
    for key, value in overlay.items():
        child = (*path, key)
        current = base.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            origin = overlay_provenance.origins.get(child)
            if origin is not None:
                # The mapping itself is now (also) written here; keep the latest key position.
                base_provenance.record(child, origin)
            merge_into(current, base_provenance, value, overlay_provenance, child)
            continue
        base[key] = value
        base_provenance.drop_subtree(child)
        base_provenance.copy_subtree(overlay_provenance, child)


def _delete(data: dict[str, Any], key: str, provenance: Provenance, path: Path) -> None:
    origin = provenance.origins.get(path)
    del data[key]
    provenance.drop_subtree(path)
    if origin is not None:
        provenance.deleted[path] = origin
    else:
        provenance.deleted.setdefault(path, Origin(_unknown()))


def _unknown() -> Any:
    from chartgen.findings import Location

    return Location("<values>")


def coalesce(user: dict[str, Any], defaults: dict[str, Any], provenance: Provenance) -> None:
    """Put `defaults` under `user` in place, following Helm's CoalesceValues at the top level.

    `defaults` is consumed (its values move into `user`): pass a fresh copy.
    """
    for key, default in defaults.items():
        path: Path = (key,)
        if key in user:
            value = user[key]
            if value is None:
                _delete(user, key, provenance, path)
            elif isinstance(value, dict) and isinstance(default, dict):
                _coalesce_tables(value, default, provenance, path)
        else:
            user[key] = default
            provenance.defaulted.add(path)


_ABSENT: Any = object()


def _coalesce_tables(
    dst: dict[str, Any], src: dict[str, Any], provenance: Provenance, path: Path
) -> None:
    """Helm's coalesceTablesFullKey: `dst` (user) wins over `src` (defaults)."""
    for key, value in dst.items():
        if value is None:
            src[key] = None
    # Every value of every file meets this loop (the defaults cover most keys): one look-up
    # of the user's value per key, and a key's path made only where it is recorded.
    defaulted = provenance.defaulted
    for key, default in src.items():
        current = dst.get(key, _ABSENT)
        if current is _ABSENT:
            if default is not None:
                dst[key] = default
                defaulted.add((*path, key))
        elif current is None:
            _delete(dst, key, provenance, (*path, key))
        elif isinstance(default, dict) and isinstance(current, dict):
            _coalesce_tables(current, default, provenance, (*path, key))
