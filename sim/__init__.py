"""nup-sim: how a Dutch municipality takes up its e-government realisation plan.

The public API, imported on first use (so that ``import sim.config`` stays light)::

    from sim import Municipality, load_config, simulate
    model = simulate(load_config(["strategy=leren", "seed=3"]))
"""

from __future__ import annotations

from importlib import import_module

from sim.numba_cache import drop_stale_compiled_code, ensure_cache_dir

ensure_cache_dir()  # before any compiled function is defined (sim/numba_cache.py)
drop_stale_compiled_code()
_PUBLIC = {
    "Municipality": "sim.model.municipality",
    "simulate": "sim.model.municipality",
    "load_config": "sim.config.compose",
    "ConfigError": "sim.config.errors",
    "SimConfig": "sim.config.schema",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
