#!/usr/bin/env python3
"""Set everything up and run: ``python3 dev.py app`` (dashboard) or ``python3 dev.py test`` (tests).

Needs only Python >= 3.11. Creates ``.venv`` beside this file on first use and installs the pinned
requirements into it; re-installs only when a requirements file changes. Everything else (the demo
organisation, the SQLite data directory) is built in, so there is no server to install.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
import venv
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment(requirements: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    files = sorted(ROOT.glob("requirements*.txt"))
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files) + requirements.encode()).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {requirements} ...", flush=True)
    subprocess.run(
        [
            str(PYTHON),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "-q",
            "-r",
            str(ROOT / requirements),
        ],
        check=True,
    )
    stamp.write_text(digest)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve_streamlit(
    script: Path,
    *,
    env: Callable[[str], Mapping[str, str]] | Mapping[str, str],
    log_path: Callable[[int], Path],
    flags: Sequence[str] = (),
    cwd: Path = ROOT,
    timeout: float = 60.0,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run SCRIPT`` on a free local port until its health check answers; yields its URL
    and process, and stops it afterwards (used by the browser tests and the benchmarks).

    ``env``: the environment, or a function of the URL giving it; ``log_path``: where the server's
    output goes, from the port. RuntimeError (naming the log) when it is not healthy in ``timeout``.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = dict(env(url) if callable(env) else env)
    path = log_path(port)
    with path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), f"--server.port={port}", *flags],
            cwd=cwd,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.read().decode().strip() == "ok":
                            break
                except OSError:
                    time.sleep(0.3)
            else:
                raise RuntimeError(f"{script} did not become healthy in {timeout:.0f} s; log: {path}")
            yield url, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("app", [])
    if command == "app":
        ensure_environment("requirements.txt")
        args = [
            str(PYTHON),
            "-m",
            "streamlit",
            "run",
            str(ROOT / "serve.py"),
            "--browser.gatherUsageStats=false",
            *rest,
        ]
    elif command == "test":
        ensure_environment("requirements-dev.txt")
        args = [str(PYTHON), "-m", "pytest", *rest]
    else:
        print(__doc__)
        return 2
    return subprocess.run(args, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
