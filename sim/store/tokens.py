"""Personal links (issue 16, part 3): a signed, unguessable token per trainee, and how each attempt was started.

A trainer gives each trainee of a cohort a *personal link*: the drill app's URL with ``?token=...``. Opened
with it, the app knows who the trainee is and asks for no name, so nobody can take a colleague's name and
their attempts. The token is three parts joined by dots::

    <row id>.<nonce>.<signature>        e.g.  12.Jx3...Qk.f0aB...9w

* the *row id* names the ``tokens`` row (trainee, cohort, issued, revoked);
* the *nonce* is random (:func:`secrets.token_urlsafe`), stored in the row: a link cannot be guessed from
  another, and a reissued link differs from the one it replaces;
* the *signature* is HMAC-SHA256 over ``"<row id>.<nonce>"`` with the organisation's secret
  (:func:`secret_for`), base64url without padding: without the secret nobody can make a token, even with
  read access to the database.

:func:`verify` is a pure function: a token, the secret and a way to find a row give the row, or one reason
the token is refused, checked in this order: ``malformed`` (not three parts of the right alphabet and
length), ``forged`` (the signature is not ours: compared in constant time, before the database is asked,
so probing row ids learns nothing), ``unknown`` (no such row, or its nonce differs), ``revoked``.

The secret is ``$DRILL_SECRET`` (at least :data:`MIN_SECRET_CHARS` characters) when set, else a key file
created once, readable by its owner only (0600), beside the SQLite database (or in the user data folder for
a server database). Several servers that must accept the same links (JupyterHub users, each with their
own home) share ``DRILL_SECRET``. The secret is never printed, never put in a URL, never in a message.

``attempt_context`` says how each attempt was started: ``token`` (a personal link), ``hub`` (the JupyterHub
user) or ``typed`` (a typed name: practice, which never counts). :meth:`Tokens.record_context` writes it
right after the store opened the attempt; an attempt joined again keeps its first row.

    >>> secret = b"0123456789abcdef0123456789abcdef"
    >>> row = TokenRow(7, "Ann", 3, "n" * 32, None, None)
    >>> good = make_token(secret, 7, "n" * 32)
    >>> verify(good, secret, {7: row}.get).trainee
    'Ann'
    >>> verify(good[:-1] + ("A" if good[-1] != "A" else "B"), secret, {7: row}.get).reason
    'forged'
    >>> verify("7.abc", secret, {7: row}.get).reason
    'malformed'
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from sim.format.user_files import create_key_file
from sim.i18n import t
from sim.store.errors import StoreError
from sim.store.schema import (
    Database,
    _sqlite_file,
    attempt_context,
    data_dir,
    now,
    tokens,
    trainees,
    utc,
)

SECRET_VARIABLE = "DRILL_SECRET"       # the organisation's secret, shared by every server that checks links
KEY_FILE = "drill_secret.key"          # else: this file, created once (0600)
MIN_SECRET_CHARS = 16
NONCE_BYTES = 24                       # token_urlsafe(24): 32 characters, 192 random bits
IDENTITIES = ("token", "hub", "typed")
REASONS = ("malformed", "forged", "unknown", "revoked")

# id . nonce . signature (43 characters: 32 bytes of HMAC-SHA256 in base64url without padding)
_TOKEN = re.compile(r"(?P<id>[1-9][0-9]{0,17})\.(?P<nonce>[A-Za-z0-9_-]{16,64})\.(?P<sig>[A-Za-z0-9_-]{43})")
MAX_TOKEN_CHARS = 140


@dataclass(frozen=True)
class TokenRow:
    """One stored token: whose, for which cohort, and whether it still opens the app."""
    id: int
    trainee: str
    cohort_id: int
    nonce: str
    issued_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class Verdict:
    """What :func:`verify` found: the token's row, or the reason it is refused (one of :data:`REASONS`)."""
    row: TokenRow | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.row is not None and self.reason is None

    @property
    def trainee(self) -> str | None:
        return self.row.trainee if self.ok else None

    def message(self, lang: str = "en") -> str:
        """The one line the trainee reads when the link is refused (never the token itself)."""
        return t(f"link.refused.{self.reason}", lang)


@dataclass(frozen=True)
class PersonalLink:
    """A member's live token, as ``cohort links`` prints it."""
    trainee: str
    team: str | None
    token_id: int
    token: str


@dataclass(frozen=True)
class AttemptContext:
    attempt_id: int
    identity: str                     # token | hub | typed
    practice: bool
    token_id: int | None


