"""The checked loader: every way a file can be wrong ends in one message naming the file."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest

from sim.config import files
from sim.config.files import FileError


def _yaml(tmp_path, text: str | bytes):
    path = tmp_path / "town.yaml"
    (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    return path


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))


@pytest.mark.parametrize("content, problem", [
    ("a:\n  b: 1\n  b: 2\n", "line 3, column 3: duplicate key 'b' (first on line 2)"),
    ("a: [1, 2\n", "is not valid YAML on line 2"),
    ("a: &x [1, *x]\n", "an alias refers to the value that contains it"),
    (ALIAS_BOMB, f"expands its aliases (*name) to more than {files.MAX_NODES} values"),
    ("a: !!python/object/apply:os.system [ls]\n", "could not determine a constructor"),
    (b"a: caf\xe9\n", "is not UTF-8 text (byte 0xe9 on line 1): save it as UTF-8"),
    ("a: " + "x" * files.MAX_BYTES + "\n", f"is larger than {files.MAX_BYTES:,} bytes"),
])
def test_a_bad_yaml_file_is_named_with_what_is_wrong(tmp_path, content, problem):
    path = _yaml(tmp_path, content)
    with pytest.raises(FileError) as err:
        files.load_yaml(path, "scenario file")
    assert f"scenario file {path}" in str(err.value)
    assert problem in str(err.value)


def test_yaml_keeps_what_it_allows(tmp_path):
    path = _yaml(tmp_path, "\ufeffa: &x {b: 1}\nc:\n  <<: *x\n  b: 2\nd: *x\n")  # BOM, merge key
    assert files.load_yaml(path, "f") == {"a": {"b": 1}, "c": {"b": 2}, "d": {"b": 1}}


def test_a_missing_path_or_a_directory_is_named(tmp_path):
    with pytest.raises(FileError, match=r"survey file .*nope.yaml does not exist: check the"):
        files.load_yaml(tmp_path / "nope.yaml", "survey file")
    with pytest.raises(FileError, match=r"is a directory, not a file"):
        files.read_text(tmp_path, "survey file")


def test_damaged_json_parquet_csv_and_sqlite_are_named(tmp_path):
    (tmp_path / "m.json").write_text('{"jobs": 4')
    with pytest.raises(FileError, match=r"manifest .*m.json is damaged \(not valid JSON"):
        files.read_json(tmp_path / "m.json", "manifest")
    pd.DataFrame({"a": range(100)}).to_parquet(tmp_path / "t.parquet")
    whole = (tmp_path / "t.parquet").read_bytes()
    (tmp_path / "t.parquet").write_bytes(whole[: len(whole) // 2])  # truncated
    with pytest.raises(FileError, match=r"job table .*t.parquet is damaged"):
        files.read_parquet(tmp_path / "t.parquet", "job table")
    (tmp_path / "p.csv").write_bytes(bytes(range(256)))
    with pytest.raises(FileError, match=r"posterior file .*p.csv is not a readable CSV table"):
        files.read_csv(tmp_path / "p.csv", "posterior file")
    (tmp_path / "n.db").write_bytes(b"not a database")
    with pytest.raises(FileError, match=r"n.db is not an SQLite database"):
        files.check_sqlite(tmp_path / "n.db", "calibration database", ())


def test_a_truncated_or_foreign_database_is_named(tmp_path):
    db = tmp_path / "c.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE abc_smc (id INTEGER)")
        con.executemany("INSERT INTO abc_smc VALUES (?)", [(i,) for i in range(5000)])
    con.close()
    assert files.check_sqlite(db, "calibration database", ("abc_smc",)) == db
    with pytest.raises(FileError, match=r"c.db lacks the tables populations"):
        files.check_sqlite(db, "calibration database", ("abc_smc", "populations"))
    db.write_bytes(db.read_bytes()[:6000])
    with pytest.raises(FileError, match=r"calibration database .*c.db is damaged"):
        files.check_sqlite(db, "calibration database", ("abc_smc",))


def test_json_reads_back(tmp_path):
    (tmp_path / "m.json").write_text(json.dumps({"jobs": 2}))
    assert files.read_json(tmp_path / "m.json", "manifest") == {"jobs": 2}
