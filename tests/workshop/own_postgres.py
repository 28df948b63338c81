"""A PostgreSQL server of a test's own (initdb in a temporary folder, a free port), so a test can stop
and start it without touching the server other tests share. Needs Debian's postgresql package
(CI installs it); as root the server runs as the ``postgres`` user."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def available() -> str | None:
    """None when a server can be made here, else why not."""
    if BIN is None or not (BIN / "initdb").exists():
        return "no PostgreSQL server binaries (Debian's postgresql package)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    return None


def _run(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)


@dataclass
class OwnPostgres:
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        _run(
            str(BIN / "pg_ctl"),
            "-D",
            str(self.folder / "data"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        _run(str(BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")


@contextlib.contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    # not under pytest's tmp_path: as root that lies in a folder the postgres user cannot enter
    folder = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    _run(str(BIN / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres")
    server = OwnPostgres(folder, port)
    server.start()
    time.sleep(0.2)
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
