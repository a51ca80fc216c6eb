"""JupyterHub for the annual drill: many trainees, each signed in, each with their own drill app.

Start it with ``jupyterhub -f deploy/jupyterhub_config.py`` (``make hub`` does, for a local trial). What it
does (``deploy/README.md`` has the whole story, for one server and for Kubernetes):

* A trainee signs in with the organisation's accounts (the authenticator is pluggable) and gets their
  own single-user server, which opens the drill app (``notebooks/20_drill.ipynb``) through Voila, sources
  hidden. The app knows the trainee from the hub (``JUPYTERHUB_USER``, :mod:`sim.ui.identity`): no name
  is typed, and attempts are stored and offered under the hub user's name only.
* Trainers (hub admins, or members of the trainers group) open the trainer dashboard
  (``notebooks/30_trainer.ipynb``) instead; the drill page is in their folder too, to try a drill.
* Every server gets the results store in ``DRILL_DB`` (PostgreSQL for an organisation); the URL is never
  printed with its password.
* Idle kernels are culled inside each server (a closed Voila page never frees its kernel: Voila 0.5.13's
  shutdown request is refused), and idle servers by jupyterhub-idle-culler, run by the hub as a service.

Every setting comes from an environment variable with a default: :data:`SETTINGS` lists them (the README
table is checked against it). A wrong value stops the hub with one line naming the variable (exit 2).
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from sim.i18n import t
from sim.store.errors import mask_url

c = get_config()  # noqa: F821 -- provided by JupyterHub's config loader

KIT = Path(__file__).resolve().parents[1]          # the kit's checkout (notebooks/, scenarios/)
NOTEBOOKS = KIT / "notebooks"
DRILL_PAGE, TRAINER_PAGE = "20_drill.ipynb", "30_trainer.ipynb"
LOCAL_PROXY = KIT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"   # make hub installs it

# name: (default, meaning). Defaults suit one server; "" means unset.
SETTINGS: dict[str, tuple[str, str]] = {
    "DRILL_HUB_IP": ("127.0.0.1", "address of the public port (0.0.0.0: every interface)"),
    "DRILL_HUB_PORT": ("8000", "the public port trainees open"),
    "DRILL_HUB_API_PORT": ("8081", "the hub's internal API port (loopback only)"),
    "DRILL_HUB_PROXY_API_PORT": ("8001", "configurable-http-proxy's API port (loopback only)"),
    "DRILL_HUB_PROXY": ("", "the proxy program (default: .venv/node's from make hub-install, else PATH's)"),
    "DRILL_HUB_DATA": ("/srv/drill-hub", "the hub's state: its database, cookie secret, users' folders"),
    "DRILL_HUB_STATE_DB": ("", "the hub's own database URL (default: SQLite in DRILL_HUB_DATA)"),
    "DRILL_DB": ("", "the results store for every server (default: SQLite in DRILL_HUB_DATA, a trial)"),
    "DRILL_SCENARIOS": ("", "the scenario library the drill app lists (default: the kit's scenarios/)"),
    "DRILL_HUB_AUTHENTICATOR": ("pam", "who may sign in: pam, shared-password, or any authenticator"),
    "DRILL_HUB_PASSWORD": ("", "shared-password only: the users' password (8 characters or more)"),
    "DRILL_HUB_ADMIN_PASSWORD": ("", "shared-password only: the admins' password"),
    "DRILL_HUB_ALLOWED_USERS": ("", "comma-separated users allowed in (besides admins and trainers)"),
    "DRILL_HUB_ALLOW_ALL": ("false", "true: everyone the authenticator accepts may sign in"),
    "DRILL_HUB_ADMINS": ("", "comma-separated hub admins (they see the trainer dashboard)"),
    "DRILL_HUB_TRAINERS": ("", "comma-separated members of the trainers group"),
    "DRILL_HUB_TRAINER_GROUP": ("trainers", "the hub group whose members see the trainer dashboard"),
    "DRILL_HUB_SPAWNER": ("localprocess", "localprocess (own system accounts), simple (trial), or any"),
    "DRILL_HUB_KERNEL_IDLE": ("900", "seconds a kernel may stay idle before its server culls it (0: never)"),
    "DRILL_HUB_KERNEL_CULL_EVERY": ("60", "seconds between a server's checks for idle kernels"),
    "DRILL_HUB_SERVER_IDLE": ("3600", "seconds a server may stay idle before the idle culler stops it"),
    "DRILL_HUB_SERVER_CULL_EVERY": ("300", "seconds between the idle culler's checks"),
    "DRILL_HUB_EXTRA_CONFIG": ("", "a Python config file loaded last (an authenticator's own settings)"),
    "DRILL_HUB_LANGUAGE": ("en", "language of this file's messages: en or zh"),
}

LANG = os.environ.get("DRILL_HUB_LANGUAGE", "en").strip() or "en"
if LANG not in ("en", "zh"):        # said in both languages: which one the reader wanted is unknown
    print("deploy/jupyterhub_config.py: " + " / ".join(
        t("hub.err.language", lang, value=LANG) for lang in ("en", "zh")), file=sys.stderr)
    sys.exit(2)


def refuse(key: str, **kw) -> None:
    """Stop the hub with one line (exit 2), naming this file and the variable, never a traceback."""
    print(f"deploy/jupyterhub_config.py: {t(key, LANG, **kw)}", file=sys.stderr)
    sys.exit(2)


def setting(name: str) -> str:
    """The value of setting ``name``: its variable, else its default (stripped)."""
    value = os.environ.get(name, "").strip()
    return value or SETTINGS[name][0]


def number(name: str, low: int, high: int) -> int:
    """A whole-number setting within [low, high]."""
    text = setting(name)
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        refuse("hub.err.number", name=name, value=text, low=low, high=high)
    return value


def names(name: str) -> list[str]:
    """A comma-separated list setting, without blanks or repeats."""
    return list(dict.fromkeys(n.strip() for n in setting(name).split(",") if n.strip()))


def flag(name: str) -> bool:
    text = setting(name).lower()
    if text not in ("true", "false", "1", "0", "yes", "no"):
        refuse("hub.err.flag", name=name, value=text)
    return text in ("true", "1", "yes")


# --- where the hub listens, and its own state -------------------------------------------------------
ip = setting("DRILL_HUB_IP")
port, api_port, proxy_api_port = (number(n, 1, 65535) for n in (
    "DRILL_HUB_PORT", "DRILL_HUB_API_PORT", "DRILL_HUB_PROXY_API_PORT"))
if len({port, api_port, proxy_api_port}) < 3:
    refuse("hub.err.ports", ports=f"{port}, {api_port}, {proxy_api_port}")
c.JupyterHub.bind_url = f"http://{ip}:{port}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{api_port}"          # servers reach the hub on loopback
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{proxy_api_port}"

data = Path(setting("DRILL_HUB_DATA")).expanduser().resolve()
try:
    data.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    refuse("hub.err.data", path=data, error=exc.strerror or exc)
c.JupyterHub.cookie_secret_file = str(data / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = setting("DRILL_HUB_STATE_DB") or f"sqlite:///{data / 'jupyterhub.sqlite'}"
c.ConfigurableHTTPProxy.pid_file = str(data / "jupyterhub-proxy.pid")
proxy = setting("DRILL_HUB_PROXY") or (str(LOCAL_PROXY) if LOCAL_PROXY.exists() else "configurable-http-proxy")
if shutil.which(proxy) is None:
    refuse("hub.err.proxy", proxy=proxy)
c.ConfigurableHTTPProxy.command = [proxy]

# --- who may sign in ---------------------------------------------------------------------------------
authenticator = setting("DRILL_HUB_AUTHENTICATOR")
c.JupyterHub.authenticator_class = authenticator
if authenticator == "shared-password":
    # One password for every trainee: anyone who has it can sign in as anyone. For a trial or a test only.
    password = setting("DRILL_HUB_PASSWORD")
    if len(password) < 8:
        refuse("hub.err.password", name="DRILL_HUB_PASSWORD")
    c.SharedPasswordAuthenticator.user_password = password
    if setting("DRILL_HUB_ADMIN_PASSWORD"):
        c.SharedPasswordAuthenticator.admin_password = setting("DRILL_HUB_ADMIN_PASSWORD")
admins, trainers = names("DRILL_HUB_ADMINS"), names("DRILL_HUB_TRAINERS")
trainer_group = setting("DRILL_HUB_TRAINER_GROUP")
c.Authenticator.admin_users = set(admins)
c.Authenticator.allowed_users = set(names("DRILL_HUB_ALLOWED_USERS")) | set(trainers)
c.Authenticator.allow_all = flag("DRILL_HUB_ALLOW_ALL")
if trainers:
    c.JupyterHub.load_groups = {trainer_group: {"users": trainers}}

# --- each user's server: the drill app (trainees) or the dashboard (trainers) -----------------------
kernel_idle = number("DRILL_HUB_KERNEL_IDLE", 0, 7 * 86400)
kernel_every = number("DRILL_HUB_KERNEL_CULL_EVERY", 1, 86400)
store = setting("DRILL_DB")
spawner = setting("DRILL_HUB_SPAWNER")
c.JupyterHub.spawner_class = spawner
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]   # the kit's environment
c.Spawner.environment = {"DRILL_SCENARIOS": setting("DRILL_SCENARIOS") or str(KIT / "scenarios"),
                         "MPLBACKEND": "Agg"}
if store:
    # Passed on from the hub's own environment, so that the URL and its password are in no config value
    # (jupyterhub --show-config, a debug log) but only in the servers' environment.
    c.Spawner.env_keep.append("DRILL_DB")
else:
    c.Spawner.environment["DRILL_DB"] = f"sqlite:///{data / 'drills.sqlite'}"
c.SimpleLocalProcessSpawner.home_dir_template = str(data / "homes" / "{username}")
c.Spawner.start_timeout = 120            # a server imports the kit and Voila: slow when many start at once
c.Spawner.http_timeout = 60
# Inside each server: Voila's kernel for a closed page is freed only by culling, so the kernel manager
# culls a kernel idle for DRILL_HUB_KERNEL_IDLE seconds, even with a page still connected (one left open
# on the setup screen or the scorecard all day). A running drill is never idle: its one-second timer
# talks to the kernel.
SERVER_ARGS = [
    f"--MappingKernelManager.cull_idle_timeout={kernel_idle}",
    f"--MappingKernelManager.cull_interval={kernel_every}",
    "--MappingKernelManager.cull_connected=True",
    "--VoilaConfiguration.strip_sources=True",
    # Voila waits 4 s (nbclient's default) for a cell's output, then renders the page without it: a blank
    # page when many servers start at once on a busy machine. The drill's one cell is quick; wait longer.
    "--VoilaExecutor.iopub_timeout=30",
    # The browser's languages reach the page (HTTP_ACCEPT_LANGUAGE): the drill opens in Chinese for a Chinese
    # browser unless ?lang= says otherwise (sim.ui.identity.page_language).
    '--VoilaConfiguration.http_header_envs=["Accept-Language"]',
    # (No TagRemovePreprocessor here, unlike `make drill`: Voila applies it only when it serves one notebook.
    # The notebooks' lab-only cells are hidden by the apps' style sheets instead: sim.ui.theme.LAB_ONLY_CSS.)
]
# Trainees' servers serve the drill page alone: no JupyterLab, no terminal, and the page's kernel accepts
# only the widget messages (as standalone Voila allows), not code to run. (Their folder is read-only to
# them when each has their own system account, so no notebook of theirs can be rendered either.)
TRAINEE_ARGS = [
    "--ServerApp.terminals_enabled=False",
    *(f"--ServerApp.jpserver_extensions={name}=False"
      for name in ("jupyterlab", "jupyter_lsp", "jupyter_server_terminals", "notebook_shim")),
    *(f"--MappingKernelManager.allowed_message_types={kind}" for kind in (
        "comm_open", "comm_close", "comm_msg", "comm_info_request", "kernel_info_request", "shutdown_request")),
]


def is_trainer(user) -> bool:
    """Hub admins and members of the trainers group see the trainer dashboard."""
    return bool(user.admin) or any(g.name == trainer_group for g in user.groups)


def user_folder(name: str, trainer: bool, owner: int | None = None) -> Path:
    """The folder a user's server is rooted in, holding only the pages they may open, copied fresh from
    notebooks/ at every start (so a kit update reaches everyone at their next start). It belongs to the hub
    (read-only to a trainee with their own account); a trainer's belongs to ``owner`` (their account's
    uid, if any), since the dashboard writes its reports there."""
    folder = data / "pages" / name
    folder.mkdir(parents=True, exist_ok=True)
    pages = (DRILL_PAGE, TRAINER_PAGE) if trainer else (DRILL_PAGE,)
    for page in pages:
        shutil.copyfile(NOTEBOOKS / page, folder / (page + ".new"))
        os.replace(folder / (page + ".new"), folder / page)
    if not trainer:
        (folder / TRAINER_PAGE).unlink(missing_ok=True)      # a trainer who lost the role
    if trainer and owner is not None:
        os.chown(folder, owner, -1)
    return folder


def account_uid(spawner) -> int | None:
    """The uid a LocalProcessSpawner runs this user's server as, when the hub runs as root (else None:
    the server runs as the hub's own user, who owns the folder already)."""
    if os.geteuid() != 0 or type(spawner).__name__ == "SimpleLocalProcessSpawner":
        return None
    try:
        import pwd
        return pwd.getpwnam(spawner.user.name).pw_uid
    except (ImportError, KeyError):
        return None


