"""The Dagster UI, used as a person would: start the webserver, launch `seed_job`, read the checks.

The webserver runs on a throwaway instance (its own DAGSTER_HOME) and seeds a SQLite file in
tmp_path. The run is launched and its checks read back through the webserver's GraphQL API (the
API the UI itself calls); then Debian's headless Chromium renders the asset graph and the clients
and orders checks pages, and screenshots the graph to tmp_path/asset_graph.png.

Outside CI the test is skipped when /usr/bin/chromium is absent; under CI=true it fails.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from terp_seed.defs.family import GROUPS
from terp_seed.generate import registry
from terp_seed.rules import SUITES

pytestmark = pytest.mark.ui

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")

SERVER_START_TIMEOUT_S = 120
RUN_TIMEOUT_S = 300
CHROMIUM_TIMEOUT_S = 90

# A throwaway instance: no telemetry, no "join the community" dialog over the screenshot, and
# runs launched straight away. The default coordinator queues runs for the daemon, which the
# webserver alone does not run, so a launched run would sit in QUEUED forever.
DAGSTER_YAML = """\
telemetry:
  enabled: false
nux:
  enabled: false
run_coordinator:
  module: dagster._core.run_coordinator
  class: DefaultRunCoordinator
"""

FAMILIES = (*(family.name for family in registry.FAMILIES), "publish")
# The asset graph opens as these groups (each family sits in one).
GROUP_NAMES = tuple(sorted({GROUPS.get(family, family) for family in FAMILIES[:-1]}))
# Check rows a 1000-pixel-high page shows without scrolling.
VISIBLE_CHECK_ROWS = 8
# Check pages read in Chromium: one family per group is enough to see the checks render.
CHECK_PAGES = ("clients", "orders", "ledger", "people", "customer")
# Families with a rules suite: their checks show on their asset pages.
AUDITED_FAMILIES = tuple(family.name for family in registry.FAMILIES if family.name in SUITES)
# Where the graph screenshot is kept after the test (tmp_path goes away).
ARTIFACTS = Path(os.environ.get("TERP_TEST_ARTIFACTS", PROJECT_ROOT / "test-artifacts"))
# What a person reads on the orders asset page: a dollar figure formatted with thousands and
# cents, and the rows per table as an inline table (not behind a "Show Markdown" link).
FORMATTED_DOLLARS = re.compile(r"\$\d{1,3}(,\d{3})+\.\d{2}")
TERMINAL_RUN_STATUSES = {"SUCCESS", "FAILURE", "CANCELED"}

REPOSITORIES_QUERY = """
query Repositories {
  repositoriesOrError {
    __typename
    ... on RepositoryConnection { nodes { name location { name } jobs { name } } }
    ... on PythonError { message }
  }
}
"""

LAUNCH_RUN_MUTATION = """
mutation LaunchSeedJob($executionParams: ExecutionParams!) {
  launchRun(executionParams: $executionParams) {
    __typename
    ... on LaunchRunSuccess { run { runId status } }
    ... on RunConfigValidationInvalid { errors { message } }
    ... on PythonError { message stack }
    ... on Error { message }
  }
}
"""

RUN_STATUS_QUERY = """
query RunStatus($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run { status }
    ... on PythonError { message }
  }
}
"""

RUN_ERRORS_QUERY = """
query RunErrors($runId: ID!) {
  logsForRun(runId: $runId, limit: 5000) {
    __typename
    ... on EventConnection {
      events {
        __typename
        ... on MessageEvent { message stepKey }
        ... on ErrorEvent { error { message causes { message } } }
      }
    }
  }
}
"""

ASSET_CHECKS_QUERY = """
query AssetChecks($assetKeys: [AssetKeyInput!]) {
  assetNodes(assetKeys: $assetKeys) {
    assetKey { path }
    assetChecksOrError {
      __typename
      ... on AssetChecks {
        checks {
          name
          blocking
          executionForLatestMaterialization {
            runId
            status
            evaluation {
              success
              metadataEntries { label ... on TextMetadataEntry { text } }
            }
          }
        }
      }
    }
  }
}
"""


@pytest.fixture
def chromium() -> Path:
    """Debian's Chromium; its absence fails CI (a broken pipeline) and skips elsewhere."""
    if CHROMIUM.exists():
        return CHROMIUM
    reason = f"{CHROMIUM} not found (apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_tail(log: Path, lines: int = 60) -> str:
    """The last lines of a log file, for failure messages."""
    if not log.exists():
        return f"({log} was never written)"
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def stop_process_group(process: subprocess.Popen, timeout_s: float = 30) -> None:
    """Stop a process started with start_new_session=True and everything it spawned.

    SIGTERM lets dagster-webserver shut its code server down; SIGKILL then takes whatever is
    left in the group (run workers, a stuck code server, Chromium's renderers).
    """
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout_s)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout_s)