# --- signing and checking (pure) ------------------------------------------------------------------

def signature(secret: bytes, token_id: int, nonce: str) -> str:
    """HMAC-SHA256 of ``"<id>.<nonce>"``, base64url without padding (43 characters)."""
    digest = hmac.new(secret, f"{token_id}.{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make_token(secret: bytes, token_id: int, nonce: str) -> str:
    """The token a personal link carries."""
    return f"{token_id}.{nonce}.{signature(secret, token_id, nonce)}"


def verify(token: str, secret: bytes, find: Callable[[int], TokenRow | None]) -> Verdict:
    """The row of ``token``, or why it is refused (see the module docstring). ``find(row_id)``: the stored row
    or None. Pure apart from ``find``; the signature is compared in constant time."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS:
        return Verdict(reason="malformed")
    match = _TOKEN.fullmatch(token.strip())
    if match is None:
        return Verdict(reason="malformed")
    token_id, nonce = int(match["id"]), match["nonce"]
    if not hmac.compare_digest(signature(secret, token_id, nonce), match["sig"]):
        return Verdict(reason="forged")
    row = find(token_id)
    if row is None or not hmac.compare_digest(row.nonce.encode(), nonce.encode()):
        return Verdict(reason="unknown")
    if row.revoked_at is not None:
        return Verdict(row, "revoked")
    return Verdict(row)


# --- the secret ------------------------------------------------------------------------------------

def key_file_for(url: str) -> Path:
    """Where the key file of the database ``url`` lives: beside a SQLite file, else in the user data folder."""
    try:
        parsed = sa.make_url(url)
        path = _sqlite_file(parsed) if parsed.get_backend_name() == "sqlite" else None
    except (sa.exc.ArgumentError, ValueError):
        path = None
    return (path.parent if path is not None else data_dir()) / KEY_FILE


def secret_for(url: str, lang: str = "en", environ: Mapping[str, str] | None = None) -> bytes:
    """The organisation's secret: ``$DRILL_SECRET``, else the key file of ``url`` (created if missing).
    StoreError (one line, never the secret) if it is too short or the file cannot be read or made."""
    env = os.environ if environ is None else environ
    given = env.get(SECRET_VARIABLE)
    if given is not None and given.strip():
        if len(given.strip()) < MIN_SECRET_CHARS:
            raise StoreError(t("link.err.short_secret", lang, name=SECRET_VARIABLE, n=MIN_SECRET_CHARS))
        return given.strip().encode()
    return _key_file_secret(key_file_for(url), lang)


def _key_file_secret(path: Path, lang: str) -> bytes:
    try:
        if not path.exists():
            create_key_file(path)
        value = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(t("link.err.key_file", lang, path=path, error=getattr(exc, "strerror", None) or
                           type(exc).__name__)) from None
    if len(value) < MIN_SECRET_CHARS:
        raise StoreError(t("link.err.bad_key_file", lang, path=path, n=MIN_SECRET_CHARS))
    return value.encode()




# --- the store's side ------------------------------------------------------------------------------

def _row(r) -> TokenRow:
    return TokenRow(r.id, r.trainee, r.cohort_id, r.nonce, utc(r.issued_at),
                    utc(r.revoked_at) if r.revoked_at is not None else None)


_TOKEN_ROWS = sa.select(tokens, trainees.c.name.label("trainee")).join(trainees, trainees.c.id == tokens.c.trainee_id)


class Tokens(Database):
    """The ``tokens`` and ``attempt_context`` tables (the results store is one of these: ``get_cohort`` and
    ``members`` are the store's)."""

    _secret: bytes | None = None

    def secret(self) -> bytes:
        """The organisation's secret for this database (:func:`secret_for`), read once."""
        if self._secret is None:
            self._secret = secret_for(self._url, self.lang)
        return self._secret

    # --- issuing and revoking ------------------------------------------------------------------------
    def _member_ids(self, cohort_id: int, names: Iterable[str] | None) -> list[int]:
        """Trainee ids of the cohort's members (the named ones, in that order); StoreError naming one that is
        not a member."""
        members = self.members(cohort_id)
        if names is None:
            return [m.trainee_id for m in members]
        by_name = {m.name: m.trainee_id for m in members}
        out = []
        for name in names:
            key = name.strip() if isinstance(name, str) else name
            if key not in by_name:
                raise StoreError(t("link.err.not_member", self.lang, name=name,
                                   cohort=self.get_cohort(cohort_id).label))
            out.append(by_name[key])
        return out

    def issue_tokens(self, cohort_id: int, names: Iterable[str] | None = None, *, reissue: bool = False) -> int:
        """Give each member of the cohort (or each named member) a token if they have no live one; with
        ``reissue``, revoke the named members' live tokens and give them new ones. One transaction; the
        number of tokens issued."""
        ids = self._member_ids(cohort_id, list(names) if names is not None else None)

        def run(conn):
            at = now()
            live = set(conn.execute(sa.select(tokens.c.trainee_id).where(
                tokens.c.cohort_id == cohort_id, tokens.c.revoked_at.is_(None))).scalars())
            if reissue and ids:
                conn.execute(tokens.update().where(tokens.c.cohort_id == cohort_id, tokens.c.trainee_id.in_(ids),
                                                   tokens.c.revoked_at.is_(None)).values(revoked_at=at))
                live -= set(ids)
            issued = 0
            for trainee_id in dict.fromkeys(ids):
                if trainee_id in live:
                    continue
                conn.execute(tokens.insert().values(trainee_id=trainee_id, cohort_id=cohort_id,
                                                    nonce=secrets.token_urlsafe(NONCE_BYTES), issued_at=at))
                issued += 1
            return issued
        return self.write(run)

    def revoke_tokens(self, cohort_id: int, names: Iterable[str]) -> int:
        """Revoke the named members' live tokens for the cohort (their links stop opening the app); how many."""
        ids = self._member_ids(cohort_id, list(names))
        if not ids:
            return 0
        return self.write(lambda conn: conn.execute(tokens.update().where(
            tokens.c.cohort_id == cohort_id, tokens.c.trainee_id.in_(ids), tokens.c.revoked_at.is_(None))
            .values(revoked_at=now())).rowcount)

    def personal_links(self, cohort_id: int) -> list[PersonalLink]:
        """Each member's live token, in the order members joined (a member without one is left out)."""
        members = self.members(cohort_id)
        rows = self.read(lambda conn: conn.execute(_TOKEN_ROWS.where(
            tokens.c.cohort_id == cohort_id, tokens.c.revoked_at.is_(None)).order_by(tokens.c.id)).all())
        latest = {r.trainee_id: r for r in rows}
        secret = self.secret()
        return [PersonalLink(m.name, m.team, latest[m.trainee_id].id,
                             make_token(secret, latest[m.trainee_id].id, latest[m.trainee_id].nonce))
                for m in members if m.trainee_id in latest]

    def token_row(self, token_id: int) -> TokenRow | None:
        row = self.read(lambda conn: conn.execute(_TOKEN_ROWS.where(tokens.c.id == token_id)).first())
        return _row(row) if row is not None else None

    def verify_token(self, token: str) -> Verdict:
        """:func:`verify` against this database and its secret."""
        return verify(token, self.secret(), self.token_row)

    # --- how attempts were started -------------------------------------------------------------------
    def record_context(self, attempt_id: int, identity: str, practice: bool, token_id: int | None = None) -> AttemptContext:
        """Say how the attempt was started (call right after ``open_attempt``); an attempt that already has a
        row (joined again, from another tab) keeps it. The row in force is returned."""
        if identity not in IDENTITIES:
            raise ValueError(f"identity must be one of {IDENTITIES}, not {identity!r}")

        def run(conn):
            row = conn.execute(sa.select(attempt_context).where(attempt_context.c.attempt_id == attempt_id)).first()
            if row is None:
                conn.execute(attempt_context.insert().values(attempt_id=attempt_id, identity=identity,
                                                             practice=bool(practice), token_id=token_id))
                return AttemptContext(attempt_id, identity, bool(practice), token_id)
            return AttemptContext(row.attempt_id, row.identity, bool(row.practice), row.token_id)
        return self.write_or_adopt(run)

    def contexts(self, attempt_ids: Iterable[int]) -> dict[int, AttemptContext]:
        """attempt id -> its context, for those that have one (older attempts have none: they count)."""
        ids = list(attempt_ids)
        if not ids:
            return {}
        rows = self.read(lambda conn: conn.execute(sa.select(attempt_context).where(
            attempt_context.c.attempt_id.in_(ids))).all())
        return {r.attempt_id: AttemptContext(r.attempt_id, r.identity, bool(r.practice), r.token_id) for r in rows}


__all__ = ["IDENTITIES", "KEY_FILE", "MIN_SECRET_CHARS", "REASONS", "SECRET_VARIABLE", "AttemptContext",
           "PersonalLink", "TokenRow", "Tokens", "Verdict", "key_file_for", "make_token",
           "secret_for", "signature", "verify"]
