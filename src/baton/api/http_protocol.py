"""uvicorn's httptools protocol with a bound on the request head.

httptools (llhttp) parses HTTP in C, several times cheaper per request than h11, but it
buffers a header of any size until the line ends. This protocol counts the bytes received
while a request head is incomplete and, over the limit, answers 431 and closes the
connection instead of reading on. The limit is uvicorn's `h11_max_incomplete_event_size`
(the same setting bounds h11), which `baton serve` sets to `Settings.max_head_bytes`.

The count is per read: a read that ends a body and starts the next head counts whole, so a
pipelining client may see a head refused a read's size early (clients do not pipeline).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_REFUSAL = b"Request header fields too large"


class HeadLimitedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, config: Any, server_state: Any, app_state: Any, _loop: Any = None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self._head_limit: int = config.h11_max_incomplete_event_size or 64 * 1024
        self._head_bytes = 0
        self._in_head = False

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._in_head and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > self._head_limit:
                self._refuse_head()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_bytes = True, 0

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def _refuse_head(self) -> None:
        self.logger.warning("Request head over %d bytes refused.", self._head_limit)
        transport: asyncio.Transport = self.transport
        transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: text/plain; charset=utf-8\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_REFUSAL), _REFUSAL)
        )
        transport.close()
