"""nginx started by a test: a private process on 127.0.0.1 serving a built site.

``Nginx(root, config)`` serves ``root`` with the repository's configuration
(``config="shipped"``: hosting/nginx/kontinuitetshandboken.conf included in a
plain server block, as a region includes it) or with nginx's Debian default
(``config="default"``: the stock /etc/nginx/nginx.conf http settings and
mime.types, a server with ``root`` only, so files get Last-Modified and ETag and
no Cache-Control).

The process is nginx's own master (``daemon off``) with its configuration, pid
file, error log and temporary folders in a temporary folder of its own, so it
runs as root or not and never touches /etc/nginx, /run or /var/log. The first
``start`` takes a free port; every later ``start`` uses the same one, so the
origin (and a service worker registered on it) stays the same. ``stop`` leaves
the port refusing connections; ``hang`` leaves a listener on it that accepts and
never answers, as a server whose network hangs.

tests/fieldserver.py has the same interface for Python's own server.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import weakref
from pathlib import Path

from sitebuild import REPO, require_tool

SHIPPED = REPO / "hosting" / "nginx" / "kontinuitetshandboken.conf"
STOCK = Path("/etc/nginx")
# Debian puts nginx in /usr/sbin, which a non-root PATH often lacks.
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
START_LIMIT = 10.0  # seconds for nginx to listen (it takes ~0.05 s)


def nginx_path() -> str:
    """nginx from ``PATH`` or /usr/sbin; a local run without it skips, CI fails."""
    found = shutil.which("nginx", path=SEARCH_PATH)
    return found if found is not None else require_tool("nginx")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def refuses(port: int) -> bool:
    """Whether a connection to 127.0.0.1:``port`` is refused."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except ConnectionRefusedError:
        return True
    except OSError:
        return False


def _end(process: subprocess.Popen[bytes] | None) -> None:
    """Stop an nginx master that a test left running (the object was dropped)."""
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Nginx:
    """A private nginx serving ``root`` with the ``"shipped"`` or ``"default"``
    configuration (see the module's docstring)."""

    def __init__(self, root: Path, config: str = "shipped") -> None:
        if config not in ("shipped", "default"):
            raise ValueError(f"config is 'shipped' or 'default', not {config!r}")
        self.root = Path(root).resolve()
        self.config = config
        self.port = 0  # a free port at the first start, then the same one
        self.executable = nginx_path()
        self.prefix = Path(tempfile.mkdtemp(prefix="nginx-"))
        weakref.finalize(self, shutil.rmtree, self.prefix, True)
        self._process: subprocess.Popen[bytes] | None = None
        self._hanging: _Hang | None = None
        self._finalizer = weakref.finalize(self, _end, None)

    # --- the interface ---------------------------------------------------------------

    def start(self) -> str:
        """Start nginx on 127.0.0.1 (the same port as before); the base address."""
        self.stop()
        attempts = 3 if self.port == 0 else 1
        for _attempt in range(attempts):
            port = self.port or free_port()
            if self._launch(port):
                self.port = port
                return f"http://127.0.0.1:{port}/"
        raise RuntimeError(f"nginx did not start on 127.0.0.1:{port}:\n{self.error_log()}")

    def stop(self) -> None:
        """Stop nginx (or the hanging listener): the port refuses connections."""
        if self._hanging is not None:
            self._hanging.close()
            self._hanging = None
        if self._process is not None:
            _end(self._process)
            self._process = None
            self._finalizer.detach()

    def hang(self) -> None:
        """Stop nginx and listen on its port without ever answering."""
        if self.port == 0:
            raise RuntimeError("hang() needs a port: start() first")
        self.stop()
        self._hanging = _Hang(self.port)

    # --- helpers ---------------------------------------------------------------------

    def error_log(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def configuration(self, port: int) -> str:
        """The whole nginx.conf for ``port``."""
        prefix = self.prefix
        temp = "\n".join(f"    {name}_temp_path {prefix / 'temp' / name};" for name in TEMP_PATHS)
        # A master run by root starts its workers as "nobody" unless told; they could
        # not read a test's private temporary folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        server_extra = f"    include {SHIPPED};\n" if self.config == "shipped" else ""
        return (
            f"{user}worker_processes 1;\n"
            f"pid {prefix / 'nginx.pid'};\n"
            f"error_log {prefix / 'error.log'} warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            # Debian's stock http settings (/etc/nginx/nginx.conf), minus its logs.
            "    sendfile on;\n"
            "    tcp_nopush on;\n"
            "    types_hash_max_size 2048;\n"
            f"    include {STOCK / 'mime.types'};\n"
            "    default_type application/octet-stream;\n"
            "    gzip on;\n"
            "    access_log off;\n"
            f"{temp}\n"
            "    server {\n"
            f"        listen 127.0.0.1:{port};\n"
            f"        root {self.root};\n"
            f"    {server_extra}"
            "    }\n"
            "}\n")

    def _launch(self, port: int) -> bool:
        for name in TEMP_PATHS:
            (self.prefix / "temp" / name).mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(self.configuration(port), encoding="utf-8")
        (self.prefix / "error.log").write_text("")
        with open(self.prefix / "stderr.log", "wb") as stderr:  # the child keeps its copy
            process = subprocess.Popen(
                [self.executable, "-p", str(self.prefix), "-c", str(conf), "-e",
                 str(self.prefix / "error.log"), "-g", "daemon off;"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + START_LIMIT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False  # e.g. the port was taken since free_port()
            if not refuses(port):
                self._process = process
                self._finalizer = weakref.finalize(self, _end, process)
                return True
            time.sleep(0.02)
        _end(process)
        return False


class _Hang:
    """A listener on 127.0.0.1:``port`` that accepts connections, reads nothing and
    answers nothing, until closed."""

    def __init__(self, port: int) -> None:
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", port))
        self.socket.listen(128)
        self.socket.settimeout(0.1)
        self.held: list[socket.socket] = []
        self.closing = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.closing.is_set():
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.held.append(connection)

    def close(self) -> None:
        self.closing.set()
        self.thread.join()
        for connection in self.held:
            connection.close()
        self.socket.close()
