"""The classroom app served in a child process (for the browser test and the benchmark)."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager


@contextmanager
def serving(*options: str, port: int | None = None, timeout: float = 60.0):
    """The app in a child process on ``port`` (a free one if None) with the command's
    ``options``, yielding its URL once it answers. Its output goes to a file, not a pipe
    nobody reads (a full pipe would stop the server)."""
    if port is None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen([sys.executable, "-m", "sim.app", "--port", str(port),
                                    *options], stdout=output, stderr=subprocess.STDOUT, text=True)
        url = f"http://localhost:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    urllib.request.urlopen(url, timeout=1)
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        process.kill()
                        process.wait()
                        output.seek(0)
                        raise RuntimeError("the app did not start: " + output.read()) from None
                    time.sleep(0.5)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)
