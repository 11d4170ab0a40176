"""Opening Chroma: embedded under the store folder, or a shared server over HTTP.

Telemetry is always off. Chroma allows one ``PersistentClient`` per path per process
(a second with other settings raises), so clients are cached by their address.
"""

from __future__ import annotations

import threading

import chromadb
from chromadb.api import ClientAPI
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
