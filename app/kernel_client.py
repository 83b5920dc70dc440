"""A kernel client for Voilà that cannot wait forever for a message that has already arrived.

Voilà executes a notebook with nbclient, which waits for each cell's `execute_reply` with
`shell_channel.get_msg(timeout=None)`: one `await socket.poll(None)` on a zmq.asyncio socket. In our trials a
fresh start sometimes never finished ("Executing N of M" forever). Voilà's debug log of such a hang shows the
kernel had finished the cell: its `status: idle` arrived on IOPub, and ipykernel publishes `idle` only after
it has sent the `execute_reply`. So the reply was sitting in the client's socket while the poll kept waiting:
a lost wake-up of the asyncio poller on ZeroMQ's edge-triggered notification descriptor.

`PatientChannel.get_msg` polls in short slices and, when a slice ends without a wake-up, asks ZeroMQ itself
(`zmq.EVENTS`) whether a message is waiting, so a lost wake-up costs at most one slice. It logs each
recovery (`recovered a message the poller missed`), which is how tools/app_reliability.sh and the README
evidence show the cause. A timeout, when the caller gives one, is still honoured.

Enabled by app/voila.py: `c.AsyncKernelManager.client_class = "kernel_client.PatientKernelClient"`.
"""

from __future__ import annotations

import logging
import time
from queue import Empty
from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

SLICE_SECONDS = 0.25
CHANNELS = {zmq.DEALER: "shell", zmq.SUB: "iopub"}
log = logging.getLogger("Voila")


class PatientChannel(AsyncZMQSocketChannel):
    """`get_msg` that re-checks the socket itself every SLICE_SECONDS instead of trusting one wake-up."""

    recovered = 0  # messages found by the re-check (class-wide, for logs and tests)

    def _waiting(self) -> bool:
        return bool(self.socket.get(zmq.EVENTS) & zmq.POLLIN)

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE_SECONDS if deadline is None else max(0.0, min(SLICE_SECONDS, deadline - time.monotonic()))
            if await self.socket.poll(int(left * 1000)):
                return await self._recv()
            if self._waiting():
                PatientChannel.recovered += 1
                log.warning("recovered a message the poller missed (%s channel, %d so far)",
                            CHANNELS.get(self.socket.type, "?"), PatientChannel.recovered)
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class PatientKernelClient(AsyncKernelClient):
    shell_channel_class = Type(PatientChannel)
    iopub_channel_class = Type(PatientChannel)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        log.debug("kernel client: %s (re-checks every %.2f s)", type(self).__name__, SLICE_SECONDS)
