"""Pseudonymising customer identifiers on import: a salted HMAC, so no raw id reaches any output.

A history export names its customers (an account number, a phone number, an e-mail address). The kit
needs to know only which contacts came from the same customer (repeat complaints, churn), never who they
are, so each id is replaced on import by::

    "c" + the first 16 hex characters of HMAC-SHA256(salt, id)

The same id always gives the same pseudonym under the same salt (repeat contacts stay linked, across
exports too), and without the salt nobody can test a guessed phone number against the table. The salt is
the organisation's secret, found as the personal-link secret is (:mod:`sim.store.tokens`):

* ``$HISTORY_SALT`` (at least :data:`MIN_SALT_CHARS` characters) when set: several machines that must
  give the same pseudonyms share it;
* else a key file, ``history_salt.key``, created once and readable by its owner only (0600), in the folder
  given (beside the output) or else in the user data folder.

The salt is never printed, never written into a table or a message.

    >>> pseudonymise(pd.Series(["13800138000", None, "13800138000"]), b"0123456789abcdef").tolist()
    ['c523ecb4056848964', <NA>, 'c523ecb4056848964']
"""
from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from sim.format.errors import Problem, ScenarioError
from sim.format.user_files import create_key_file, data_dir
from sim.i18n import t

SALT_VARIABLE = "HISTORY_SALT"
KEY_FILE = "history_salt.key"
MIN_SALT_CHARS = 16


def pseudonym(raw: str, salt: bytes | hmac.HMAC) -> str:
    """The pseudonym of one identifier (stripped first: ``" 42 "`` and ``"42"`` are the same customer).
    ``salt`` may be an HMAC already keyed with it (copied per id: keying once is the expensive part)."""
    keyed = salt.copy() if isinstance(salt, hmac.HMAC) else hmac.new(salt, digestmod=hashlib.sha256)
    keyed.update(raw.strip().encode("utf-8"))
    return "c" + keyed.hexdigest()[:16]


def pseudonymise(ids: pd.Series, salt: bytes) -> pd.Series:
    """Each id's pseudonym (a ``string`` Series; empty or missing ids stay missing). Hashes each distinct id
    once, so a 50 000-row export of a few thousand customers costs a few thousand HMACs."""
    text = ids.astype(object).where(ids.notna(), "")
    codes, uniques = pd.factorize(text)
    keyed = hmac.new(salt, digestmod=hashlib.sha256)
    names = [pseudonym(u, keyed) if str(u).strip() else None for u in uniques]
    # code -1 never occurs (no NA left); an empty id maps to None, i.e. missing
    return pd.Series(pd.array(np.asarray(names, dtype=object)[codes], dtype="string"), index=ids.index)


def salt_for(folder: str | Path | None = None, lang: str = "en",
             environ: Mapping[str, str] | None = None) -> bytes:
    """The salt: ``$HISTORY_SALT``, else the key file in ``folder`` (or the user data folder), created if
    missing. ScenarioError (one line, never the salt) if it is too short or the file cannot be read or made."""
    env = os.environ if environ is None else environ
    given = env.get(SALT_VARIABLE)
    if given is not None and given.strip():
        if len(given.strip()) < MIN_SALT_CHARS:
            raise _error(SALT_VARIABLE, "history.err.salt_short", name=SALT_VARIABLE, n=MIN_SALT_CHARS)
        return given.strip().encode()
    path = (Path(folder) if folder is not None else data_dir()) / KEY_FILE
    try:
        if not path.exists():
            create_key_file(path)
        value = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(str(path), "history.err.salt_file", path=path,
                     error=getattr(exc, "strerror", None) or type(exc).__name__) from None
    if len(value) < MIN_SALT_CHARS:
        raise _error(str(path), "history.err.salt_bad_file", path=path, n=MIN_SALT_CHARS)
    return value.encode()


def _error(where: str, key: str, **params) -> ScenarioError:
    return ScenarioError([Problem(where, None, "", t(key, "en", **params), zh=t(key, "zh", **params))])


