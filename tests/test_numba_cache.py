"""Compiled code cached from other sources is dropped before numba can load it: numba
itself checks a cached function against its own file only (sim/numba_cache.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.numba_cache import STAMP, active_cache_dir, drop_stale_compiled_code


@pytest.fixture
def package(tmp_path, monkeypatch) -> Path:
    """A package with two compiled modules in two directories, code cached for both."""
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    for part in ("model", "engine"):
        (tmp_path / part).mkdir()
        (tmp_path / part / f"{part}.py").write_text(
            "import numba\n\n@numba.njit(cache=True)\ndef f(x):\n    return x\n")
    (tmp_path / "plain.py").write_text("x = 1\n")
    return tmp_path


def cache(package: Path, part: str) -> Path:
    """Cache files of a compiled function of ``part``, as numba writes them."""
    directory = active_cache_dir(package / part)
    (directory / f"{part}.f-3.py312.nbi").write_bytes(b"index")
    (directory / f"{part}.f-3.py312.1.nbc").write_bytes(b"code")
    return directory


def cached(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.suffix in (".nbi", ".nbc"))


def test_code_cached_from_other_sources_is_dropped_everywhere(package):
    model = cache(package, "model")
    engine = cache(package, "engine")
    drop_stale_compiled_code(package)  # cached before any digest was kept: dropped
    assert cached(model) == cached(engine) == []
    assert (model / STAMP).read_text() == (engine / STAMP).read_text()
    cache(package, "model"), cache(package, "engine")
    drop_stale_compiled_code(package)  # the same sources: kept
    assert len(cached(model)) == len(cached(engine)) == 2
    (package / "engine" / "engine.py").write_text(
        "import numba\n\n@numba.njit(cache=True)\ndef f(x):\n    return x + 1\n")
    drop_stale_compiled_code(package)  # engine changed: model's code calls it, dropped too
    assert cached(model) == cached(engine) == []
    assert not (package / "__pycache__").exists()  # no compiled code there, nothing done


def test_numba_cache_dir_is_the_place_checked(package, tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "shared"))
    directory = cache(package, "model")
    assert directory.parent == tmp_path / "shared"
    drop_stale_compiled_code(package)
    assert cached(directory) == [] and (directory / STAMP).is_file()


def test_code_compiled_through_the_weekly_decorator_counts(package):
    """Modules compiled only through sim.weekly's decorator, and the decorator's own
    module, are sources too: a change there drops the code that calls them."""
    (package / "weekly.py").write_text("import numba\n\nweekly = numba.njit(cache=True)\n")
    (package / "engine" / "engine.py").write_text(
        "from weekly import weekly\n\n@weekly\ndef f(x):\n    return x\n")
    drop_stale_compiled_code(package)
    model = cache(package, "model")
    drop_stale_compiled_code(package)
    assert len(cached(model)) == 2
    (package / "engine" / "engine.py").write_text(
        "from weekly import weekly\n\n@weekly\ndef f(x):\n    return x + 1\n")
    drop_stale_compiled_code(package)
    assert cached(model) == []
    cache(package, "model")
    drop_stale_compiled_code(package)
    (package / "weekly.py").write_text("import numba\n\nweekly = numba.njit(cache=False)\n")
    drop_stale_compiled_code(package)
    assert cached(model) == []
