#!/usr/bin/env python3
"""Set everything up and run: ``python3 dev.py app`` (dashboard) or ``python3 dev.py test`` (tests).

Needs only Python >= 3.11. Creates ``.venv`` beside this file on first use and installs the pinned
requirements into it; re-installs only when a requirements file changes. Everything else (the demo
organisation, the SQLite data directory) is built in, so there is no server to install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
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


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("app", [])
    if command == "app":
        ensure_environment("requirements.txt")
        args = [
            str(PYTHON),
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
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
