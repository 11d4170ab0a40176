"""Peak memory of a command and every process it starts, summed: `python -m ingest` runs the
model in a child process, so the parent's maximum RSS alone (`/usr/bin/time -v`) is not
what the product uses.

`python -m bench.tree_rss [--out FILE] -- COMMAND...` runs COMMAND, samples the resident
memory of it and its descendants every 0.2 s, and prints (and optionally writes as JSON) the
peak of the sum, each process's own peak, and the wall time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from ingest.memory import process_memory_mb


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from each process's parent in /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += parents.get(current, [])
    return out


def _rss_mb(pid: int) -> tuple[str, float] | None:
    mb = process_memory_mb(pid)  # None for a process gone or a zombie
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return None
    return (cmdline[:120], mb) if mb is not None else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    started = time.perf_counter()
    process = subprocess.Popen(command)
    peak_sum, peaks = 0.0, {}
    while process.poll() is None:
        total = 0.0
        for pid in _tree(process.pid):
            sample = _rss_mb(pid)
            if sample:
                name, mb = sample
                total += mb
                key = f"{pid} {name}"
                peaks[key] = max(peaks.get(key, 0.0), mb)
        peak_sum = max(peak_sum, total)
        time.sleep(0.2)
    result = {
        "command": command,
        "exit_code": process.returncode,
        "wall_s": round(time.perf_counter() - started, 1),
        "peak_rss_sum_mb": round(peak_sum, 1),
        "peak_rss_per_process_mb": {k: round(v, 1) for k, v in sorted(peaks.items(), key=lambda kv: -kv[1])},
    }
    print(json.dumps(result, indent=1), file=sys.stderr)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
