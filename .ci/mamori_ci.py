"""Shared by .ci/schemathesis and .ci/kill9: start `mamori serve` on a data directory, read the demo accounts it
prints, and sign in through the real login form (and the TOTP enrolment, for the roles that need it). Python 3
standard library only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import http.client
import json
import os
import re
import signal
import socket
import struct
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field


def binary(arg: str | None = None) -> str:
    """The mamori binary: the argument, else $MAMORI_BIN, else .build/debug/mamori (relative to the checkout)."""
    path = arg or os.environ.get("MAMORI_BIN") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "debug", "mamori")
    path = os.path.abspath(path)
    if not os.access(path, os.X_OK):
        raise SystemExit(f"mamori binary not found or not executable: {path} (pass it as an argument or set MAMORI_BIN)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def cookies(self) -> dict[str, str]:
        out = {}
        for k, v in self.headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                out[name.strip()] = rest.split(";", 1)[0]
        return out

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = 30) -> Response:
    """One HTTP/1.1 request on a new connection to 127.0.0.1:port; redirects are not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Response(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


class Server:
    """`mamori serve` as a child process (the process itself, so that a signal reaches the server)."""

    def __init__(self, bin_path: str, data: str, port: int | None = None, demo: bool = True, database: str | None = None,
                 log: str | None = None, cwd: str | None = None):
        self.bin = bin_path
        self.data = data
        self.port = port or free_port()
        self.demo = demo
        self.database = database
        self.log = log or os.path.join(os.path.dirname(os.path.abspath(data)), f"serve-{self.port}.log")
        self.cwd = cwd or os.path.dirname(os.path.abspath(data))
        self.proc: subprocess.Popen | None = None
        self._log_offset = 0

    def start(self, wait: float = 180) -> "Server":
        args = [self.bin, "serve", "--hostname", "127.0.0.1", "--port", str(self.port), "--data", self.data]
        if self.demo:
            args.append("--demo")
        if self.database:
            args += ["--database", self.database]
        self._log_offset = os.path.getsize(self.log) if os.path.exists(self.log) else 0
        logfile = open(self.log, "ab")
        self.proc = subprocess.Popen(args, cwd=self.cwd, stdout=logfile, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        logfile.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mamori serve exited with {self.proc.returncode} while starting; log {self.log}:\n{self.output()[-4000:]}")
            try:
                if request(self.port, "GET", "/healthz", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"mamori serve did not answer /healthz within {wait:.0f} s; log {self.log}")

    def output(self) -> str:
        """What this start of the server printed."""
        with open(self.log, "rb") as f:
            f.seek(self._log_offset)
            return f.read().decode("utf-8", "replace")

    def accounts(self) -> dict[str, str]:
        """The demo accounts printed at start: `  login    password   role`."""
        return {m.group(1): m.group(2) for m in re.finditer(r"^  (\w+)\s+(\S+)\s{3}", self.output(), re.M)}

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def healthy(self) -> bool:
        try:
            return request(self.port, "GET", "/healthz", timeout=10).status == 200
        except OSError:
            return False

    def kill9(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        if self.proc:
            self.proc.wait()

    def stop(self) -> int | None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None


def totp(secret_base32: str, at: float | None = None, step_offset: int = 0) -> str:
    """RFC 6238 (HMAC-SHA1, 30 s, 6 digits), as TOTP.swift computes it."""
    padded = secret_base32 + "=" * (-len(secret_base32) % 8)
    key = base64.b32decode(padded.upper())
    counter = int((at if at is not None else time.time()) // 30) + step_offset
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


@dataclass
class Session:
    """A signed-in member: the session cookie and the session's CSRF token (X-CSRF-Token for API writes)."""
    login: str
    token: str
    csrf: str
    totp_secret: str | None = None
    contracts: list = field(default_factory=list)

    @property
    def cookie(self) -> str:
        return f"mamori_session={self.token}"

    def headers(self, write: bool = False) -> dict[str, str]:
        h = {"Cookie": self.cookie, "Accept": "application/json"}
        if write:
            h["X-CSRF-Token"] = self.csrf
            h["Content-Type"] = "application/json"
        return h


def _hidden(page: str, name: str) -> str | None:
    m = re.search(r'<input type="hidden" name="%s" value="([^"]*)"' % re.escape(name), page)
    return html.unescape(m.group(1)) if m else None


def sign_in(port: int, login: str, password: str) -> Session:
    """Signs in through GET/POST /login and, where the role needs it, enrols and answers TOTP at /totp."""
    page = request(port, "GET", "/login?lang=en")
    if page.status != 200:
        raise RuntimeError(f"GET /login: {page.status}")
    pre = page.cookies().get("mamori_csrf")
    form_csrf = _hidden(page.text, "_csrf")
    if not pre or pre != form_csrf:
        raise RuntimeError("GET /login: no mamori_csrf cookie matching the form's _csrf")
    body = urllib.parse.urlencode({"_csrf": form_csrf, "next": "/", "login": login, "password": password}).encode()
    r = request(port, "POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"mamori_csrf={pre}"})
    token = r.cookies().get("mamori_session")
    if r.status not in (302, 303) or not token:
        raise RuntimeError(f"POST /login as {login}: {r.status} (expected a redirect with a session cookie)")
    cookie = {"Cookie": f"mamori_session={token}"}
    secret = None
    location = r.header("Location") or ""
    if location.startswith("/totp"):
        page = request(port, "GET", location, headers=cookie)
        if page.status != 200:
            raise RuntimeError(f"GET {location}: {page.status}")
        m = re.search(r'<p class="secret"><code>([A-Z2-7]+)</code>', page.text)
        if not m:
            raise RuntimeError(f"{login}: TOTP already enrolled (no secret shown); cannot compute a code")
        secret = m.group(1)
        csrf = _hidden(page.text, "_csrf")
        code = totp(secret)
        body = urllib.parse.urlencode({"_csrf": csrf, "next": "/", "code": code}).encode()
        r = request(port, "POST", "/totp", body, {**cookie, "Content-Type": "application/x-www-form-urlencoded"})
        if r.status not in (302, 303):
            raise RuntimeError(f"POST /totp as {login}: {r.status}: {r.text[:300]}")
    home = request(port, "GET", "/?lang=en", headers=cookie)
    if home.status != 200:
        raise RuntimeError(f"GET / as {login} after sign-in: {home.status}")
    m = re.search(r'action="/logout"[^>]*><input type="hidden" name="_csrf" value="([^"]*)"', home.text)
    if not m:
        raise RuntimeError(f"GET / as {login}: no session CSRF token in the page")
    session = Session(login, token, html.unescape(m.group(1)), secret)
    r = request(port, "GET", "/api/v1/contracts", headers=session.headers())
    if r.status != 200:
        raise RuntimeError(f"GET /api/v1/contracts as {login}: {r.status}")
    session.contracts = r.json()
    return session
