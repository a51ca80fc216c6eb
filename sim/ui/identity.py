"""Who the person at the app is, when the environment already knows: the JupyterHub user.

Behind JupyterHub every trainee has their own single-user server, started by the hub after the trainee
logged in (with the organisation's accounts: see ``deploy/README.md``). The hub hands that server its
user's name in ``JUPYTERHUB_USER``, with ``JUPYTERHUB_API_URL`` (where the hub's API is) and the server's
own credentials; the kernels the server starts inherit them. So a drill app running in such a kernel
knows who is there without asking: :func:`hub_user` returns that name, and the app shows it read-only
instead of a name field (nothing is typed, so nobody can take a colleague's name or their attempts).

Both variables are required: ``JUPYTERHUB_USER`` alone is only a name someone exported in a shell, not a
hub's word. Outside a hub (``make drill``, JupyterLab on a laptop, the tests) :func:`hub_user` returns
None.

Outside a hub, a *personal link* says who the trainee is: the app's URL with ``?token=...``
(:mod:`sim.store.tokens`; ``python -m sim cohort links`` prints them). Voila hands the page's query string to
the kernel it starts for the page, in ``QUERY_STRING``; :func:`link_token` reads the token from it. Without a
hub and without a link, a typed name is all there is: that is *practice*, whose results never count.

:func:`identify` puts the rules in one place, for the drill app and the command drill alike:

1. the hub user (or a name the caller vouches for, ``signed_in``): identity ``hub``, counted;
2. else a token in the link: verified against the store; identity ``token`` with the trainee and the cohort
   the trainer issued it for, or *refused* (malformed, forged, unknown, revoked: one line, no drill);
3. else practice: identity ``typed``, the name typed in the app, never counted.

The page also says which language the trainee reads (:func:`page_language`): ``?lang=zh`` in its address
(the app writes it there whenever the trainee switches language, so a reload keeps it, behind JupyterHub as
anywhere), else the browser's ``Accept-Language`` when the server passes it on (Voila does with
``--VoilaConfiguration.http_header_envs="['Accept-Language']"``, as ``HTTP_ACCEPT_LANGUAGE``).

    >>> hub_user({"JUPYTERHUB_USER": "li.ming", "JUPYTERHUB_API_URL": "http://127.0.0.1:8081/hub/api"})
    'li.ming'
    >>> hub_user({"JUPYTERHUB_USER": "li.ming"}) is None          # no hub API: not behind a hub
    True
    >>> hub_user({}) is None
    True
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs

from sim.i18n import t
from sim.store.errors import StoreError  # no SQLAlchemy: hub_user stays light

USER_VARIABLE = "JUPYTERHUB_USER"        # the hub user's name, set by the hub for their server
API_VARIABLE = "JUPYTERHUB_API_URL"      # the hub's API, set for every server a hub starts


def hub_user(environ: Mapping[str, str] | None = None) -> str | None:
    """The JupyterHub user this process serves (``environ``: default ``os.environ``), or None when it does
    not run under a hub. The name is the hub's own (already normalised by the hub's authenticator), with
    surrounding white space dropped; an empty one counts as none."""
    env = os.environ if environ is None else environ
    name = (env.get(USER_VARIABLE) or "").strip()
    api = (env.get(API_VARIABLE) or "").strip()
    return name if name and api else None


QUERY_VARIABLE = "QUERY_STRING"         # the page's query string, set by Voila for the kernel of the page
TOKEN_PARAMETER = "token"                # ?token=... in a personal link


def link_token(environ: Mapping[str, str] | None = None) -> str | None:
    """The token of the personal link the page was opened with (``environ``: default ``os.environ``), or None
    without one. A link whose token is empty (cut short when copied) gives "", which is refused, not
    taken for no link: the trainee then learns their link is broken instead of drilling as practice.

    >>> link_token({"QUERY_STRING": "token=12.abc.def&lang=zh"})
    '12.abc.def'
    >>> link_token({"QUERY_STRING": "token="}), link_token({"QUERY_STRING": ""}), link_token({})
    ('', None, None)
    """
    env = os.environ if environ is None else environ
    query = env.get(QUERY_VARIABLE) or ""
    values = parse_qs(query, keep_blank_values=True).get(TOKEN_PARAMETER)
    return values[0].strip() if values else None


LANGUAGE_PARAMETER = "lang"              # ?lang=zh: the language the trainee chose
ACCEPT_LANGUAGE_VARIABLE = "HTTP_ACCEPT_LANGUAGE"   # the browser's languages, when Voila is told to pass them


def page_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the page asks for (``en`` or ``zh``), or None: ``?lang=`` in its address, else the first
    language of the browser's ``Accept-Language`` that the kit speaks (any Chinese is Simplified Chinese).

    >>> page_language({"QUERY_STRING": "token=1.a.b&lang=zh"}), page_language({"QUERY_STRING": "lang=ZH-cn"})
    ('zh', 'zh')
    >>> page_language({"QUERY_STRING": "lang=fr", "HTTP_ACCEPT_LANGUAGE": "fr-FR,zh-CN;q=0.8,en;q=0.5"})
    'zh'
    >>> page_language({"QUERY_STRING": "lang=en", "HTTP_ACCEPT_LANGUAGE": "zh"}), page_language({})
    ('en', None)
    """
    env = os.environ if environ is None else environ
    asked = parse_qs(env.get(QUERY_VARIABLE) or "").get(LANGUAGE_PARAMETER, [])
    ranked = []
    for i, part in enumerate((env.get(ACCEPT_LANGUAGE_VARIABLE) or "").split(",")):
        tag, _, q = part.strip().partition(";q=")
        try:
            ranked.append((-float(q or 1), i, tag))
        except ValueError:
            continue
    for tag in [*asked, *(tag for *_, tag in sorted(ranked))]:
        lang = tag.strip().lower().split("-")[0]
        if lang in ("en", "zh"):
            return lang
    return None


