"""A screenshot of a page scrolled to an anchor, through the DevTools protocol over a pipe.

``chromium --headless --screenshot=... URL#anchor`` scrolls to the anchor but captures a
blank picture (Chromium 156 on Debian); ``Page.captureScreenshot`` captures what the
viewport shows. ``--remote-debugging-pipe`` talks on file descriptors 3 (commands in)
and 4 (answers out), one JSON message per NUL-terminated chunk: no port, no network.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import subprocess
import time
from pathlib import Path


class Pipe:
    def __init__(self, chromium: str, profile: Path, width: int, height: int):
        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()

        def on_fds_3_and_4():  # in the child, before exec: the pipes where chromium looks for them
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_chrome_r, from_chrome_w)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.proc = subprocess.Popen(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--window-size={width},{height}",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=on_fds_3_and_4,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0

    def call(self, method: str, session: str | None = None, timeout: float = 60, **params) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._next(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def wait_event(self, name: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline)
            if msg.get("method") == name:
                return msg

    def _next(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except Exception:
            pass
        os.close(self._w)
        os.close(self._r)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def screenshot(chromium: str, profile: Path, url: str, out: Path, width: int = 1200, height: int = 900) -> None:
    """Open ``url`` (with its ``#anchor``) and write a PNG of the viewport to ``out``."""
    pipe = Pipe(chromium, profile, width, height)
    try:
        target = pipe.call("Target.createTarget", url="about:blank")["targetId"]
        session = pipe.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        pipe.call("Page.enable", session)
        pipe.call(
            "Emulation.setDeviceMetricsOverride", session, width=width, height=height, deviceScaleFactor=1, mobile=False
        )
        pipe.call("Page.navigate", session, url=url)
        pipe.wait_event("Page.loadEventFired")
        # the fragment's scroll happens with the load; wait for two frames to be drawn after it
        pipe.call(
            "Runtime.evaluate",
            session,
            expression="new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))",
            awaitPromise=True,
        )
        data = pipe.call("Page.captureScreenshot", session, format="png")["data"]
        out.write_bytes(base64.b64decode(data))
    finally:
        pipe.close()
