"""Where the kit keeps a user's own files, and how it makes a secret key file.

Three parts of the kit keep files outside the repository: the results store (its SQLite database and the
key that signs personal links, :mod:`sim.store`), the complaint-history import (the salt that
pseudonymises customer ids, :mod:`sim.history.pseudonym`) and the sentence encoder unpacked once per
machine (:mod:`sim.drill.encoder_cache`). They share one folder name and one way to create a key, here,
at the bottom of the layers so that each may import it.

    >>> data_dir().name == cache_dir().name == APP_NAME
    True
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

APP_NAME = "complaint-drill-kit"


def data_dir() -> Path:
    """The user data folder (platformdirs' ``user_data_dir``; without it, the XDG convention)."""
    try:
        from platformdirs import user_data_dir
        return Path(user_data_dir(APP_NAME, appauthor=False))
    except ImportError:  # platformdirs comes with Jupyter; without it follow the XDG convention
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        return Path(base) / APP_NAME


def cache_dir() -> Path:
    """The user cache folder (platformdirs' ``user_cache_dir``; without it, the XDG convention)."""
    try:
        from platformdirs import user_cache_dir
        return Path(user_cache_dir(APP_NAME, appauthor=False))
    except ImportError:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / APP_NAME


def create_key_file(path: Path) -> None:
    """Write a new random key to ``path`` atomically: written to a private temporary file (0600), then linked
    in place, so that two processes creating it at once both end up reading the same complete key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_urlsafe(32) + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)           # fails if another process made it first: theirs is kept
        except FileExistsError:
            pass
    finally:
        tmp.unlink(missing_ok=True)


__all__ = ["APP_NAME", "cache_dir", "create_key_file", "data_dir"]
