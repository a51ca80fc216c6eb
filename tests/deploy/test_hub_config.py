"""deploy/jupyterhub_config.py loaded as JupyterHub loads it: settings from environment variables with the
documented defaults, the pages each kind of user gets, culling settings the servers' kernel manager
honours, one line (exit 2) for a wrong value, and the results store's password never printed. The
Makefile's drill target culls idle kernels the same way."""
import ast
import re
import shlex
import subprocess
import sys
import types
from pathlib import Path

import pytest
from support import ROOT
from traitlets.config import Config
from traitlets.config.loader import KVArgParseConfigLoader, PyFileConfigLoader

CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
README = ROOT / "deploy" / "README.md"
WIDGET_MESSAGES = ["comm_open", "comm_close", "comm_msg", "comm_info_request", "kernel_info_request",
                   "shutdown_request"]


def load(monkeypatch, tmp_path, **env) -> Config:
    """The config JupyterHub would get with ``env`` (every other DRILL_ variable unset)."""
    import os
    for key in list(os.environ):
        if key.startswith("DRILL_HUB_") or key in ("DRILL_DB", "DRILL_SCENARIOS"):
            monkeypatch.delenv(key)
    env.setdefault("DRILL_HUB_DATA", str(tmp_path / "hub"))
    env.setdefault("DRILL_HUB_PROXY", "/bin/true")         # any program: the proxy is not started here
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return PyFileConfigLoader(CONFIG.name, str(CONFIG.parent)).load_config()


def settings() -> dict:
    """The config's SETTINGS table (name: (default, meaning)), read from its source."""
    source = CONFIG.read_text()
    start = source.index("{", source.index("SETTINGS: dict"))
    return ast.literal_eval(source[start:source.index("}\n", start) + 1])


def test_defaults_are_the_documented_ones(monkeypatch, tmp_path, capsys):
    c = load(monkeypatch, tmp_path)
    hub = tmp_path / "hub"
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000"
    assert c.JupyterHub.hub_bind_url == "http://127.0.0.1:8081"
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:8001"
    assert c.JupyterHub.db_url == f"sqlite:///{hub / 'jupyterhub.sqlite'}"
    assert c.JupyterHub.authenticator_class == "pam" and c.JupyterHub.spawner_class == "localprocess"
    assert c.Authenticator.allow_all is False and c.Authenticator.admin_users == set()
    assert "load_groups" not in c.JupyterHub                   # no trainers listed: no group loaded
    env = c.Spawner.environment
    assert env["DRILL_DB"] == f"sqlite:///{hub / 'drills.sqlite'}"           # a trial's store: no secret
    assert env["DRILL_SCENARIOS"] == str(ROOT / "scenarios")
    assert c.Spawner.cmd[0].endswith("jupyterhub-singleuser")
    [culler] = c.JupyterHub.services
    assert culler["command"][-3:] == ["jupyterhub_idle_culler", "--timeout=3600", "--cull-every=300"]
    [role] = c.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"]
    assert set(role["scopes"]) == {"list:users", "read:users:activity", "read:servers", "delete:servers"}
    err = capsys.readouterr().err
    assert "DRILL_DB is not set" in err and "idle kernels culled after 900 s, idle servers after 3600 s" in err


