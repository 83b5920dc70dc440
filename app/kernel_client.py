"""A kernel client for Voilà that cannot wait forever for a message that has already arrived.

Voilà executes a notebook with nbclient, which waits for each cell's `execute_reply` with
`shell_channel.get_msg(timeout=None)`: one `await socket.poll(None)` on a zmq.asyncio socket, woken only by the
event loop's watch on ZeroMQ's edge-triggered notification descriptor. In our trials a fresh start sometimes
never finished ("Executing N of M" forever). Voilà's debug log of every such hang (6 of 6) ends with the
running cell's `status: idle` on IOPub, which ipykernel publishes only after it has sent the `execute_reply`:
the kernel had answered, and the client kept waiting. We read that as a lost wake-up of the asyncio poller
(the reply sits in the socket, nobody is told). Not proven at the ZeroMQ level.

`PatientChannel.get_msg` polls in short slices. pyzmq's `poll(timeout)` ends a slice with a synchronous
`zmq_poll(0)`, and this channel then also asks ZeroMQ (`zmq.EVENTS`) whether a message is waiting, so a lost
wake-up costs at most one slice instead of the whole page. Recoveries by the `zmq.EVENTS` check, and messages a
later slice picks up more than LATE_SECONDS after the kernel sent them, are logged as warnings. A timeout, when
the caller gives one, is still honoured.

Measured (curl, fresh Voilà server per start, a notebook of `interactive` widgets, --debug, two busy processes):
plain Voilà 3 hangs in 13 starts; with this client (app/voila.py) 0 in 60. Without load both gave 0 in 40-60.

Enabled by app/voila.py: `c.AsyncKernelManager.client_class = "kernel_client.PatientKernelClient"`.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from queue import Empty
from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

SLICE_SECONDS = 0.25
LATE_SECONDS = 2.0
CHANNELS = {zmq.DEALER: "shell", zmq.SUB: "iopub"}
log = logging.getLogger("Voila")


class PatientChannel(AsyncZMQSocketChannel):
    """`get_msg` that re-checks the socket itself every SLICE_SECONDS instead of trusting one wake-up."""

    recovered = 0  # messages found by the re-check (class-wide, for logs and tests)
    late = 0  # messages a later slice found long after they were sent

    def _waiting(self) -> bool:
        return bool(self.socket.get(zmq.EVENTS) & zmq.POLLIN)

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        deadline = None if timeout is None else time.monotonic() + timeout
        slices = 0
        while True:
            left = SLICE_SECONDS if deadline is None else max(0.0, min(SLICE_SECONDS, deadline - time.monotonic()))
            if await self.socket.poll(int(left * 1000)):
                return self._late(await self._recv(), slices)
            if self._waiting():
                PatientChannel.recovered += 1
                log.warning("recovered a message the poller missed (%s channel, %d so far)",
                            CHANNELS.get(self.socket.type, "?"), PatientChannel.recovered)
                return await self._recv()
            slices += 1
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty

    def _late(self, msg: dict[str, Any], slices: int) -> dict[str, Any]:
        """Log a message that had been sent well before a later slice's poll saw it (a wake-up lost earlier)."""
        sent = msg.get("header", {}).get("date")
        if slices and isinstance(sent, datetime):
            age = (datetime.now(UTC) - sent).total_seconds()
            if age > LATE_SECONDS:
                PatientChannel.late += 1
                log.warning("picked up a %s message %.1f s after the kernel sent it, on poll slice %d (%d so far)",
                            msg["header"].get("msg_type"), age, slices + 1, PatientChannel.late)
        return msg


class PatientKernelClient(AsyncKernelClient):
    shell_channel_class = Type(PatientChannel)
    iopub_channel_class = Type(PatientChannel)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        log.debug("kernel client: %s (re-checks every %.2f s)", type(self).__name__, SLICE_SECONDS)