def runs_as_root(spawner) -> bool:
    """Whether this server will run as root (a trial started as root: Jupyter then needs --allow-root)."""
    if os.geteuid() != 0:
        return False
    return type(spawner).__name__ == "SimpleLocalProcessSpawner" or spawner.user.name == "root"


def pre_spawn_hook(spawner) -> None:
    """Point the user's server at their folder and their page, with the culling settings."""
    trainer = is_trainer(spawner.user)
    spawner.notebook_dir = str(user_folder(spawner.user.name, trainer, account_uid(spawner)))
    spawner.default_url = "/voila/render/" + (TRAINER_PAGE if trainer else DRILL_PAGE)
    spawner.args = [*SERVER_ARGS, *([] if trainer else TRAINEE_ARGS),
                    *(["--ServerApp.allow_root=True"] if runs_as_root(spawner) else [])]


c.Spawner.pre_spawn_hook = pre_spawn_hook

# --- idle servers: jupyterhub-idle-culler as a hub-managed service ----------------------------------
server_idle = number("DRILL_HUB_SERVER_IDLE", 60, 30 * 86400)
server_every = number("DRILL_HUB_SERVER_CULL_EVERY", 10, 86400)
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={server_idle}", f"--cull-every={server_every}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "description": "Stops servers idle for DRILL_HUB_SERVER_IDLE seconds",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]

# --- an authenticator's (or anything else's) own settings, last -------------------------------------
extra = setting("DRILL_HUB_EXTRA_CONFIG")
if extra:
    extra_path = Path(extra).expanduser().resolve()
    if not extra_path.is_file():
        refuse("hub.err.extra", path=extra_path)
    load_subconfig(str(extra_path))  # noqa: F821 -- provided by JupyterHub's config loader

if not store:
    store = c.Spawner.environment["DRILL_DB"]
    print(f"deploy/jupyterhub_config.py: {t('hub.sqlite_store', LANG, url=store)}", file=sys.stderr)
print("deploy/jupyterhub_config.py: " + t(
    "hub.summary", LANG, url=c.JupyterHub.bind_url, auth=authenticator, spawner=spawner, store=mask_url(store),
    kernel_idle=kernel_idle, server_idle=server_idle), file=sys.stderr)
