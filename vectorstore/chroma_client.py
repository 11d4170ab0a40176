"""Opening Chroma: embedded under the store folder, or a shared server over HTTP.

Telemetry is always off. Chroma allows one ``PersistentClient`` per path per process
(a second with other settings raises), so clients are cached by their address.

An embedded client reads its vector index into memory once and never sees what another
process writes later: its nearest-neighbour queries miss new passages and return deleted
ones, and filtered queries fail ("Error finding id"). ``reopen_client`` gives a fresh view;
the store calls it when the corpus changed under it (see docs/RELIABILITY.md).
"""

from __future__ import annotations

import threading

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings

from settings import Settings

_CLIENTS: dict[tuple, ClientAPI] = {}
_LOCK = threading.Lock()


def _headers(settings: Settings) -> dict[str, str]:
    if not settings.chroma_auth_header:
        return {}
    name, _, value = settings.chroma_auth_header.partition(":")
    return {name.strip(): value.strip()}


def open_client(settings: Settings) -> ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_mode == "http":
        key: tuple = ("http", settings.chroma_host, settings.chroma_port, settings.chroma_ssl)
    else:
        key = ("embedded", str((settings.store_dir / "chroma").resolve()))
    with _LOCK:
        if key not in _CLIENTS:
            if settings.chroma_mode == "http":
                _CLIENTS[key] = chromadb.HttpClient(
                    host=settings.chroma_host,
                    port=settings.chroma_port,
                    ssl=settings.chroma_ssl,
                    headers=_headers(settings),
                    settings=chroma_settings,
                )
            else:
                (settings.store_dir / "chroma").mkdir(parents=True, exist_ok=True)
                _CLIENTS[key] = chromadb.PersistentClient(path=key[1], settings=chroma_settings)
        return _CLIENTS[key]


def reopen_client(settings: Settings) -> ClientAPI:
    """A fresh embedded client that reads the store as it is on disk now.

    The old client is not closed: collections still held elsewhere in this process (an
    ingest running in a thread) keep working on it. Chroma caches one System per path, so
    the path is dropped from that cache (chromadb is pinned; its cache is not public API).
    """
    if settings.chroma_mode == "http":
        return open_client(settings)  # a server has one view for every client
    forget_client(settings)
    return open_client(settings)


def forget_client(settings: Settings) -> None:
    """Drop this process's cached client for the store's path: the next open reads the disk
    (needed too once a damaged store was moved aside and a new one made at its path)."""
    key = ("embedded", str((settings.store_dir / "chroma").resolve()))
    with _LOCK:
        _CLIENTS.pop(key, None)
        SharedSystemClient._identifier_to_system.pop(key[1], None)
        SharedSystemClient._identifier_to_refcount.pop(key[1], None)
