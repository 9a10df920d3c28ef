"""``python -m sim.app``: the model live in the browser, for a class (Mesa's visualisation).

The page shows the real model, one run or two side by side: "compare with" runs the same
organisation (same seed) under a second strategy, so a class sees the same people
diverge. Controls set strategy, leadership, key figures, size and seed; buttons strike
events during a run. A value the model does not accept shows as a message on the page.

    python -m sim.app                    # http://localhost:8765, this computer only
    python -m sim.app --host 0.0.0.0     # deliberately open to the class network
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys


def port(text: str) -> int:
    """A TCP port, 1 to 65535 (an argparse type: a wrong one is a usage error)."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a whole number from 1 "
                                         "to 65535, e.g. 8765")
    return int(text)


def host(text: str) -> str:
    """An interface name or address to listen on (an argparse type)."""
    if not text.strip() or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a host: give localhost, an address "
                                         "such as 0.0.0.0, or a host name")
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.app", description=__doc__.splitlines()[0])
    parser.add_argument("--host", type=host, default="localhost",
                        help="interface to listen on; 0.0.0.0 opens it to the network "
                             "(default: localhost, this computer only)")
    parser.add_argument("--port", type=port, default=8765, help="1 to 65535; default 8765")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("solara") is None:
        print("The classroom demo needs its extra: .venv/bin/pip install -e '.[app]'",
              file=sys.stderr)
        sys.exit(2)
    # A classroom page phones nobody: no usage telemetry, no version check on PyPI.
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    from solara.__main__ import main as solara_main

    sys.argv = ["solara", "run", "sim.app.page", "--host", args.host, "--port", str(args.port),
                "--production", "--no-open", "--no-check-version"]
    solara_main()


if __name__ == "__main__":
    main()
