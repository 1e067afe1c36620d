"""A real ``storyline serve`` in a subprocess, on a free loopback port, for the API and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

HOSTILE = (
    "Officials in Kyiv said on Monday that the attack was repelled. <script>window.__pwned = 1; alert('x')</script> "
    "A second paragraph carries an image <img src=x onerror=\"window.__pwned = 2\"> and a link "
    "<a href=\"javascript:window.__pwned = 3\">click here</a> with more words about the war in Ukraine.\n\n"
    "The style block <style>body { display: none } * { color: red }</style> must show as text, and "
    "\"><svg onload=window.__pwned=4> too, the ministry of defence in Kyiv said in a statement on Tuesday.\n"
)
UTF16 = (
    "Протесты в Киеве 🇺🇦 продолжались 🔥🔥 всю ночь, сообщили журналисты. "
    "東京でも集会が開かれた 😀. Emoji-rich reporting 👩‍👩‍👧 from Kyiv continued as officials said "
    "that 1,200 people gathered near the Verkhovna Rada on Sunday, the city administration said.\n"
)
PHRASE = "1,200 people gathered near the Verkhovna Rada"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path, token: str | None = None, workers: int | None = None) -> Iterator[str]:
    """The base URL of a ``storyline serve`` on ``db`` (with ``--workers`` if given); the server is stopped afterwards."""
    port = free_port()
    env = {**os.environ, "STORYLINE_TOKEN": token or ""}
    command = [sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"storyline serve did not start: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
