"""The HTTP client of a running Baton: authentication and one-line errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baton.cli.errors import CliError
from baton.cli.profiles import Connection

if TYPE_CHECKING:
    import httpx

TIMEOUT_SECONDS = 30.0


class Client:
    """Calls one server as one caller. The token comes from the connection, or from
    exchanging its access key at POST /api/token on the first call."""

    def __init__(self, connection: Connection) -> None:
        assert connection.url is not None
        self.url = connection.url.rstrip("/")
        self._connection = connection
        self._token = connection.token
        self._http: httpx.Client | None = None

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
    ) -> Any:
        """The decoded JSON answer (None for an empty one); any failure is a CliError."""
        headers = {"Authorization": f"Bearer {self._login()}"} if self._has_credentials else {}
        answer = self._send(method, path, json=json, files=files, headers=headers)
        return _decoded(answer)

    @property
    def _has_credentials(self) -> bool:
        return bool(self._token or self._connection.key_id)

    def _login(self) -> str:
        if self._token is None:
            key_id, secret = self._connection.key_id, self._connection.key_secret
            if not secret:
                raise CliError("--key-id needs --key-secret (or BATON_KEY_SECRET)")
            answer = self._send("POST", "/api/token", json={"keyId": key_id, "keySecret": secret})
            token = _decoded(answer).get("token")
            if not isinstance(token, str):
                raise CliError(f"{self.url}/api/token answered without a token")
            self._token = token
        return self._token

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        import httpx

        if self._http is None:
            self._http = httpx.Client(base_url=self.url, timeout=TIMEOUT_SECONDS)
        try:
            answer = self._http.request(method, path, **kwargs)
        except httpx.ConnectError as exc:
            raise CliError(f"cannot reach Baton at {self.url}: {_reason(exc)}") from None
        except httpx.TimeoutException:
            raise CliError(
                f"Baton at {self.url} did not answer within {TIMEOUT_SECONDS:g} s"
            ) from None
        except httpx.HTTPError as exc:
            raise CliError(f"cannot talk to Baton at {self.url}: {exc}") from None
        if answer.status_code >= 400:
            raise CliError(_failure(answer))
        return answer

    def close(self) -> None:
        if self._http is not None:
            self._http.close()


def _reason(exc: Exception) -> str:
    """`connection refused` rather than `[Errno 111] Connection refused`."""
    text = str(exc) or type(exc).__name__
    if "]" in text:
        text = text.split("]", 1)[1].strip()
    return text[:1].lower() + text[1:]


def _decoded(answer: httpx.Response) -> Any:
    if not answer.content:
        return None
    try:
        return answer.json()
    except ValueError:
        raise CliError(
            f"{answer.request.url} answered {answer.status_code} with no JSON: is it Baton?"
        ) from None


def _failure(answer: httpx.Response) -> str:
    """The server's own message (Orkes `message` or problem+json `detail`) with the status."""
    message = ""
    try:
        body = answer.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        message = str(body.get("message") or body.get("detail") or body.get("title") or "")
    if not message:
        message = answer.reason_phrase or "error"
    if answer.status_code == 401:
        return f"not authenticated by Baton at {answer.request.url.host}: {message} (401)"
    return f"{message} ({answer.status_code})"
