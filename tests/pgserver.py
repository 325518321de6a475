"""A throwaway PostgreSQL cluster for the tests and the bench: initdb into a temporary directory, a loopback port.

Debian's ``postgresql`` package puts the server programs in /usr/lib/postgresql/<version>/bin (not on PATH).
PostgreSQL refuses to run as root: as root (CI) the cluster belongs to the ``postgres`` system user the package
creates (or ``nobody``). ``SME_ASSESS_TEST_PG_URL`` names an existing server instead (a URL whose role may create
databases, e.g. ``postgresql+psycopg://me@127.0.0.1:5432/postgres``); nothing is started then.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

from sqlalchemy.engine import make_url

URL_ENV = "SME_ASSESS_TEST_PG_URL"
ROLE = "sme"


def server_bin_dir() -> Path | None:
    """The folder with initdb and pg_ctl (the newest installed version), or None."""
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A PostgreSQL server of our own (started) or the one ``SME_ASSESS_TEST_PG_URL`` names (used as is)."""

    def __init__(self, admin_url: str, directory: Path | None = None, bin_dir: Path | None = None) -> None:
        self.admin_url = admin_url
        self.directory = directory
        self.bin_dir = bin_dir

    @classmethod
    def start(cls, bin_dir: Path, durable: bool = False) -> Cluster:
        """initdb + pg_ctl start on 127.0.0.1:<free port>. ``durable=False`` turns fsync off (tests only)."""
        directory = Path(tempfile.mkdtemp(prefix="sme-pg-"))
        user = None
        if os.geteuid() == 0:
            user = next((u for u in ("postgres", "nobody") if _has_user(u)), None)
            if user is None:
                raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")
            entry = pwd.getpwnam(user)
            os.chown(directory, entry.pw_uid, entry.pw_gid)
        data, sockets = directory / "data", directory / "run"
        cluster = cls("", directory, bin_dir)
        cluster._run([str(bin_dir / "initdb"), "-D", str(data), "-U", ROLE, "--auth=trust", "-E", "UTF8",
                      "--no-locale", "--no-sync"], user)  # fmt: skip
        cluster._run(["mkdir", str(sockets)], user)
        # The server's TimeZone as a team in China would have it: the program must not depend on it being UTC.
        options = f"-p {{port}} -k {sockets} -c listen_addresses=127.0.0.1 -c timezone=Asia/Shanghai"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        for _attempt in range(3):  # the free port can be taken between the probe and the start
            port = _free_port()
            started = cluster._run(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(directory / "server.log"), "-w", "-t", "60",
                 "-o", options.format(port=port), "start"],
                user,
                check=False,
            )  # fmt: skip
            if started.returncode == 0:
                cluster.admin_url = f"postgresql+psycopg://{ROLE}@127.0.0.1:{port}/postgres"
                cluster._user = user
                return cluster
        log = (directory / "server.log").read_text("utf-8", "replace")[-2000:]
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed: {started.stderr}\n{log}")

    _user: str | None = None

    def _run(self, cmd: list[str], user: str | None, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, user=user, capture_output=True, text=True, check=check, timeout=120, cwd="/")

    def stop(self) -> None:
        if self.directory is None or self.bin_dir is None:
            return
        self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.directory / "data"), "-m", "fast", "-w", "stop"],
                  self._user, check=False)  # fmt: skip
        shutil.rmtree(self.directory, ignore_errors=True)

    def url(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        import psycopg

        conninfo = make_url(self.admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def server_version(self) -> str:
        import psycopg

        conninfo = make_url(self.admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]).split()[0] if row else "?"

    def create_database(self) -> str:
        """A new empty database; return its URL."""
        name = "sme_test_" + uuid.uuid4().hex[:12]
        self._admin(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = make_url(url).database
        with contextlib.suppress(Exception):
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def from_environment() -> Cluster | None:
    """The server ``SME_ASSESS_TEST_PG_URL`` names, if set."""
    url = os.environ.get(URL_ENV, "").strip()
    return Cluster(url) if url else None