def test_every_setting_is_documented_with_its_default():
    table = README.read_text()
    for name, (default, _meaning) in settings().items():
        row = next((line for line in table.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"{name} is missing from the settings table in deploy/README.md"
        assert (f"`{default}`" if default else "(unset)") in row, (name, row)
    read = set(re.findall(r'(?:setting|number|names|flag)\("([A-Z_]+)"', CONFIG.read_text()))
    assert read <= set(settings()), read - set(settings())


def test_settings_come_from_the_environment(monkeypatch, tmp_path, capsys):
    extra = tmp_path / "extra.py"
    extra.write_text("c.Authenticator.manage_groups = False\nc.JupyterHub.extra_seen = 'yes'\n")
    c = load(monkeypatch, tmp_path, DRILL_HUB_IP="0.0.0.0", DRILL_HUB_PORT="9000", DRILL_HUB_API_PORT="9081",
             DRILL_HUB_PROXY_API_PORT="9001", DRILL_HUB_STATE_DB="postgresql://hub@db/hub",
             DRILL_DB="postgresql+psycopg://drill:S3cretPW@db.example/drills", DRILL_SCENARIOS="/srv/library",
             DRILL_HUB_AUTHENTICATOR="shared-password", DRILL_HUB_PASSWORD="a-long-password",
             DRILL_HUB_ADMIN_PASSWORD="another-password", DRILL_HUB_ALLOWED_USERS="ann, bob,ann",
             DRILL_HUB_ALLOW_ALL="true", DRILL_HUB_ADMINS="root-trainer", DRILL_HUB_TRAINERS="tina,tom",
             DRILL_HUB_TRAINER_GROUP="coaches", DRILL_HUB_SPAWNER="simple", DRILL_HUB_KERNEL_IDLE="120",
             DRILL_HUB_KERNEL_CULL_EVERY="10", DRILL_HUB_SERVER_IDLE="600", DRILL_HUB_SERVER_CULL_EVERY="30",
             DRILL_HUB_EXTRA_CONFIG=str(extra))
    assert c.JupyterHub.bind_url == "http://0.0.0.0:9000"
    assert c.JupyterHub.hub_bind_url == "http://127.0.0.1:9081"       # never on the public interface
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:9001"
    assert c.JupyterHub.db_url == "postgresql://hub@db/hub"
    # the store's URL (with its password) goes from the hub's environment to the servers', not into the config
    assert "DRILL_DB" not in c.Spawner.environment and "DRILL_DB" in c.Spawner.env_keep.get_value([])
    assert c.Spawner.environment["DRILL_SCENARIOS"] == "/srv/library"
    assert c.SharedPasswordAuthenticator.user_password == "a-long-password"
    assert c.SharedPasswordAuthenticator.admin_password == "another-password"
    assert c.Authenticator.allowed_users == {"ann", "bob", "tina", "tom"} and c.Authenticator.allow_all is True
    assert c.Authenticator.admin_users == {"root-trainer"}
    assert c.JupyterHub.load_groups == {"coaches": {"users": ["tina", "tom"]}}
    assert c.JupyterHub.spawner_class == "simple"
    assert c.JupyterHub.services[0]["command"][-2:] == ["--timeout=600", "--cull-every=30"]
    assert c.JupyterHub.extra_seen == "yes"                          # the extra file was loaded, last
    err = capsys.readouterr().err
    assert "S3cretPW" not in err and "drill:***@db.example" in err and "a-long-password" not in err


def spawner_for(c, name, *, admin=False, groups=()):
    user = types.SimpleNamespace(name=name, admin=admin, groups=[types.SimpleNamespace(name=g) for g in groups])
    spawner = types.SimpleNamespace(user=user, notebook_dir="", default_url="", args=[])
    c.Spawner.pre_spawn_hook(spawner)
    return spawner


def kernel_manager_settings(args):
    """The kernel manager a single-user server builds from ``args`` (as jupyter_server parses them)."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager, MappingKernelManager
    config = KVArgParseConfigLoader([a for a in args if "KernelManager" in a],
                                    classes=[MappingKernelManager]).load_config()
    return AsyncMappingKernelManager(config=config)


def test_trainees_get_the_drill_page_alone_and_trainers_the_dashboard(monkeypatch, tmp_path):
    c = load(monkeypatch, tmp_path, DRILL_HUB_TRAINERS="tina", DRILL_HUB_KERNEL_IDLE="300",
             DRILL_HUB_KERNEL_CULL_EVERY="20")
    ann = spawner_for(c, "ann")
    assert ann.default_url == "/voila/render/20_drill.ipynb"
    assert sorted(p.name for p in Path(ann.notebook_dir).iterdir()) == ["20_drill.ipynb"]
    assert (Path(ann.notebook_dir) / "20_drill.ipynb").read_bytes() == (ROOT / "notebooks/20_drill.ipynb").read_bytes()
    assert "--ServerApp.terminals_enabled=False" in ann.args
    assert "--ServerApp.jpserver_extensions=jupyterlab=False" in ann.args
    km = kernel_manager_settings(ann.args)
    assert (km.cull_idle_timeout, km.cull_interval, km.cull_connected) == (300, 20, True)
    assert km.allowed_message_types == WIDGET_MESSAGES        # widget messages only: no code is run
    for trainer in (spawner_for(c, "tina", groups=["trainers"]), spawner_for(c, "boss", admin=True)):
        assert trainer.default_url == "/voila/render/30_trainer.ipynb"
        assert sorted(p.name for p in Path(trainer.notebook_dir).iterdir()) == ["20_drill.ipynb", "30_trainer.ipynb"]
        km = kernel_manager_settings(trainer.args)
        assert km.cull_idle_timeout == 300 and km.allowed_message_types == []
        assert "--ServerApp.terminals_enabled=False" not in trainer.args
    # a trainer who is one no longer loses the dashboard page at the next start
    c2 = load(monkeypatch, tmp_path)
    assert sorted(p.name for p in Path(spawner_for(c2, "tina").notebook_dir).iterdir()) == ["20_drill.ipynb"]


@pytest.mark.parametrize(("env", "message"), [
    ({"DRILL_HUB_PORT": "eighty"}, "DRILL_HUB_PORT: 'eighty' is not a whole number from 1 to 65535"),
    ({"DRILL_HUB_PORT": "70000"}, "DRILL_HUB_PORT: '70000' is not a whole number from 1 to 65535"),
    ({"DRILL_HUB_API_PORT": "8000"}, "must differ (got 8000, 8000, 8001)"),
    ({"DRILL_HUB_KERNEL_IDLE": "-1"}, "DRILL_HUB_KERNEL_IDLE: '-1' is not a whole number from 0 to 604800"),
    ({"DRILL_HUB_SERVER_IDLE": "10"}, "DRILL_HUB_SERVER_IDLE: '10' is not a whole number from 60 to 2592000"),
    ({"DRILL_HUB_ALLOW_ALL": "maybe"}, "DRILL_HUB_ALLOW_ALL: 'maybe' is not true or false"),
    ({"DRILL_HUB_AUTHENTICATOR": "shared-password", "DRILL_HUB_PASSWORD": "short"},
     "DRILL_HUB_PASSWORD: the shared-password sign-in needs a password of 8 characters or more"),
    ({"DRILL_HUB_PROXY": "/nonexistent/chp"}, "configurable-http-proxy not found (/nonexistent/chp)"),
    ({"DRILL_HUB_EXTRA_CONFIG": "/nonexistent/extra.py"}, "DRILL_HUB_EXTRA_CONFIG: no such file: /nonexistent/extra.py"),
    ({"DRILL_HUB_LANGUAGE": "fr"}, "DRILL_HUB_LANGUAGE: 'fr' is not en or zh / DRILL_HUB_LANGUAGE：'fr' 不是 en 或 zh"),
    ({"DRILL_HUB_LANGUAGE": "zh", "DRILL_HUB_PORT": "x"}, "DRILL_HUB_PORT：'x' 不是 1 到 65535 之间的整数"),
])
def test_a_wrong_value_stops_the_hub_with_one_line(monkeypatch, tmp_path, capsys, env, message):
    with pytest.raises(SystemExit) as stop:
        load(monkeypatch, tmp_path, **env)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("deploy/jupyterhub_config.py: ") and message in err, err


def test_the_hub_starts_from_the_config(tmp_path):
    """jupyterhub itself accepts the file (its own check of every setting), without starting anything."""
    jupyterhub = Path(sys.executable).with_name("jupyterhub")
    if not jupyterhub.exists():
        pytest.skip("jupyterhub is not installed (pip install -e '.[hub]')")
    env = {"PATH": "/usr/bin:/bin", "DRILL_HUB_DATA": str(tmp_path), "DRILL_HUB_PROXY": "/bin/true",
           "DRILL_DB": "postgresql://drill:S3cretPW@db/drills"}
    done = subprocess.run([str(jupyterhub), "-f", str(CONFIG), "--show-config"], check=False, cwd=tmp_path,
                          env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "S3cretPW" not in done.stdout + done.stderr
    assert "pre_spawn_hook" in done.stdout and "jupyterhub_idle_culler" in done.stdout


def test_make_drill_culls_idle_kernels():
    out = subprocess.run(["make", "-n", "drill"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.replace("\\\n", " ").splitlines() if "voila" in line)
    km = kernel_manager_settings(shlex.split(line))
    assert (km.cull_idle_timeout, km.cull_interval, km.cull_connected) == (900, 60, True)
