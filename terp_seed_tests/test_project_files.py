"""The files around the code: `dg check defs`, the compose stack, the Dagster instances."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_dg_check_defs_passes():
    dg = Path(sys.executable).with_name("dg")
    run = subprocess.run(
        [str(dg), "check", "defs"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "All definitions loaded successfully" in run.stdout + run.stderr


def test_compose_runs_mysql_with_healthcheck_and_the_three_dagster_services():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"mysql", "code-server", "webserver", "daemon"} <= set(services)
    assert services["mysql"]["image"].startswith("mysql:8")
    assert "healthcheck" in services["mysql"]
    for name in ("code-server", "webserver", "daemon"):
        depends = services[name]["depends_on"]
        assert depends["mysql"]["condition"] == "service_healthy", name
    assert "--local-infile=1" in services["mysql"]["command"], "LOAD DATA LOCAL needs it"


@pytest.mark.skipif(
    not (shutil.which("docker-compose") or shutil.which("docker")),
    reason="no docker compose client on this machine to validate the file",
)
def test_compose_file_validates_with_the_compose_client():
    if shutil.which("docker-compose"):
        command = ["docker-compose", "config", "-q"]
    else:
        # A docker client without the compose plugin answers any `compose` call with an
        # error about its flags, so ask the plugin for its version first.
        probe = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, text=True, timeout=60
        )
        if probe.returncode != 0:
            pytest.skip("the docker client here has no compose plugin")
        command = ["docker", "compose", "config", "-q"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_instances_turn_telemetry_off_and_compose_stores_runs_in_mysql():
    local = yaml.safe_load((ROOT / "dagster.yaml").read_text())
    stack = yaml.safe_load((ROOT / "deploy" / "dagster.yaml").read_text())
    assert local["telemetry"]["enabled"] is False
    assert stack["telemetry"]["enabled"] is False
    assert "mysql" in stack["storage"], "the compose instance keeps its runs in MySQL"
