"""Nothing leaves the machine: ingest, ask and the app run with every non-loopback
connection refused at the socket level, and the product switches off the hubs and
telemetry itself (HF_HUB_OFFLINE, Chroma telemetry, Streamlit usage statistics)."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

from settings import Settings
from tests.procs import ROOT, child_env, run
from vectorstore.chroma_client import open_client

pytestmark = pytest.mark.integration

GUARD = str(ROOT / "tests" / "egress_guard.py")

REVIEW = """Serious Case Review: Child W

1.  Findings

The health visitor did not record the bruising seen on the baby's ear in March.
Children's social care closed the referral without speaking to the father.
"""


def guarded(record: Path, *args: str, env: dict[str, str] | None = None):
    return run([GUARD, str(record), *args], env=env or child_env())


def attempts(record: Path) -> list[str]:
    lines = record.read_text().splitlines() if record.exists() else []
    return [line for line in lines if not line.startswith("hub-import ")]


def test_guard_refuses_and_records_every_non_loopback_attempt(tmp_path):
    # The control that makes the other tests meaningful: the guard does see and stop
    # connections, UDP sends and DNS lookups, and lets loopback through.
    code = """
import socket, threading
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
threading.Thread(target=server.accept, daemon=True).start()
socket.create_connection(server.getsockname(), timeout=5).close()   # loopback: allowed
socket.getaddrinfo("localhost", 80)
blocked = 0
for attempt in (
    lambda: socket.create_connection(("192.0.2.1", 80), timeout=1),
    lambda: socket.socket().connect(("93.184.216.34", 443)),
    lambda: socket.getaddrinfo("huggingface.co", 443),
    lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53)),
):
    try:
        attempt()
    except OSError:
        blocked += 1
print(blocked)
"""
    record = tmp_path / "attempts.txt"
    result = guarded(record, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "4"
    assert [line.split(" ", 1)[0] for line in attempts(record)] == ["create_connection", "connect", "getaddrinfo", "sendto"]


APP_RUN = """
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("ui/app.py", default_timeout=600).run()
assert not at.exception, at.exception
at.chat_input[0].set_value("What did the health visitor not record?").run()
assert not at.exception, at.exception
answer = at.session_state["turns"][-1].answer
print(answer.citations[0].text)
"""


@pytest.mark.slow  # a subprocess ingest or CLI run, or many hypothesis examples
def test_ingest_ask_and_the_app_make_no_network_attempt(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "review.txt").write_text(REVIEW, encoding="utf-8")
    store = tmp_path / "store"
    record = tmp_path / "attempts.txt"
    env = child_env()  # no HF_HUB_OFFLINE, no telemetry switch: the product must set them

    ingested = guarded(record, "-m", "ingest", str(docs), "--store", str(store), "--quiet", env=env)
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    asked = guarded(
        record, "-m", "assistant", "ask", "What did the health visitor not record?", "--json", "--store", str(store),
        env=env,
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout.splitlines()[0])
    assert not answer["abstained"] and "bruising" in answer["citations"][0]["text"]
    app = guarded(record, "-c", APP_RUN, env=child_env(SCR_STORE_DIR=str(store)))
    assert app.returncode == 0, app.stderr
    assert "bruising" in app.stdout

    assert attempts(record) == []
    # Every process that loads the model (ingest's model process, ask, the app) imported
    # huggingface_hub with the hub already switched off by the product: the variable is read
    # once, at that import. The ingest's line comes from the process it spawned for the model,
    # so the guard reached that process too.
    assert record.read_text().splitlines() == ["hub-import HF_HUB_OFFLINE=1"] * 3


def test_product_sets_offline_switches_itself():
    code = "import os, settings; print(os.environ['HF_HUB_OFFLINE'], os.environ['TRANSFORMERS_OFFLINE'], os.environ['ANONYMIZED_TELEMETRY'])"
    result = run(["-c", code], env=child_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1", "False"]


def test_cli_entry_points_import_settings_first():
    # HF_HUB_OFFLINE only works if set before huggingface_hub is imported; the product sets
    # it in settings.py, so the CLIs import settings before anything else of theirs. (The
    # app imports streamlit first, which never imports huggingface_hub: the guarded app run
    # above checks the variable at the moment of that import.)
    for path in [ROOT / "ingest" / "__main__.py", ROOT / "assistant" / "__main__.py"]:
        imports = [
            line.split()[1]
            for line in path.read_text().splitlines()
            if line.startswith(("import ", "from ")) and not line.startswith("from __future__")
        ]
        product = [name for name in imports if name.split(".")[0] not in sys.stdlib_module_names]
        assert product and product[0] == "settings", f"{path}: first non-stdlib import is {product[:1]}"


def test_chroma_client_has_telemetry_off(tmp_path):
    client = open_client(Settings(_env_file=None, store_dir=tmp_path / "store"))
    assert client.get_settings().anonymized_telemetry is False


def test_streamlit_usage_statistics_off():
    config = ROOT / ".streamlit" / "config.toml"
    assert config.exists(), "missing .streamlit/config.toml (it must set browser.gatherUsageStats = false)"
    assert tomllib.loads(config.read_text())["browser"]["gatherUsageStats"] is False
