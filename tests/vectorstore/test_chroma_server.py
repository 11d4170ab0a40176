"""Server mode: a real `chroma run` on a free loopback port, shared by two app instances.

One instance ingests into the server; a second, with its own empty local store folder,
answers from it — its BM25 index is rebuilt from what the server holds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from settings import Settings
from tests.procs import free_port, stop, wait_until_answering

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHROMA = Path(sys.executable).parent / "chroma"


@pytest.fixture
def chroma_server(tmp_path: Path):
    if not CHROMA.exists():
        pytest.fail(f"the chroma CLI is missing at {CHROMA} (it ships with the chromadb package)")
    port = free_port()
    log = tmp_path / "chroma.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/api/v2/heartbeat", server, "chroma server", log.read_text)
        yield port, tmp_path / "server-data"
    finally:
        stop(server, timeout=20)


def http_settings(store_dir: Path, port: int) -> Settings:
    return Settings(_env_file=None, store_dir=store_dir, chroma_mode="http", chroma_host="127.0.0.1", chroma_port=port)


def test_two_instances_share_one_chroma_server(tmp_path, chroma_server, embeddings):
    from assistant.service import Assistant
    from ingest.pipeline import ingest

    port, server_data = chroma_server
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "wessex-child-q.txt").write_text(
        "Serious Case Review: Child Q, Wessex LSCB\n\n1. The incident\n\n"
        "Child Q, aged 7 months, died after co-sleeping with her father on a sofa.\n\n"
        "2. Key findings\n\nSafe sleeping advice was given by the health visitor but was not followed.\n"
    )
    (docs / "mercia-child-r.txt").write_text(
        "Serious Case Review: Child R, Mercia LSCB\n\n1. The incident\n\n"
        "Child R was sexually assaulted by the mother's partner, a registered sex offender.\n\n"
        "2. Key findings\n\nProbation did not tell children's social care where the offender lived.\n"
    )

    writer = http_settings(tmp_path / "instance-a", port)
    report = ingest([docs], writer, progress=False, embed=embeddings.encode)
    assert report.exit_code == 0 and len(report.added) == 2, report.summary()
    assert not (writer.store_dir / "chroma").exists()  # nothing embedded locally: it all went to the server
    assert any(server_data.iterdir())

    # Another machine's ingest leaves no sign in this instance's folder: check the server's
    # document list on every question here (by default at most every store_check_s).
    reader = http_settings(tmp_path / "instance-b", port).model_copy(update={"store_check_s": 0.0})
    assert not reader.store_dir.exists()
    assistant = Assistant(reader, embeddings=embeddings)
    assert assistant.status()["documents"] == 2
    assert (reader.store_dir / "lexical").exists()  # BM25 rebuilt from what the server holds
    assert len(assistant.lexical.records) == assistant.store.count_passages() > 0

    answer = assistant.ask("Who was the registered sex offender?")
    assert not answer.abstained
    assert Path(answer.citations[0].source).name == "mercia-child-r.txt"
    text = assistant.document_text(answer.citations[0].doc_hash)
    assert text[answer.citations[0].start : answer.citations[0].end] == answer.citations[0].text

    # A later ingest through instance A is seen by instance B on its next question.
    (docs / "anglia-child-s.txt").write_text(
        "Serious Case Review: Child S, Anglia LSCB\n\n1. The incident\n\n"
        "Child S was scalded and medical help was not sought for two days.\n"
    )
    assert len(ingest([docs], writer, progress=False, embed=embeddings.encode).added) == 1
    answer = assistant.ask("Which child was scalded?")
    assert Path(answer.citations[0].source).name == "anglia-child-s.txt"
    assert assistant.status()["documents"] == 3
