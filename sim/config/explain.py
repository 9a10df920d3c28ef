"""Errors a consultant understands, from one place: Hydra's, OmegaConf's and the file
system's exceptions turned into one message each (the key or file, what is wrong, what
to do), for every command to print before it exits with code 2.
"""

from __future__ import annotations

import errno
import os
import re
import reprlib
import signal
import sys
import threading
from collections.abc import Callable

from hydra.errors import (
    ConfigCompositionException,
    HydraException,
    MissingConfigException,
    OverrideParseException,
)
from omegaconf.errors import ConfigAttributeError, ConfigKeyError, OmegaConfBaseException

from sim.config.errors import ConfigError
from sim.config.keys import describe, no_such_choice, type_at, unknown
from sim.config.scenario_file import source
from sim.config.schema import SimConfig

_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_DENIED = (errno.EACCES, errno.EPERM, errno.EROFS)
_NOT_A_DIRECTORY = (errno.ENOTDIR, errno.EEXIST, errno.EISDIR)


def _omegaconf(exc: BaseException) -> OmegaConfBaseException | None:
    """The OmegaConf error behind a Hydra error, if any."""
    while exc is not None and not isinstance(exc, OmegaConfBaseException):
        exc = exc.__cause__ or exc.__context__
    return exc


def omegaconf_message(exc: OmegaConfBaseException, prefix: str = "",
                      root: type = SimConfig) -> str:
    """An OmegaConf error about a key under ``root`` (named ``prefix`` + key)."""
    key = exc.full_key or ""
    if isinstance(exc, ConfigKeyError | ConfigAttributeError) and "not in" in str(exc.msg):
        return unknown(prefix + key)
    tp = type_at(key, root) if key else None
    key = prefix + key
    if key and tp is not None:
        return f"{key}={reprlib.repr(exc.value)} is not allowed: must be {describe(tp)}"
    return f"{key + ': ' if key else ''}{(exc.msg or str(exc)).splitlines()[0]}"


def _origin(text: str) -> str:
    """Where a composition error arose: the file, or the command line."""
    found = re.match(r"In '([^']+)'", text)
    if found and found.group(1) not in ("config", "hydra/config"):
        path = source(found.group(1))
        return f" (in {'scenario file ' if 'scenario/' in found.group(1) else ''}"\
               f"{path or found.group(1)})"
    if text.startswith("Error merging override"):
        return " (on the command line)"
    return ""


def _missing_config(exc: MissingConfigException) -> str:
    group, _, name = (exc.missing_cfg_file or "").rpartition("/")
    if not exc.options or not group:
        return str(exc).split("\n\n")[0].removeprefix("In 'config': ")
    return no_such_choice(group, name, list(exc.options))


def _os_error(exc: OSError) -> str:
    text = f"{exc.filename or 'writing the results'}: {exc.strerror or exc}"
    if exc.errno in _FULL:
        return f"{text}: the disk is full (or a file size limit is reached); free space and " \
               "run again"
    if exc.errno in _DENIED:
        return f"{text}: choose a directory you may write to (paths.output_dir=...)"
    if exc.errno in _NOT_A_DIRECTORY:
        return f"{text}: a file stands where a directory is needed; choose another directory"
    return text


def explain(exc: BaseException) -> str | None:
    """The message for a failure of input, configuration or files; None for anything else
    (a fault in the program, which keeps its traceback)."""
    if isinstance(exc, ConfigError):
        return str(exc)
    if isinstance(exc, MissingConfigException):
        return _missing_config(exc)
    if isinstance(exc, ConfigCompositionException | OverrideParseException):
        text = str(exc)
        added = re.search(r"An item is already at '([^']+)'", text)
        if added:
            return (f"+{added.group(1)}: this setting exists; set it without the '+' "
                    f"({added.group(1)}=...)")
        overridden = re.match(r"Could not override '([^']+)'", text)
        if overridden:
            return f"{unknown(overridden.group(1))} (on the command line)"
        inner = _omegaconf(exc)
        message = omegaconf_message(inner) if inner is not None else \
            text.split("\n\n")[0].replace("\n", "; ")
        return message + _origin(text)
    if isinstance(exc, OmegaConfBaseException):
        return omegaconf_message(exc)
    if isinstance(exc, OSError) and exc.errno is not None:
        return _os_error(exc)
    return None


# Set once Ctrl-C or `kill PID` asked to stop. The KeyboardInterrupt raised for it can be
# lost inside a C callback (while numba loads compiled code): then it is raised again, once
# back in Python, and a run that finishes meanwhile is not kept (run_directory).
STOP = threading.Event()


def _stop(signum, frame) -> None:
    STOP.set()
    raise KeyboardInterrupt


def _lost(unraisable) -> None:
    if isinstance(unraisable.exc_value, KeyboardInterrupt) and STOP.is_set():
        # sent again from another thread, to the main thread: its handler then runs once
        # the main thread is back in Python (raised here, it would be lost in this hook)
        threading.Timer(0.01, signal.pthread_kill,
                        (threading.main_thread().ident, signal.SIGTERM)).start()
    else:
        sys.__unraisablehook__(unraisable)


def _stopped() -> None:
    print("Stopped before the end: nothing unfinished is kept (a sweep or a calibration "
          "resumes when its command is run again into the same directory)", file=sys.stderr)
    sys.exit(130)


def explained(command: Callable[[], object], prefix: str = "Error") -> None:
    """Run a command so that a failure of input, files or directories ends with its message
    and exit code 2, never a traceback (``HYDRA_FULL_ERROR=1`` shows it, for developers)."""
    full_errors = os.environ.get("HYDRA_FULL_ERROR")  # a developer's wish for the traceback
    os.environ["HYDRA_FULL_ERROR"] = "1"  # Hydra's errors come here to be explained
    STOP.clear()
    for signum in (signal.SIGINT, signal.SIGTERM):  # `kill PID` stops a command like Ctrl-C
        signal.signal(signum, _stop)
    sys.unraisablehook = _lost
    try:
        command()
    except KeyboardInterrupt:
        _stopped()
    except Exception as exc:
        if STOP.is_set():  # the stop broke the code it landed in (OmegaConf's flags, seen):
            _stopped()     # what that code raised instead is the stop, not an error
        message = None if full_errors else explain(exc)
        if message is None:
            raise
        own = isinstance(exc, OSError) and not isinstance(exc, HydraException)
        print(f"{'Error' if own else prefix}: {message}", file=sys.stderr)
        sys.exit(2)
    finally:
        if full_errors is None:
            del os.environ["HYDRA_FULL_ERROR"]
