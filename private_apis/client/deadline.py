"""One deadline for a whole attempt: connect, send, and read the status line, headers and body.

Socket timeouts alone bound each read, so a server that sends one byte a second keeps an attempt alive for
as long as it likes. Two mechanisms close that gap:

* :class:`Deadline` gives socket timeouts never larger than the time left and is checked between body chunks;
* :class:`DeadlineAdapter`, mounted on the client's own session, arms a watchdog on the attempt's connection
  that shuts the socket down when the deadline passes, which ends a read blocked anywhere (TLS handshake,
  headers, inside one body chunk) with an error the client reports as a timeout.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3 import poolmanager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class AttemptTimeout(requests.Timeout):
    """The attempt's deadline passed (raised by the client, not by a socket timeout)."""


class Deadline:
    """The end of one attempt on the monotonic clock, with a watchdog that can cut its connection."""

    def __init__(self, connect: float, total: float) -> None:
        self.connect = connect
        self.total = total
        self.started = time.monotonic()
        self.at = self.started + total
        self.fired = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._watched: socket.socket | None = None
        self._done = False

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def expired(self) -> bool:
        return self.fired or self.remaining() <= 0

    def check(self) -> None:
        if self.expired():
            raise AttemptTimeout(f"no complete response within {self.total:g} s")

    def socket_timeouts(self) -> tuple[float, float]:
        """``(connect, read)`` for requests: neither outlasts the deadline."""
        self.check()
        left = self.remaining()
        return min(self.connect, left), left

    def arm(self, sock: socket.socket) -> None:
        """Shut ``sock`` down at the deadline; once per attempt, on the connection it uses."""
        with self._lock:
            if self._done or self._timer is not None:
                return
            try:
                # A duplicate descriptor: shutting it down cuts the connection, and its number cannot be reused
                # by an unrelated socket before disarm() closes it.
                self._watched = socket.socket(fileno=os.dup(sock.fileno()))
            except OSError:
                return
            self._timer = threading.Timer(max(self.remaining(), 0.0), self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._done or self._watched is None:
                return
            self.fired = True
            with contextlib.suppress(OSError):
                self._watched.shutdown(socket.SHUT_RDWR)

    def disarm(self) -> None:
        with self._lock:
            self._done = True
            if self._timer is not None:
                self._timer.cancel()
            if self._watched is not None:
                self._watched.close()
                self._watched = None

    @contextlib.contextmanager
    def watching(self) -> Iterator[Deadline]:
        """Make this the deadline that connections opened or reused in this context arm."""
        token = _current.set(self)
        try:
            yield self
        finally:
            _current.reset(token)
            self.disarm()


# Requests offers no way to pass a per-call value down to the connection; a context variable reaches it because
# requests sends synchronously, in the caller's thread.
_current: ContextVar[Deadline | None] = ContextVar("private_apis_client_deadline", default=None)


def _arm(sock: Any) -> None:
    deadline = _current.get()
    if deadline is not None and sock is not None:
        deadline.arm(sock)


class _Watched:
    """Mixin for urllib3 connections: arm the current deadline on a new socket and on a reused one."""

    sock: Any

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        _arm(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> Any:
        _arm(self.sock)
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


def _watch(manager: Any) -> Any:
    # Only managers using urllib3's standard pools: a SOCKS proxy manager has pools of its own, left as they are.
    if manager.pool_classes_by_scheme is poolmanager.pool_classes_by_scheme:
        manager.pool_classes_by_scheme = _POOLS
    return manager


class DeadlineAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose connections are cut when the current attempt's :class:`Deadline` passes.

    :class:`~private_apis.client.SignedClient` mounts it on the session it creates; mount it on a session of
    your own (``session.mount("https://", DeadlineAdapter())``) to get the same bound.
    """

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _watch(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        return _watch(super().proxy_manager_for(proxy, **proxy_kwargs))
