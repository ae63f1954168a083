"""What every benchmark measures a command with: wall time and peak memory, as installed.

``BENCH_ENV`` is the environment of a normal install (bytecode caches written and
used: an editable install under PYTHONDONTWRITEBYTECODE would recompile openness
on every run). ``measured`` runs one command in its own process.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time

BENCH_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def measured(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run *command*; return wall seconds, peak resident memory in bytes, and stdout."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed ({status}): {' '.join(command)}")
        out.seek(0)
        return seconds, usage.ru_maxrss * 1024, out.read().decode()
