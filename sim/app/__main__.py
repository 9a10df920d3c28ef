"""``python -m sim.app``: the model live in the browser, for a class (Solara, bqplot).

The page shows the real model, one run or two side by side: "compare with" runs the same
organisation (same seed) under a second strategy, so a class sees the same people
diverge. Controls set the scenario, strategy, leadership, the five forces, resistance
handling, size and seed; buttons strike events during a run; a lesson walks through
prepared steps (configs/lesson/). A value the model does not accept shows as a message
on the page; so does a lesson file that is not one (and here, in the terminal).

    python -m sim.app                    # http://localhost:8765, this computer only
    python -m sim.app --host 0.0.0.0     # deliberately open to the class network
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path


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


def directory(text: str) -> Path:
    """An existing directory (an argparse type)."""
    path = Path(text).expanduser()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a directory: give the folder that "
                                         "holds the lesson files (*.yaml)")
    return path.resolve()


def check_lessons(lessons: Path) -> None:
    """Name every lesson file that is not one, here in the terminal (the page says so too)."""
    from sim.app.lessons import load_all

    found, problems = load_all(lessons)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"Lessons: {len(found)} in {lessons}" + (f", {len(problems)} not usable (above)"
                                                   if problems else ""), file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.app", description=__doc__.splitlines()[0])
    parser.add_argument("--host", type=host, default="localhost",
                        help="interface to listen on; 0.0.0.0 opens it to the network "
                             "(default: localhost, this computer only)")
    parser.add_argument("--port", type=port, default=8765, help="1 to 65535; default 8765")
    parser.add_argument("--lessons", type=directory, default=None,
                        help="folder of lesson files (default: configs/lesson/)")
    parser.add_argument("--posterior", default=None,
                        help="a calibration's posterior.csv to run on, or none for the "
                             "model's assumptions (default: the shipped "
                             "data/posterior/posterior.csv)")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("solara") is None or importlib.util.find_spec("bqplot") is None:
        print("The classroom demo needs its extra: .venv/bin/pip install -e '.[app]'",
              file=sys.stderr)
        sys.exit(2)
    from sim.app.classroom import POSTERIOR_VARIABLE
    from sim.app.lessons import LESSONS_VARIABLE, lesson_dir
    from sim.config import posterior
    from sim.config.errors import ConfigError

    if args.posterior is not None and posterior.resolve(args.posterior) is None:
        os.environ[POSTERIOR_VARIABLE] = "none"
    elif args.posterior is not None:
        given = Path(args.posterior).expanduser().resolve()
        try:
            posterior.load(str(given))
        except ConfigError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            sys.exit(2)
        os.environ[POSTERIOR_VARIABLE] = str(given)
    if args.lessons is not None:
        os.environ[LESSONS_VARIABLE] = str(args.lessons)
    check_lessons(lesson_dir())
    # A classroom page phones nobody: no usage telemetry, no version check on PyPI; and
    # the projector shows the model, not a banner over the corner of a chart.
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    os.environ.setdefault("SOLARA_THEME_TITLE", "nup-sim")
    from solara.__main__ import main as solara_main

    sys.argv = ["solara", "run", "sim.app.page", "--host", args.host, "--port", str(args.port),
                "--production", "--no-open", "--no-check-version"]
    solara_main()


if __name__ == "__main__":
    main()
