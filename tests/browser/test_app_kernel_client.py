"""The app's kernel client (app/kernel_client.py) finds a message even when the poller's wake-up is lost."""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from browser_support import ROOT
from jupyter_client.session import Session

sys.path.insert(0, str(ROOT / "app"))

import kernel_client  # noqa: E402


async def _pair(endpoint: str):
    context = zmq.asyncio.Context()
    receiver = context.socket(zmq.PULL)
    receiver.bind(endpoint)
    sender = context.socket(zmq.PUSH)
    sender.connect(endpoint)
    return context, sender, receiver


def run(coroutine):
    """Run on a thread of its own: Playwright's sync API may already run an event loop in this worker's thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.mark.parametrize("lose_wakeups", [False, True], ids=["normal", "every-wake-up-lost"])
def test_patient_channel_returns_the_waiting_message(lose_wakeups, monkeypatch):
    async def scenario():
        context, sender, receiver = await _pair(f"inproc://patient-{lose_wakeups}")
        session = Session(key=b"")
        channel = kernel_client.PatientChannel(receiver, session)
        if lose_wakeups:  # the poller never reports the message: only the re-check can find it
            async def never(*_args, **_kwargs):
                return 0

            monkeypatch.setattr(receiver, "poll", never)
        before = kernel_client.PatientChannel.recovered
        session.send(sender, "execute_reply", {"status": "ok"})
        await asyncio.sleep(0.05)
        msg = await channel.get_msg(timeout=5)
        recovered = kernel_client.PatientChannel.recovered - before
        sender.close(0)
        receiver.close(0)
        context.term()
        return msg, recovered

    msg, recovered = run(scenario())
    assert msg["header"]["msg_type"] == "execute_reply" and msg["content"] == {"status": "ok"}
    assert recovered == (1 if lose_wakeups else 0)


def test_patient_channel_still_honours_a_timeout():
    async def scenario():
        context, sender, receiver = await _pair("inproc://patient-timeout")
        channel = kernel_client.PatientChannel(receiver, Session(key=b""))
        try:
            with pytest.raises(Empty):
                await channel.get_msg(timeout=0.3)
        finally:
            sender.close(0)
            receiver.close(0)
            context.term()

    run(scenario())


def test_the_app_uses_the_patient_client():
    config = (ROOT / "app" / "voila.py").read_text(encoding="utf-8")
    assert 'c.AsyncKernelManager.client_class = "kernel_client.PatientKernelClient"' in config
    assert kernel_client.PatientKernelClient.shell_channel_class.default_value is kernel_client.PatientChannel
    assert kernel_client.PatientKernelClient.iopub_channel_class.default_value is kernel_client.PatientChannel
