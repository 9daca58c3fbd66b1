"""The production server's settings: uvicorn, with TCP_NODELAY on every connection.

With `--workers` above 1, uvicorn binds the listening socket itself with protocol number 0,
so asyncio does not switch Nagle's algorithm off on accepted connections (it only does so
for sockets whose protocol is IPPROTO_TCP). A response written in two parts (head, then
body) then waits for the client's delayed ACK: about 40 ms on every response. Setting
TCP_NODELAY when a connection is made removes the stall (measured in bench/README.md).
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: Any) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


# What `tracker serve` passes to uvicorn.run (bench/bare_app.py serves the bare app the same way).
UVICORN_OPTIONS: dict[str, Any] = {
    "log_level": "warning",
    "proxy_headers": False,
    "http": "tracker.web.server:NoDelayH11Protocol",
    # Asked to stop, wait at most this long for requests still running (one stuck on a
    # database that restarted would otherwise hold the worker up for ever), then close them.
    "timeout_graceful_shutdown": 5,
}