def on_voila_page(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the kernel serves a Voila page (Voila sets ``QUERY_STRING`` for it, empty or not): only there
    does the app write ``?lang=`` into the page's address (JupyterLab's address is its own)."""
    return QUERY_VARIABLE in (os.environ if environ is None else environ)


HUB, TOKEN, TYPED = "hub", "token", "typed"


@dataclass(frozen=True)
class Identity:
    """Who is at the app and who vouches for it (see the module docstring). ``how``: ``hub``, ``token`` or
    ``typed``; ``name``: the trainee's name (None for typed: the name field says it); ``cohort_id`` and
    ``cohort_label``: the cohort of a personal link; ``refused``: why a link is refused (a
    ``link.refused.*`` reason, or ``store`` with ``detail``, the store's one line): then no drill starts."""
    how: str
    name: str | None = None
    cohort_id: int | None = None
    cohort_label: str | None = None
    token_id: int | None = None
    refused: str | None = None
    detail: str | None = None

    @property
    def practice(self) -> bool:
        """A typed name: results are stored as practice and never count."""
        return self.how == TYPED and self.refused is None

    @property
    def signed_in(self) -> str | None:
        """The name the environment vouches for (hub or link), None for practice or a refused link."""
        return self.name if self.refused is None and self.how != TYPED else None

    def refusal(self, lang: str = "en") -> str | None:
        """The one line a refused link shows (None when it is not refused); never the token."""
        if self.refused is None:
            return None
        if self.refused == "store":
            return t("link.refused.store", lang, error=self.detail)
        return t(f"link.refused.{self.refused}", lang)


def identify(store: Any, *, signed_in: str | None = None, token: str | None = None,
             environ: Mapping[str, str] | None = None) -> Identity:
    """Who is at the app: ``signed_in`` (a name the caller vouches for), else the hub user, else the link's
    ``token`` (default: :func:`link_token`) verified with ``store()`` (a function returning the results
    store: it is opened only for a link), else practice."""
    name = signed_in.strip() if signed_in and signed_in.strip() else hub_user(environ)
    if name:
        return Identity(HUB, name)
    token = link_token(environ) if token is None else token
    if token is None:
        return Identity(TYPED)
    try:
        results = store()
        verdict = results.verify_token(token)
        if not verdict.ok:
            return Identity(TOKEN, refused=verdict.reason)
        row = verdict.row
        return Identity(TOKEN, row.trainee, row.cohort_id, results.get_cohort(row.cohort_id).label, row.id)
    except StoreError as exc:
        return Identity(TOKEN, refused="store", detail=str(exc))


def rechecked(identity: Identity, store: Any) -> Identity:
    """``identity`` as it stands now: a personal link's token row looked up again (``store()`` returns the
    results store), so that a link the trainer revoked while the page was open stops working at the next
    start, resume, submit or finish, not only at the next page load. Any other identity is returned as it is.

    >>> from datetime import datetime
    >>> class Rows:
    ...     def __init__(self, revoked): self.revoked = revoked
    ...     def token_row(self, token_id): return type("Row", (), {"revoked_at": self.revoked})()
    >>> link = Identity(TOKEN, "Ann", 1, "Hotline (2026)", 7)
    >>> rechecked(link, lambda: Rows(None)) == link
    True
    >>> rechecked(link, lambda: Rows(datetime(2026, 5, 1))).refused
    'revoked'
    >>> rechecked(Identity(HUB, "ann"), lambda: 1 / 0).how
    'hub'
    """
    if identity.how != TOKEN or identity.refused is not None or identity.token_id is None:
        return identity
    try:
        row = store().token_row(identity.token_id)
    except StoreError as exc:
        return replace(identity, refused="store", detail=str(exc))
    if row is None:
        return replace(identity, refused="unknown")
    if row.revoked_at is not None:
        return replace(identity, refused="revoked")
    return identity


__all__ = ["ACCEPT_LANGUAGE_VARIABLE", "API_VARIABLE", "HUB", "LANGUAGE_PARAMETER", "QUERY_VARIABLE", "TOKEN",
           "TOKEN_PARAMETER", "TYPED", "USER_VARIABLE", "Identity", "hub_user", "identify", "link_token",
           "on_voila_page", "page_language", "rechecked"]
