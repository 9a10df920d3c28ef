"""Malformed scenario files, generated from the shipped ones by seeded random mutations:
each one either runs, or is refused with a message, never a traceback and never a hang.

Every case goes through the command's own check (``sim.__main__.preflight``) in this
process, and runs tiny when it passes; a few of each outcome also go through
``python -m sim``.
"""

from __future__ import annotations

import random
import shutil
import signal
from contextlib import contextmanager

from sim.__main__ import preflight
from sim.config import scenario_file
from sim.config.explain import explain
from sim.config.paths import CONFIG_DIR
from sim.model.municipality import simulate
from tests.test_cli import assert_refused, run_sim

CASES = 300
SEED = 2026
TINY = ("organisation.staff=20", "horizon_weeks=110", "output.figures=false")  # events to 104
HANG = 30  # seconds: a case this long hangs (a YAML alias bomb once did), it is not slow

SHIPPED = [p.read_text() for p in sorted((CONFIG_DIR / "scenario").glob("*.yaml"))]
VALUES = ["-1", "1e9", "abc", "[1, 2]", "{a: 1}", "null", "true", "''", "0.5", "3", "1000",
          "!!binary aGk=", "*nope", "&a x", "Den Haag", ".nan", "2009-01-01", "{type: merger}"]
LINES = ["strategy: moeten", "events: []", "horizon_weeks: 0", "seed: -1", "foo: 1",
         "defaults: [{override /strategy: nope}]", "organisation: size_lt_10k",
         "leadership: 0.5", "a: &a [1, *a]", "events: {x: {type: election, week: 3}}",
         "plan: {projects: {kcc: {efort: 2}}}", "\tleadership: {}", "- 1"]


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return rng.choice([word[:i] + word[i + 1:], word[:i] + word[i] * 2 + word[i + 1:],
                       word[:i] + "_" + word[i:]])


# How often each edit is made: wrong values and keys more than broken YAML.
WEIGHTS = [0.5, 0.7, 0.2, 0.3, 5, 2, 2, 0.2, 0.3]


def mutate(text: str, rng: random.Random) -> bytes:
    """One to three random edits of a scenario file."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        (kind,) = rng.choices(range(len(WEIGHTS)), WEIGHTS)
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[i])
        elif kind == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3:
            lines[i] = "  " + lines[i] if rng.random() < 0.5 else lines[i][2:]
        elif kind == 4 and lines[i].partition(":")[2].split("#")[0].strip():  # a value
            lines[i] = lines[i].split(":")[0] + ": " + rng.choice(VALUES)
        elif kind == 5 and ":" in lines[i]:
            key, _, rest = lines[i].partition(":")
            lines[i] = _typo(key, rng) + ":" + rest if key.strip() else lines[i]
        elif kind == 6:
            lines.insert(i, rng.choice(LINES))
        elif kind == 7:
            lines = [line for line in lines if "@package" not in line]
        else:
            lines[i] = lines[i].replace(lines[i].strip()[:1] or " ", rng.choice(["\t", "ö", ""]))
        lines = lines or [""]
    data = ("\n".join(lines) + "\n").encode()
    if rng.random() < 0.05:
        data = data[: rng.randrange(len(data))]  # cut short
    if rng.random() < 0.03:
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice([b"\xff\xfe", b"\x00", b"\xe9"]) + data[at:]
    return data


def cases() -> list[bytes]:
    rng = random.Random(SEED)
    return [mutate(rng.choice(SHIPPED), rng) for _ in range(CASES)]


@contextmanager
def hang_guard():
    def hung(signum, frame):
        raise TimeoutError(f"a scenario file took more than {HANG} s: it hangs")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outcome(path) -> str:
    """'ran' or 'refused: <message>'; fails on anything else."""
    with hang_guard():
        try:
            overrides = scenario_file.resolve_argv([f"scenario={path}", *TINY])
            _, cfg = preflight(overrides)
        except TimeoutError:
            raise
        except Exception as exc:  # the command prints this message and exits with 2
            message = explain(exc)
            assert message, f"{path.read_bytes()!r} ended in {exc!r}, not a message"
            return f"refused: {message}"
        summary = simulate(cfg).summary()
    assert summary["weeks_run"] == cfg.horizon_weeks
    return "ran"


def test_malformed_scenario_files_run_or_are_refused_clearly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    results = {}
    for n, data in enumerate(cases()):
        path = tmp_path / f"case_{n}.yaml"
        path.write_bytes(data)
        results[path] = outcome(path)
    refused = [r for r in results.values() if r != "ran"]
    assert 0 < len(refused) < len(results)  # the mutations reach both outcomes
    named = sum(str(tmp_path / "case_") in r for r in refused)
    assert named >= 0.9 * len(refused), "refusals name the scenario file"
    assert not (tmp_path / "outputs").exists()
    # The command agrees, on the first few of each outcome: a run, or exit 2 and nothing.
    ran = [p for p, r in results.items() if r == "ran"][:3]
    for path in ran + [p for p, r in results.items() if r != "ran"][:3]:
        done = run_sim(tmp_path, f"scenario={path}", *TINY, timeout=120)
        if path in ran:
            assert done.returncode == 0, done.stderr
            (run_dir,) = (tmp_path / "outputs").glob("*/*")
            assert (run_dir / "summary.json").is_file()
            shutil.rmtree(tmp_path / "outputs")
        else:
            assert_refused(done, str(path))
            assert not (tmp_path / "outputs").exists()
