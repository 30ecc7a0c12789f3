"""A web server for the browser tests as real ones are set up by default: it sends
``Last-Modified`` and ``ETag`` and no ``Cache-Control`` (the defaults of nginx, Apache
and IIS), answers ``If-None-Match``/``If-Modified-Since`` with 304, and can be
stopped (the port refuses) or left hanging (the port accepts and never answers) on
the same port, so a service worker registered before stays the page's worker.

``tests/nginx.py`` ``Nginx(root, config)`` has the same four methods; the field tests
(tests/site/test_offline_field.py) take either through a list of factories."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any


class _DefaultHeaders(http.server.SimpleHTTPRequestHandler):
    """Python's file handler (Last-Modified, If-Modified-Since) plus an ETag made as
    nginx makes it (mtime and size in hex), and no Cache-Control."""

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output to what failed."""

    def _etag(self, path: str) -> str | None:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        etag = self._etag(path) if os.path.isfile(path) else None
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        self._pending_etag = etag
        return super().send_head()

    def end_headers(self) -> None:
        etag = getattr(self, "_pending_etag", None)
        if etag:
            self.send_header("ETag", etag)
            self._pending_etag = None
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a browser closing a connection early is normal
        super().handle_error(request, client_address)


class DefaultHeadersServer:
    """``root`` served on 127.0.0.1 with a default server's headers; ``start``,
    ``stop`` and ``hang`` keep one port."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = 0  # a free port at the first start, then the same one
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._listener: socket.socket | None = None
        self._held: list[socket.socket] = []

    def start(self) -> str:
        """Serve (after a stop or a hang); the base address."""
        self._end_hang()
        self._server = _Server(("127.0.0.1", self.port),
                               functools.partial(_DefaultHeaders, directory=str(self.root)))
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        """A request to the port is refused, as from a server that is gone."""
        self._end_hang()
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
        self._server = self._thread = None

    def hang(self) -> None:
        """The port accepts connections and never answers (a flaky network, a stuck
        proxy): each connection is held open, unread."""
        self.stop()
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener

        def hold() -> None:
            while True:
                try:
                    connection, _ = listener.accept()
                except OSError:
                    return  # closed by _end_hang
                self._held.append(connection)

        threading.Thread(target=hold, daemon=True).start()

    def _end_hang(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept()
            self._listener.close()
            self._listener = None
        for connection in self._held:
            connection.close()
        self._held.clear()


def age_files(root: Path, days: float) -> None:
    """Every file under ``root`` last modified ``days`` ago, as on a server where
    the release was copied some days before (symbolic links are left alone)."""
    when = time.time() - days * 86400
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (when, when))
