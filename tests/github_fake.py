"""A small stand-in for the GitHub REST API's issue endpoints, served over real HTTP
on 127.0.0.1 in a thread; it keeps the issues and records every request."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REPO = "vgr-exempel/kontinuitetshandboken"
PAGE_SIZE = 2  # whatever per_page asks: small pages, so every list is paginated


@dataclass
class Recorded:
    method: str
    path: str  # with the query
    payload: Any
    authorization: str | None


@dataclass
class FakeGitHub:
    assignable: set[str]
    bot: str = "github-actions[bot]"
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[str]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    url: str = ""
    drop_labels: bool = False  # as GitHub does for a token that may not set labels
    # Releases as the API lists them ({"tag_name", "assets": [{"id", "name"}]}) and each
    # asset's bytes, which GitHub serves from its storage on another host.
    releases: list[dict[str, Any]] = field(default_factory=list)
    assets: dict[int, bytes] = field(default_factory=dict)

    def add(self, title: str, body: str, labels: list[str], author: str | None = None,
            state: str = "open", assignees: list[str] | None = None,
            pull_request: bool = False) -> int:
        number = max(self.issues, default=0) + 1
        self.issues[number] = {
            "number": number, "title": title, "body": body, "state": state,
            "labels": [{"name": n} for n in labels],
            "assignees": [{"login": a} for a in assignees or []],
            "user": {"login": author or self.bot}}
        if pull_request:
            self.issues[number]["pull_request"] = {"url": "x"}
        return number

    def writes(self) -> list[Recorded]:
        return [r for r in self.requests if r.method != "GET"]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: the test reads the recorded requests instead."""

    def _payload(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length)) if length else None

    def _send(self, status: int, body: Any = None, link: str | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if link:
            self.send_header("Link", link)
        self.end_headers()
        self.wfile.write(data)

    def _handle(self) -> None:
        fake = self.fake
        payload = self._payload()
        fake.requests.append(Recorded(self.command, self.path, payload,
                                      self.headers.get("Authorization")))
        url = urllib.parse.urlsplit(self.path)
        prefix = f"/repos/{REPO}"
        if url.path.startswith("/storage/"):  # the storage host (localhost, not 127.0.0.1)
            data = fake.assets[int(url.path.rsplit("/", 1)[1])]
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if not url.path.startswith(prefix):
            self._send(404, {"message": "Not Found"})
            return
        parts = url.path.removeprefix(prefix).strip("/").split("/")
        if self.command == "GET" and parts == ["issues"]:
            self._list(urllib.parse.parse_qs(url.query))
        elif self.command == "GET" and parts == ["releases"]:
            self._send(200, fake.releases)
        elif self.command == "GET" and parts[:2] == ["releases", "assets"]:
            port = urllib.parse.urlsplit(fake.url).port
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/storage/{parts[2]}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.command == "GET" and parts[0] == "assignees":
            self._send(204 if urllib.parse.unquote(parts[1]) in fake.assignable else 404)
        elif self.command == "POST" and parts == ["issues"]:
            self._create(payload)
        elif parts[0] == "issues" and int(parts[1]) in fake.issues:
            self._change(int(parts[1]), parts[2:], payload)
        else:
            self._send(404, {"message": "Not Found"})

    do_GET = do_POST = do_PATCH = _handle  # noqa: N815

    def _list(self, query: dict[str, list[str]]) -> None:
        label = query["labels"][0]
        page = int(query.get("page", ["1"])[0])
        found = [i for _n, i in sorted(self.fake.issues.items(), reverse=True)
                 if label in {x["name"] for x in i["labels"]}]
        chunk = found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        link = None
        if page * PAGE_SIZE < len(found):
            query = {**query, "page": [str(page + 1)]}
            link = (f'<{self.fake.url}/repos/{REPO}/issues?'
                    f'{urllib.parse.urlencode(query, doseq=True)}>; rel="next"')
        self._send(200, chunk, link)

    def _create(self, payload: dict[str, Any]) -> None:
        refused = [a for a in payload.get("assignees", []) if a not in self.fake.assignable]
        if refused:  # as GitHub does for a user who cannot be assigned
            self._send(422, {"message": "Validation Failed"})
            return
        labels = [] if self.fake.drop_labels else payload.get("labels", [])
        number = self.fake.add(payload["title"], payload["body"], labels,
                               assignees=payload.get("assignees", []))
        self._send(201, self.fake.issues[number])

    def _change(self, number: int, rest: list[str], payload: dict[str, Any]) -> None:
        issue = self.fake.issues[number]
        if self.command == "PATCH" and not rest:
            issue.update({k: v for k, v in payload.items() if k in ("title", "body", "state")})
        elif self.command == "POST" and rest == ["comments"]:
            self.fake.comments.setdefault(number, []).append(payload["body"])
        elif self.command == "POST" and rest == ["assignees"]:
            issue["assignees"] += [{"login": a} for a in payload["assignees"]
                                   if a in self.fake.assignable]
        else:
            self._send(404, {"message": "Not Found"})
            return
        self._send(200, issue)


@contextmanager
def serve(fake: FakeGitHub) -> Iterator[FakeGitHub]:
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
