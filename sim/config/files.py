"""Every file the product reads goes through here: a failure becomes one message.

Whatever is wrong with a file (missing, a directory, unreadable, not UTF-8, duplicate
keys, malformed, truncated, damaged), the reader raises :class:`FileError`: a
:class:`ConfigError` whose message names the file, what is wrong and what to do. YAML
is bounded, so that no input can hang a run: at most ``MAX_BYTES`` per file and at most
``MAX_NODES`` values once aliases (``&name`` / ``*name``) are expanded, and no alias
that contains itself.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import yaml

from sim.config.errors import ConfigError

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
SQLITE_HEADER = b"SQLite format 3\x00"


class FileError(ConfigError):
    """A file that cannot be used: names the file, what is wrong and what to do."""

    def __init__(self, what: str, path: Path | str, problem: str, advice: str = ""):
        self.path = Path(path)
        super().__init__(f"{what} {path} {problem}" + (f": {advice}" if advice else ""))


def check_file(path: Path | str, what: str) -> Path:
    """The path of an existing, readable, regular file."""
    path = Path(path).expanduser()
    try:
        if path.is_dir():
            raise FileError(what, path, "is a directory, not a file", "give the file's path")
        with path.open("rb"):
            pass
    except FileNotFoundError:
        raise FileError(what, path, "does not exist", "check the path") from None
    except OSError as exc:
        raise FileError(what, path, f"cannot be read ({exc.strerror})",
                        "check its permissions") from None
    return path


def read_text(path: Path | str, what: str, limit: int | None = MAX_BYTES) -> str:
    """A UTF-8 text file (a byte-order mark is allowed) of at most ``limit`` bytes."""
    path = check_file(path, what)
    with path.open("rb") as file:
        data = file.read() if limit is None else file.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise FileError(what, path, f"is larger than {limit:,} bytes",
                        "is it the right file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise FileError(what, path, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on "
                        f"line {line})", "save it as UTF-8") from None


class _BoundedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML that refuses duplicate keys (YAML would keep the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = self.construct_object(key_node)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r} (first on line "
                        f"{seen[key].start_mark.line + 1})", key_node.start_mark)
                seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def _expanded_size(root: yaml.Node) -> int:
    """The number of values once every alias is written out; fails on a recursive alias."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = ([n for pair in node.value for n in pair]
                    if isinstance(node, yaml.MappingNode)
                    else node.value if isinstance(node, yaml.SequenceNode) else [])
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = min(1 + sum(sizes[id(c)] for c in children), MAX_NODES + 1)
            continue
        if id(node) in open_nodes:
            raise yaml.composer.ComposerError(None, None, "an alias refers to the value that "
                                              "contains it", node.start_mark)
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def parse_yaml(text: str, what: str, path: Path | str) -> Any:
    """YAML text of ``path``, parsed safely and within bounds."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node) > MAX_NODES:
            raise FileError(what, path, f"expands its aliases (*name) to more than {MAX_NODES} "
                            "values", "write the values out or use fewer aliases")
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileError(what, path, f"is not valid YAML{where}: {problem}",
                        "correct it there") from None
    finally:
        loader.dispose()


def load_yaml(path: Path | str, what: str) -> Any:
    """A YAML file's content (see :func:`parse_yaml`)."""
    return parse_yaml(read_text(path, what), what, path)


def read_json(path: Path | str, what: str, advice: str = "") -> Any:
    """A JSON file's content."""
    try:
        return json.loads(read_text(path, what))
    except json.JSONDecodeError as exc:
        raise FileError(what, path, f"is damaged (not valid JSON: {exc.msg} on line "
                        f"{exc.lineno})", advice) from None


def read_parquet(path: Path | str, what: str, advice: str = "", columns=None):
    """A Parquet table (with its metadata in ``attrs``)."""
    import pandas as pd
    import pyarrow

    path = check_file(path, what)
    try:
        return pd.read_parquet(path, columns=columns)
    except (OSError, ValueError, pyarrow.ArrowException) as exc:
        raise FileError(what, path, f"is damaged ({str(exc).splitlines()[0]})", advice) from None


def read_csv(path: Path | str, what: str, advice: str = ""):
    """A CSV table."""
    import pandas as pd

    path = check_file(path, what)
    try:
        return pd.read_csv(path)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else \
            str(exc).strip().splitlines()[0]
        raise FileError(what, path, f"is not a readable CSV table ({reason})", advice) from None


def check_sqlite(path: Path | str, what: str, tables: tuple[str, ...], advice: str = "") -> Path:
    """An SQLite database that is whole and holds ``tables``."""
    path = check_file(path, what)
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise FileError(what, path, "is not an SQLite database", advice)
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        db.close()
    except sqlite3.DatabaseError as exc:
        raise FileError(what, path, f"is damaged ({exc})", advice) from None
    if check != "ok":
        raise FileError(what, path, f"is damaged ({check})", advice)
    missing = [t for t in tables if t not in names]
    if missing:
        raise FileError(what, path, f"lacks the tables {', '.join(missing)}", advice)
    return path
