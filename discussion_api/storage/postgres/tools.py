"""Finding PostgreSQL's client programs (pg_dump, pg_restore), wherever the system put them.

Debian's `postgresql` package keeps them in /usr/lib/postgresql/N/bin and puts only
wrappers on the PATH (when postgresql-client-common is installed); a source build
puts them in `pg_config --bindir`.
"""

import shutil
import subprocess
from pathlib import Path

from ..interfaces import StorageError


def bin_dirs() -> list[Path]:
    """Directories that may hold PostgreSQL's programs, best first (newest Debian version first)."""
    found: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if result.returncode == 0:
            found.append(Path(result.stdout.strip()))
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name, reverse=True)
    return [*found, *debian]


def program(name: str) -> str:
    """The path of a PostgreSQL program, or StorageError saying how to get it."""
    on_path = shutil.which(name)
    if on_path:
        return on_path
    for directory in bin_dirs():
        if (directory / name).is_file():
            return str(directory / name)
    raise StorageError(
        f"{name} not found: install PostgreSQL's client programs (apt-get install postgresql-client)"
    )