def wait_for_url(url: str, process: subprocess.Popen, log: Path, timeout_s: float) -> None:
    """Wait until `url` answers 200, failing early if the server dies."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the webserver exited with {process.returncode}:\n{log_tail(log)}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=5).status_code == 200:
                return
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout_s} s:\n{log_tail(log)}")


def graphql(base_url: str, query: str, variables: dict[str, Any] | None = None) -> dict:
    """POST a GraphQL query to the webserver and return its data (fail on GraphQL errors)."""
    response = requests.post(
        f"{base_url}/graphql", json={"query": query, "variables": variables or {}}, timeout=60
    )
    response.raise_for_status()
    body = response.json()
    assert not body.get("errors"), f"GraphQL errors: {body['errors']}"
    return body["data"]


@contextlib.contextmanager
def dagster_webserver(tmp_path: Path) -> Iterator[str]:
    """dagster-webserver on the project's definitions, a fresh instance and a SQLite target."""
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    (dagster_home / "dagster.yaml").write_text(DAGSTER_YAML)
    environment = {
        **os.environ,
        "DAGSTER_HOME": str(dagster_home),
        "TERP_DATABASE_URL": f"sqlite:///{tmp_path / 'terp.sqlite'}",
    }
    port = free_port()
    log = tmp_path / "dagster-webserver.log"
    # The venv's own script: the test may run without the venv's bin on PATH (make test).
    webserver = Path(sys.executable).with_name("dagster-webserver")
    command = [str(webserver), "-h", "127.0.0.1", "-p", str(port), "-m", "terp_seed.definitions"]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one process group: webserver, code server, run workers
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_url(f"{base_url}/server_info", process, log, SERVER_START_TIMEOUT_S)
        yield base_url
    except BaseException:
        print(f"\n--- dagster-webserver log ({log}) ---\n{log_tail(log)}")
        raise
    finally:
        stop_process_group(process)


def seed_job_selector(base_url: str) -> dict[str, str]:
    """The selector of `seed_job`: the code location and repository that hold it."""
    data = graphql(base_url, REPOSITORIES_QUERY)["repositoriesOrError"]
    assert data["__typename"] == "RepositoryConnection", f"workspace did not load: {data}"
    for repository in data["nodes"]:
        if any(job["name"] == "seed_job" for job in repository["jobs"]):
            return {
                "repositoryLocationName": repository["location"]["name"],
                "repositoryName": repository["name"],
                "jobName": "seed_job",
            }
    pytest.fail(f"no repository holds seed_job: {data['nodes']}")


