"""Change strategies (knowing, must, wanting, learning) compiled to arrays.

A strategy is a set of interaction forms (inform, instruct, participate, experience,
...) with their share of the effort, the channel that carries them and their effect
on each resistance driver. A mix weights whole profiles. Compiling flattens it all
into one row per form so the weekly update is a handful of matrix products.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config.schema import StrategyConfig, StrategyProfile
from sim.config.vocabulary import CHANNELS
from sim.model.states import CAUSES


@dataclass(frozen=True)
class Backfire:
    """Above ``threshold`` of driver ``cause``, form ``form`` raises that driver instead."""

    form: int
    cause: int
    threshold: float
    strength: float


@dataclass(frozen=True)
class Strategy:
    """A strategy or mix as arrays, one row per interaction form in use."""

    name: str
    label: str
    forms: tuple[str, ...]
    weight: np.ndarray  # share of the total effort, sums to 1 (empty for no strategy)
    channel: np.ndarray  # index into CHANNELS
    lowers: np.ndarray  # (forms, causes), <= 0: proportional to the driver's level
    raises: np.ndarray  # (forms, causes), >= 0: proportional to the room left
    push: np.ndarray  # direct push towards the next stage (compliance, inspiration)
    works_below: np.ndarray  # resistance above which the form stops working (1 = always)
    pressure: np.ndarray  # 1 where the form is pressure (paused by waiting)
    paid: np.ndarray  # True where the form costs money (budget cuts hit it)
    backfires: tuple[Backfire, ...]

    @classmethod
    def from_config(cls, cfg: StrategyConfig) -> Strategy:
        if cfg.parts:
            total = sum(cfg.weights.values())
            profiles = [(cfg.parts[k], w / total) for k, w in cfg.weights.items() if w > 0]
            label = "mix: " + ", ".join(f"{p.label or p.name} {w:.0%}" for p, w in profiles)
        else:
            profiles = [(cfg, 1.0)] if cfg.forms else []
            label = cfg.label or cfg.name
        rows = [
            (f"{p.name}.{name}", share * form.weight / _effort(p), form)
            for p, share in profiles
            for name, form in p.forms.items()
            if form.weight > 0
        ]
        n = len(rows)
        effect = np.zeros((n, len(CAUSES)))
        backfires = []
        for f, (_, _, form) in enumerate(rows):
            for cause, value in form.effects.items():
                effect[f, CAUSES.index(cause)] = value
            for cause, threshold in form.backfire_above.items():
                c = CAUSES.index(cause)
                backfires.append(Backfire(f, c, threshold, abs(effect[f, c])))
        return cls(
            name=cfg.name,
            label=label,
            forms=tuple(r[0] for r in rows),
            weight=np.array([r[1] for r in rows], dtype=float),
            channel=np.array([CHANNELS.index(r[2].channel) for r in rows], dtype=np.int64),
            lowers=np.minimum(effect, 0.0),
            raises=np.maximum(effect, 0.0),
            push=np.array([r[2].stage_push for r in rows], dtype=float),
            works_below=np.array([r[2].works_below_resistance for r in rows], dtype=float),
            pressure=np.array([float(r[2].pressure) for r in rows]),
            paid=np.array([r[2].paid for r in rows], dtype=bool),
            backfires=tuple(backfires),
        )


def _effort(profile: StrategyProfile) -> float:
    return sum(f.weight for f in profile.forms.values())
