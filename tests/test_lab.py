"""`make lab` starts JupyterLab on the start-here notebook (started on a free loopback port, then stopped)."""
import json
import os
import signal
import subprocess
import time
import urllib.request

import pytest
from support import ROOT, free_port


@pytest.mark.timeout(180)
def test_make_lab_serves_start_here(tmp_path):
    port, token = free_port(), "drillkit-test"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"), JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"), HOME=str(tmp_path))
    args = f"--port={port} --ServerApp.token={token} --ServerApp.port_retries=0"
    proc = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 120
        status = None
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    status = json.load(r)
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
                time.sleep(0.5)
        assert status is not None, "JupyterLab did not answer"
        with urllib.request.urlopen(f"{base}/api/contents/notebooks/00_start_here.ipynb?token={token}") as r:
            nb = json.load(r)
        assert nb["type"] == "notebook"
        assert nb["content"]["metadata"]["kernelspec"]["name"] == "python3"
        with urllib.request.urlopen(f"{base}/lab?token={token}") as r:
            assert r.status == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
    assert f"127.0.0.1:{port}/lab" in out.decode(errors="replace")  # the URL is printed for the user
