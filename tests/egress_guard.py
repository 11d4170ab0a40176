"""A socket-level guard for the no-egress tests: every attempt to reach a non-loopback
address (connect, UDP send, name lookup) is refused and written to a record file.

Used in a child process so it covers everything the product does there, model loading
included, and in the Python processes that one starts. ``python tests/egress_guard.py RECORD -m MODULE ARGS...`` runs MODULE as
``python -m`` would, with the guard installed first; ``... RECORD -c CODE`` runs CODE.
Before the product is imported, the guard also notes the value of HF_HUB_OFFLINE at the
moment huggingface_hub is first imported (it reads the variable once, at import).
"""

from __future__ import annotations

import errno
import importlib.abc
import ipaddress
import os
import runpy
import socket
import sys
from pathlib import Path

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class EgressBlocked(OSError):
    def __init__(self, what: str):
        super().__init__(errno.ENETUNREACH, f"egress blocked by test guard: {what}")


def is_loopback(host) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): the local wildcard/loopback address
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    host = str(host).strip("[]").lower()
    if host in _LOOPBACK_NAMES or host == "":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # any other name would need a DNS lookup


def install(record_path: str) -> None:
    def record(line: str) -> None:
        with open(record_path, "a", encoding="utf-8") as out:
            out.write(line + "\n")

    def check(kind: str, address) -> None:
        if isinstance(address, (str, bytes)):  # AF_UNIX path: local by definition
            return
        host = address[0] if isinstance(address, tuple) and address else address
        if not is_loopback(host):
            record(f"{kind} {address!r}")
            raise EgressBlocked(f"{kind} {address!r}")

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_sendto, real_getaddrinfo = socket.socket.sendto, socket.getaddrinfo
    real_create_connection = socket.create_connection

    def connect(self, address):
        check("connect", address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check("connect_ex", address)
        return real_connect_ex(self, address)

    def sendto(self, data, *args):
        check("sendto", args[-1])
        return real_sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if not is_loopback(host):
            record(f"getaddrinfo {host!r}")
            raise socket.gaierror(socket.EAI_NONAME, f"egress blocked by test guard: lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        check("create_connection", address)
        return real_create_connection(address, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
    socket.create_connection = create_connection
    sys.meta_path.insert(0, _HubImportWatcher(record))


class _HubImportWatcher(importlib.abc.MetaPathFinder):
    """Records HF_HUB_OFFLINE as it is when huggingface_hub is first imported."""

    def __init__(self, record):
        self.record, self.done = record, False

    def find_spec(self, name, path=None, target=None):
        if name == "huggingface_hub" and not self.done:
            self.done = True
            self.record(f"hub-import HF_HUB_OFFLINE={os.environ.get('HF_HUB_OFFLINE')}")
        return None  # let the normal finders import it


def guard_python_children(record_path: str) -> None:
    """Python processes started from here install the guard too (`python -m ingest` spawns
    a fresh interpreter for the model): a sitecustomize on their PYTHONPATH runs at start-up."""
    site = Path(record_path).with_name(Path(record_path).name + ".site")
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(
        f"import sys\nsys.path.insert(0, {str(Path(__file__).resolve().parent)!r})\n"
        f"import egress_guard\negress_guard.install({record_path!r})\n",
        encoding="utf-8",
    )
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)


def main(argv: list[str]) -> None:
    record_path, mode, target, *rest = argv
    install(record_path)
    guard_python_children(record_path)
    sys.argv = [target, *rest]
    if mode == "-m":
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    elif mode == "-c":
        exec(compile(target, "<guarded>", "exec"), {"__name__": "__main__"})
    else:
        raise SystemExit("usage: egress_guard.py RECORD (-m MODULE | -c CODE) ARGS...")


if __name__ == "__main__":
    main(sys.argv[1:])
