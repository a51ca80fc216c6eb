"""The results store's one error, and how a database URL is shown: without its password.

Kept apart from :mod:`sim.store.schema` so that the CLI can catch :class:`StoreError` and mask a URL
without importing SQLAlchemy (``python -m sim check`` never loads it).

    >>> mask_url("postgresql+psycopg://drill:S3cretPW@db.example/drills")
    'postgresql+psycopg://drill:***@db.example/drills'
    >>> mask_url("postgresql://db.example/drills?user=drill&password=S3cretPW")
    'postgresql://db.example/drills?user=drill&password=***'
    >>> mask_url("postgresql+psycopg:/drill:S3cretPW@db/drills")     # one slash short: masked all the same
    'postgresql+psycopg:/drill:***@db/drills'
"""
from __future__ import annotations

import re
from urllib.parse import unquote

# user:password@ in the authority part of any URL-like string (parsed or not); up to the last @, since a
# careless URL may hold an unescaped @ in its password (masking too much is the safe side). The slashes
# after the scheme may be fewer than two, or none: a mistyped "scheme:/user:pw@host" still has a password.
_USERINFO = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*:/*[^/@:\s]*):(?P<secret>\S*)@")
# a password given as a query parameter (libpq accepts ?password=...)
_QUERY = re.compile(r"(?P<head>[?&](?:password|passwd|pwd|sslpassword)=)(?P<secret>[^&#\s]*)", re.IGNORECASE)


class StoreError(RuntimeError):
    """The results store cannot do what was asked (message for the user, one line, secrets masked)."""


def mask_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (works on URLs SQLAlchemy cannot parse, too)."""
    return _QUERY.sub(r"\g<head>***", _USERINFO.sub(r"\g<head>:***@", str(url)))


def secrets_of(url: str) -> list[str]:
    """The passwords written in ``url`` (to mask them in a driver's error message, should it repeat one)."""
    found = [m.group("secret") for m in _USERINFO.finditer(str(url))]
    found += [m.group("secret") for m in _QUERY.finditer(str(url))]
    out: list[str] = []
    for secret in found:
        out += [secret, unquote(secret)]        # also as the driver saw it, percent-decoded
    return [s for s in dict.fromkeys(out) if s and s != "***"]


def one_line(message: object, url: str = "") -> str:
    """A driver's message on one line (drivers write several), any password of ``url`` masked."""
    text = " ".join(str(message).split())
    text = text.split(" (Background on this error at:")[0]      # SQLAlchemy's link, not the user's business
    for secret in sorted(secrets_of(url), key=len, reverse=True):
        text = text.replace(secret, "***")
    return mask_url(text)


__all__ = ["StoreError", "mask_url", "one_line", "secrets_of"]
