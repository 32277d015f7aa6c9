"""The HTTP client of a running Baton: authentication and one-line errors.

Built on the standard library's `http.client`, not httpx: a command pays its imports on
every run, and httpx's alone cost more than a tenth of a second here."""

from __future__ import annotations

import http.client
import json as jsonlib
import secrets
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from baton.cli.errors import CliError
from baton.cli.profiles import Connection

TIMEOUT_SECONDS = 30.0

# a multipart part: (field name, (file name, content, content type))
Part = tuple[str, tuple[str, bytes, str]]


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    body: bytes

    def json(self) -> Any:
        return jsonlib.loads(self.body) if self.body else None


class Client:
    """Calls one server as one caller over one kept-alive connection. The token comes from
    the connection, or from exchanging its access key at POST /api/token on the first call."""

    def __init__(self, connection: Connection) -> None:
        assert connection.url is not None
        self.url = connection.url.rstrip("/")
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CliError(f"--url must be http(s)://host[:port], got {connection.url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._connection = connection
        self._token = connection.token
        self._http: http.client.HTTPConnection | None = None

    def call(
        self, method: str, path: str, *, json: Any = None, files: list[Part] | None = None
    ) -> Any:
        """The decoded JSON answer (None for an empty one); any failure is a CliError."""
        headers = {"Authorization": f"Bearer {self._login()}"} if self._has_credentials else {}
        return _decoded(self._send(method, path, json=json, files=files, headers=headers))

    @property
    def _has_credentials(self) -> bool:
        return bool(self._token or self._connection.key_id)

    def _login(self) -> str:
        if self._token is None:
            key_id, secret = self._connection.key_id, self._connection.key_secret
            if not secret:
                raise CliError("--key-id needs --key-secret (or BATON_KEY_SECRET)")
            answer = self._send(
                "POST", "/api/token", json={"keyId": key_id, "keySecret": secret}, headers={}
            )
            found = _decoded(answer)
            token = found.get("token") if isinstance(found, dict) else None
            if not isinstance(token, str):
                raise CliError(f"{self.url}/api/token answered without a token")
            self._token = token
        return self._token

    def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any,
        files: list[Part] | None = None,
        headers: dict[str, str],
    ) -> Answer:
        body: bytes | None = None
        headers = {**headers, "Accept": "application/json"}
        if files is not None:
            body, headers["Content-Type"] = _multipart(files)
        elif json is not None:
            body = jsonlib.dumps(json).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection = self._open()
            connection.request(method, self._prefix + path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.reason, response.read())
        except TimeoutError:
            raise CliError(
                f"Baton at {self.url} did not answer within {TIMEOUT_SECONDS:g} s"
            ) from None
        except ConnectionRefusedError:
            raise CliError(f"cannot reach Baton at {self.url}: connection refused") from None
        except socket.gaierror as exc:
            raise CliError(f"cannot reach Baton at {self.url}: {exc.strerror}") from None
        except (OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise CliError(f"cannot talk to Baton at {self.url}: {reason}") from None
        if answer.status >= 400:
            raise CliError(_failure(answer, self._host))
        return answer

    def _open(self) -> http.client.HTTPConnection:
        if self._http is None:
            kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            self._http = kind(self._host, self._port, timeout=TIMEOUT_SECONDS)
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()


def _multipart(files: list[Part]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type."""
    boundary = f"baton-{secrets.token_hex(16)}"
    chunks: list[bytes] = []
    for field, (filename, content, content_type) in files:
        safe = filename.replace('"', "%22").replace("\r", "").replace("\n", "")
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{safe}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        chunks.append(content)
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def _decoded(answer: Answer) -> Any:
    try:
        return answer.json()
    except ValueError:
        raise CliError(f"the server answered {answer.status} with no JSON: is it Baton?") from None


def _failure(answer: Answer, host: str) -> str:
    """The server's own message (Orkes `message` or problem+json `detail`) with the status."""
    message = ""
    try:
        body = answer.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        message = str(body.get("message") or body.get("detail") or body.get("title") or "")
    if not message:
        message = answer.reason or "error"
    if answer.status == 401:
        return f"not authenticated by Baton at {host}: {message} (401)"
    return f"{message} ({answer.status})"