def launch_light_seed(base_url: str) -> str:
    """Launch seed_job with the light profile, as the Launchpad does; return the run id."""
    execution_params = {
        "selector": seed_job_selector(base_url),
        "runConfigData": {"resources": {"seed_settings": {"config": {"profile": "light"}}}},
    }
    result = graphql(base_url, LAUNCH_RUN_MUTATION, {"executionParams": execution_params})
    launched = result["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", f"launch refused: {launched}"
    return launched["run"]["runId"]


def run_errors(base_url: str, run_id: str) -> str:
    """The run's failure events with their errors and causes, for failure messages."""
    logs = graphql(base_url, RUN_ERRORS_QUERY, {"runId": run_id})["logsForRun"]
    lines = []
    for event in logs.get("events", []):
        if event.get("error"):
            lines.append(f"[{event['__typename']} {event.get('stepKey')}] {event['message']}")
            for error in (event["error"], *event["error"]["causes"]):
                lines.append("    " + error["message"].strip())
    return "\n".join(lines) or f"no error events; logsForRun answered {logs['__typename']}"


def wait_for_run(base_url: str, run_id: str, timeout_s: float) -> str:
    """Poll the run until it ends; return its final status."""
    deadline = time.monotonic() + timeout_s
    status = "?"
    while time.monotonic() < deadline:
        run = graphql(base_url, RUN_STATUS_QUERY, {"runId": run_id})["runOrError"]
        assert run["__typename"] == "Run", f"run {run_id} not found: {run}"
        status = run["status"]
        if status in TERMINAL_RUN_STATUSES:
            return status
        time.sleep(1)
    pytest.fail(f"run {run_id} still {status} after {timeout_s} s")


def checks_by_asset(base_url: str, assets: tuple[str, ...]) -> dict[str, list[dict]]:
    """Each asset's checks with the evaluation against its latest materialization."""
    asset_keys = [{"path": [asset]} for asset in assets]
    nodes = graphql(base_url, ASSET_CHECKS_QUERY, {"assetKeys": asset_keys})["assetNodes"]
    checks = {}
    for node in nodes:
        answer = node["assetChecksOrError"]
        assert answer["__typename"] == "AssetChecks", f"{node['assetKey']}: {answer}"
        checks["/".join(node["assetKey"]["path"])] = answer["checks"]
    return checks


def metadata_text(check: dict) -> dict[str, str | None]:
    """A check evaluation's metadata as label -> text (None for non-text entries)."""
    entries = check["executionForLatestMaterialization"]["evaluation"]["metadataEntries"]
    return {entry["label"]: entry.get("text") for entry in entries}


def run_chromium(chromium: Path, tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    """Headless Chromium with a fresh profile, offline apart from the local webserver."""
    profile = tmp_path / f"chromium-profile-{time.monotonic_ns()}"
    command = [
        str(chromium),
        "--headless",
        "--no-sandbox",  # CI runs as root, where the sandbox refuses to start
        "--disable-gpu",
        "--disable-dev-shm-usage",  # containers often have a 64 MB /dev/shm
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--window-size=1600,1000",
        *arguments,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its renderer and zygote processes go with it
    )
    try:
        stdout, stderr = process.communicate(timeout=CHROMIUM_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium {' '.join(arguments)} took over {CHROMIUM_TIMEOUT_S} s")
    finally:
        stop_process_group(process, timeout_s=10)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def rendered_dom(chromium: Path, tmp_path: Path, url: str, expected: list[str]) -> str:
    """The DOM of a UI page once the app has rendered `expected` (retried with more time)."""
    dom = ""
    for virtual_time_ms in (15_000, 30_000, 60_000):
        page = run_chromium(
            chromium, tmp_path, f"--virtual-time-budget={virtual_time_ms}", "--dump-dom", url
        )
        dom = page.stdout
        if all(text in dom for text in expected):
            return dom
    missing = [text for text in expected if text not in dom]
    pytest.fail(f"{url} never showed {missing}; DOM starts:\n{dom[:2000]}")


def test_seed_job_launched_from_the_ui_passes_its_checks_and_shows_the_graph(
    tmp_path: Path, chromium: Path
):
    timings: dict[str, float] = {}
    started = time.monotonic()
    with dagster_webserver(tmp_path) as base_url:
        timings["webserver up"] = time.monotonic() - started

        launched = time.monotonic()
        run_id = launch_light_seed(base_url)
        status = wait_for_run(base_url, run_id, RUN_TIMEOUT_S)
        timings["seed_job (light)"] = time.monotonic() - launched
        assert status == "SUCCESS", f"run {run_id} ended {status}:\n{run_errors(base_url, run_id)}"

        checks = checks_by_asset(base_url, AUDITED_FAMILIES)
        assert set(checks) == set(AUDITED_FAMILIES), f"asset nodes found: {sorted(checks)}"
        for asset, asset_checks in checks.items():
            assert asset_checks, f"{asset} has no checks"
            for check in asset_checks:
                execution = check["executionForLatestMaterialization"]
                assert execution and execution["evaluation"], (
                    f"{asset}.{check['name']} has no evaluation for the latest materialization"
                )
                assert execution["runId"] == run_id, (
                    f"{asset}.{check['name']} was last evaluated by run {execution['runId']}"
                )
                if check["blocking"]:
                    assert execution["evaluation"]["success"], (
                        f"blocking check {asset}.{check['name']} failed: {metadata_text(check)}"
                    )
        whales = next(c for c in checks["clients"] if c["name"] == "whale_count_matches_profile")
        whale_metadata = metadata_text(whales)
        assert whale_metadata.get("observed") == "2", (
            f"the light profile seeds 2 whales; whale_count_matches_profile says {whale_metadata}"
        )

        browsed = time.monotonic()
        graph_url = f"{base_url}/asset-groups"  # the global asset lineage in Dagster 1.13
        rendered_dom(chromium, tmp_path, graph_url, ["Global asset lineage", *GROUP_NAMES])
        for asset in CHECK_PAGES:
            # The page lists checks by name and renders only the rows in view: the count in
            # the tab, and the first rows of the list.
            check_names = sorted(check["name"] for check in checks[asset])
            rendered_dom(
                chromium,
                tmp_path,
                f"{base_url}/assets/{asset}?view=checks",
                [f"Checks ({len(check_names)})", *check_names[:VISIBLE_CHECK_ROWS]],
            )
        orders_page = rendered_dom(
            chromium, tmp_path, f"{base_url}/assets/orders", ["sales total", "order_line_items"]
        )
        assert FORMATTED_DOLLARS.search(orders_page), "orders page shows no formatted $ figure"
        assert "Show Markdown" not in orders_page, "a business table still hides behind a link"
        screenshot = tmp_path / "asset_graph.png"
        shot = run_chromium(
            chromium,
            tmp_path,
            "--virtual-time-budget=15000",
            f"--screenshot={screenshot}",
            graph_url,
        )
        assert screenshot.exists(), f"no screenshot written:\n{shot.stderr[-2000:]}"
        size = screenshot.stat().st_size
        assert size > 20_000, f"{screenshot} is only {size} bytes: an empty page?"
        timings["chromium (3 pages + screenshot)"] = time.monotonic() - browsed

    timings["total"] = time.monotonic() - started
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kept = shutil.copy(screenshot, ARTIFACTS / "asset_graph.png")
    print(f"\nasset graph screenshot: {kept}")
    print("timings: " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items()))
