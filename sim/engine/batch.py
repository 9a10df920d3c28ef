"""A batch: many municipalities' state in one set of arrays, built from their scenarios.

Town ``t``'s people are rows ``p0[t]:p0[t+1]`` of every per-person array (its colleague
network a block of its own, with local indices); its projects, departments, board,
strategy forms, events and newcomers are in rows of their own. Each town is built from
its own random streams (:func:`sim.model.municipality.streams`), so it is the same
municipality whichever batch it is in. :mod:`sim.engine.step` moves a batch.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass

import numpy as np

from sim.config.schema import SimConfig
from sim.config.vocabulary import EVENT_TYPES
from sim.engine.step import scratch
from sim.model.adoption import COMMITMENT, binding
from sim.model.agents import BOARD_SPREAD
from sim.model.dynamics import (
    KNOWLEDGE,
    LIVE,
    OUTSIDER_DISTRUST,
    WeeklyUpdate,
    as_record,
    main_causes,
    stack_records,
)
from sim.model.history import MAIN_CAUSES, PLAN_COLUMNS, ROLE_ORDER, History
from sim.model.organisation import REPORTS_TO_BOARD, Organisation, build_organisation
from sim.model.people import Arrivals, Draws, People
from sim.model.states import CAUSES
from sim.model.strategy import Strategy
from sim.model.turnover import Turnover
from sim.plan import events as planned_events
from sim.plan.calendar import WEEKS_PER_YEAR
from sim.plan.realisation import NEVER, PlanLayout, PlanView

C = len(CAUSES)
NOBODY = -1  # an event or week that never happens
EVENT_KIND = {name: i for i, name in enumerate(EVENT_TYPES)}

# Per person (all towns side by side).
Staff = namedtuple("Staff", "drivers baseline target stage weeks_in_stage evidence threat "
                            "acknowledged openness tenure workload base_workload exposure "
                            "disposition role department manager leaving_week generation "
                            "main_cause context")
# Colleague networks: row i's colleagues are indices[indptr[i]:indptr[i+1]], numbered within
# the town; weights sum to 1 per row; kf_scale turns a weighted mean over key figures back
# into their count.
Net = namedtuple("Net", "indptr indices weights kf_scale is_key_figure influence")
# Per town: where its rows are, its clock, situation, board, settings and counters.
Towns = namedtuple("Towns", "p0 b0 week horizon stop running turnover situation board "
                            "engagement dynamics forces handling by_stage rate decay "
                            "support_weights interaction_quality hazards key_figure_share "
                            "middle_management past_failures doubt_level own_knowledge support "
                            "support_engaged merger_until successor_week successor_quality "
                            "leavers committed_share every_department sustain streak "
                            "commitment_week adopted_week climate")
# Per town and project (T, P), per town and department (T, D), per town (T).
Plans = namedtuple("Plans", "n_projects effort start end available mandatory block involved "
                            "progress delivered_week dropped_week active capacity "
                            "support_capacity coordinator behind stopped_week delivered_at "
                            "finished join_week joined department_size settings")
# Every town's strategy forms, effect entries and backfires, each block at its offsets.
Forms = namedtuple("Forms", "f0 weight channel works_below pressure paid e0 entry_row "
                            "entry_dose entry_value k0 backfire_form backfire_cause "
                            "backfire_threshold backfire_strength")
# Every town's events in the order they strike, and what was random about them.
Events = namedtuple("Events", "x0 next week kind size weeks count level quality block "
                              "keys0 keys spread0 spread struck detail")
# Newcomers drawn ahead of their arrival, per town at its offsets.
Pool = namedtuple("Pool", "q0 used openness deviation uniform stay")
# What is recorded each week, per town at its offsets (empty when nothing is recorded).
Record = namedtuple("Record", "on r0 w0 g0 weeks role_code code main_cause drivers board "
                              "maturity plan cause_weeks cause_weeks_at_adoption")


def plan_settings(cfg: SimConfig) -> np.ndarray:
    """The plan's own settings as a record, with the rates it needs from the dynamics."""
    p, d = cfg.plan, cfg.dynamics
    values = {
        "replacement": p.replacement, "schedule_tolerance": p.schedule_tolerance,
        "drop_after_weeks": p.drop_after_weeks, "stop_above_cut": p.stop_above_cut,
        "before_block_share": p.before_block_share, "key_figure_pull": p.key_figure_pull,
        "visible_result": p.visible_result, "drop_disappointment": p.drop_disappointment,
        "training": p.training, "training_hours": p.training_hours,
        "stepwise": float(p.rollout == "stepwise"), "what_is_in_it": p.what_is_in_it,
        "delay_erosion": d.delay_erosion, "merger_distraction": d.merger_distraction,
        "merger_threat": d.merger_threat,
    }
    return as_record(values)


@dataclass
class Town:
    """One municipality as built in Python, before it joins a batch's arrays."""

    cfg: SimConfig
    organisation: Organisation
    people: People
    weekly: WeeklyUpdate
    plan: PlanLayout
    board: np.ndarray
    leaving_week: np.ndarray
    planned: list  # (week, config name, EventConfig, Chance), in the order they strike
    arrivals: Arrivals
    dice: np.random.Generator
    events_rng: np.random.Generator
    support_engaged: bool


def block_names(plan: PlanLayout) -> list[str]:
    """The national blocks a plan waits for, numbered for compiled code."""
    return sorted({b for b in plan.block if b})


def pool_size(cfg: SimConfig, n: int) -> int:
    """Newcomers to draw ahead: twice those expected over the horizon, the key figures
    events may hire, and some room (a batch draws more if ever it runs short)."""
    o = cfg.organisation
    expected = n * o.turnover_per_year * cfg.horizon_weeks / WEEKS_PER_YEAR * o.turnover
    hired = sum(e.count for e in cfg.events.values() if e.type.startswith("key_figures"))
    return int(2 * expected + hired + 32)


def streams(seed: int) -> tuple[np.random.Generator, ...]:
    """A run's random streams, one per purpose: building the organisation and its people,
    the weekly dice, newcomers, events. Each purpose draws from its own, so what one
    draws never shifts another's numbers (a run stepped week by week and one run at once,
    alone or beside other runs, draw the same)."""
    return tuple(np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4))


def build_town(cfg: SimConfig) -> Town:
    """Draw one municipality from its scenario and seed."""
    build, dice, arrivals_rng, events_rng = streams(cfg.seed)
    org = build_organisation(cfg.organisation, build)
    mmc = cfg.leadership.middle_management_commitment
    draws = Draws.draw(org.size, mmc, build)
    turnover = Turnover.from_config(cfg.organisation)
    people = People.initial(org, cfg, draws, turnover.tenure(org.size, build), build)
    years = np.minimum(turnover.years_to_stay(people.tenure, draws.stay), 1e6)
    leaving = np.maximum(np.ceil(years * WEEKS_PER_YEAR), 1).astype(np.int64)
    weekly = WeeklyUpdate(org, people, Strategy.from_config(cfg.strategy), cfg)
    board = np.clip(cfg.leadership.board_commitment
                    + build.normal(0.0, BOARD_SPREAD, cfg.organisation.board_size), 0.0, 1.0)
    plan = PlanLayout.of(cfg.plan, org)
    weekly.context[LIVE] = 0.0 if plan.names else 1.0  # nothing delivered yet: nothing live
    s = cfg.support
    engaged = s.engaged and (s.capacity > 0 or s.knowledge > 0 or s.distrust > 0)
    weekly.situation[KNOWLEDGE] = min(cfg.organisation.knowledge + s.knowledge * engaged, 1.0)
    weekly.situation[OUTSIDER_DISTRUST] = s.distrust * engaged
    planned = []
    for name, event in cfg.events.items():
        week = planned_events.event_week(event, events_rng, cfg.horizon_weeks)
        chance = planned_events.Chance.draw(event, org.size, len(board), events_rng)
        if week is not None:
            planned.append((week, name, event, chance))
    planned.sort(key=lambda e: e[0])  # stable: same week, configured order
    arrivals = Arrivals(mmc, arrivals_rng)
    arrivals.ensure(pool_size(cfg, org.size))
    return Town(cfg, org, people, weekly, plan, board, leaving, planned, arrivals, dice,
                events_rng, engaged)


def _offsets(sizes) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)


class Batch:
    """The state of many municipalities in one set of arrays (see the module docstring)."""

    def __init__(self, towns: list[Town], record: bool = True):
        self.towns = towns
        self.configs = [t.cfg for t in towns]
        T = len(towns)
        n = np.array([t.organisation.size for t in towns], np.int64)
        p0 = _offsets(n)
        N = int(p0[-1])
        self.staff = self._staff(towns, N)
        self.net = self._net(towns, p0)
        self.plans = self._plans(towns)
        self.forms = self._forms(towns)
        self.events = self._events(towns)
        self.pool = self._pool(towns)
        self.towns_state = self._towns(towns, p0)
        self.record = self._record(towns, record)
        self.scratch = scratch(self.towns_state, self.plans, self.forms)
        self.size = T
        self.dice_left = [np.zeros(0) for _ in towns]  # drawn for weeks not run (yet)
        self.dice = np.zeros(0)  # where each call's uniforms are drawn
        self.staff_counts = n
        self._entry: tuple = ((), None)  # see _run

    # -- moving ------------------------------------------------------------------------

    def arrays(self) -> tuple:
        return (self.staff, self.net, self.towns_state, self.plans, self.forms, self.events,
                self.pool, self.record, self.scratch)

    def start(self) -> None:
        """Week 0: main causes, and the record's first row."""
        from sim.engine.step import record_week

        S = self.staff
        for t in range(self.size):
            rows = self.rows(t)
            main_causes(S.drivers[:, rows], S.stage[rows],
                        self.configs[t].dynamics.main_cause_threshold, S.main_cause[rows])
            record_week(S, self.towns_state, self.plans, self.record, t, 0,
                        self.configs[t].plan.rollout == "stepwise")

    def _dice(self, t: int, out: np.ndarray) -> None:
        """Town t's next uniforms of its dice stream into ``out`` (leftovers first)."""
        left = self.dice_left[t]
        m = min(len(left), len(out))
        out[:m] = left[:m]
        self.dice_left[t] = left[m:]
        self.towns[t].dice.random(out=out[m:])

    def advance(self, until=None, max_dice: int = 4_000_000) -> None:
        """Move every running town on to week ``until`` (a number or one per town; default
        its horizon), at most ``max_dice`` uniforms per compiled call (memory)."""
        from sim.engine.step import NEEDS_NEWCOMERS

        Tw, n = self.towns_state, self.staff_counts
        target = Tw.horizon if until is None else np.minimum(until, Tw.horizon)
        while True:
            weeks = np.maximum(target - Tw.week, 0) * Tw.running
            busy = np.flatnonzero(weeks)
            if not len(busy):
                return
            weeks = np.minimum(weeks, max(1, max_dice // int(n[busy].sum())))
            sizes = weeks * n
            d0 = np.zeros(len(n) + 1, np.int64)
            np.cumsum(sizes, out=d0[1:])
            if len(self.dice) < d0[-1]:  # kept between calls: touching new memory costs
                self.dice = np.empty(int(d0[-1]))
            dice = self.dice[:d0[-1]]
            for t in busy:
                self._dice(t, dice[d0[t]:d0[t + 1]])
            before = Tw.week.copy()
            status = self._run(dice, d0, (before + weeks).astype(np.int64, copy=False))
            for t in busy:  # give back what weeks not run drew
                used = int(Tw.week[t] - before[t]) * int(n[t])
                if used < sizes[t]:
                    self.dice_left[t] = np.concatenate([dice[d0[t] + used:d0[t + 1]],
                                                        self.dice_left[t]])
            for t in np.flatnonzero(status == NEEDS_NEWCOMERS):
                self._more_newcomers(t)

    def _run(self, *week_arrays):
        """The compiled run. While the batch holds the same arrays, the typed entry point
        found at the first call is called directly: numba's type check of nine named
        tuples costs ~15 µs a call, a tenth of a stepped week at 1,000 staff."""
        from numba import typeof

        from sim.engine.step import run

        arrays = self.arrays()
        held, entry = self._entry
        if held and all(a is b for a, b in zip(held, arrays, strict=True)):
            return entry(*arrays, *week_arrays)
        status = run(*arrays, *week_arrays)
        signature = tuple(typeof(a) for a in (*arrays, *week_arrays))
        self._entry = (arrays, run.overloads[signature].entry_point)
        return status

    def _more_newcomers(self, t: int) -> None:
        """Town t ran out of drawn newcomers: draw another chunk, from its own stream."""
        arrivals = self.towns[t].arrivals
        arrivals.ensure(arrivals.pool.uniform.shape[1] + 1)
        used = self.pool.used.copy()
        self.pool = self._pool(self.towns)
        self.pool.used[:] = used

    # -- reading ---------------------------------------------------------------------------

    def rows(self, t: int) -> slice:
        """Town t's rows of the per-person arrays."""
        return slice(int(self.towns_state.p0[t]), int(self.towns_state.p0[t + 1]))

    def plan_view(self, t: int) -> PlanView:
        return PlanView(self.plans, self.towns_state, self.towns[t].plan, t,
                        self.staff.department[self.rows(t)])

    def history(self, t: int) -> History:
        """Town t's weekly record so far (views of the batch's arrays)."""
        R, n = self.record, self.rows(t).stop - self.rows(t).start
        rows = int(R.w0[t + 1] - R.w0[t])
        board = len(self.towns[t].board)
        return History(
            code=R.code[R.r0[t]:R.r0[t + 1]].reshape(rows, n),
            main_cause=R.main_cause[R.r0[t]:R.r0[t + 1]].reshape(rows, n),
            drivers=R.drivers[R.w0[t]:R.w0[t + 1]],
            board=R.board[R.g0[t]:R.g0[t + 1]].reshape(rows, board),
            maturity=R.maturity[R.w0[t]:R.w0[t + 1]], plan=R.plan[R.w0[t]:R.w0[t + 1]],
            department=self.staff.department[self.rows(t)], filled=R.weeks[t:t + 1])

    def event_log(self, t: int) -> list[dict]:
        """The events that struck town t so far, in the order they struck."""
        E = self.events
        log = []
        for x in range(int(E.x0[t]), int(E.x0[t + 1])):
            if E.struck[x]:
                _, week, name, cfg, chance, _ = self.event_rows[x]
                log.append({"week": week, "name": name, "type": cfg.type,
                            **planned_events.details(cfg.type, cfg, chance, E.detail[x])})
        return log

    def summary(self, t: int) -> dict:
        """Town t's outcome in plain numbers (what ``summary.json`` holds)."""
        Tw, R, cfg = self.towns_state, self.record, self.configs[t]
        rows = self.rows(t)
        n = rows.stop - rows.start
        plan = self.plan_view(t)
        week = int(Tw.week[t])
        adopted_week = int(Tw.adopted_week[t])
        adopted = adopted_week >= 0
        until = adopted_week if adopted else week
        counts = R.cause_weeks_at_adoption[t] if adopted else R.cause_weeks[t]
        commitment_week = None if Tw.commitment_week[t] < 0 else int(Tw.commitment_week[t])
        adoption_week = adopted_week if adopted else None
        return {
            "seed": cfg.seed,
            "strategy": cfg.strategy.name,
            "strategy_label": self.towns[t].weekly.strategy.label,
            "size_class": cfg.organisation.size_class,
            "staff": n,
            "board_commitment": cfg.leadership.board_commitment,
            "board_visible_commitment": float(Tw.board[Tw.b0[t]:Tw.b0[t + 1]].mean()),
            "middle_management_commitment": cfg.leadership.middle_management_commitment,
            "adopted": adopted,
            # Adopted as planned, or only after the board scaled the plan down.
            "adopted_plan": (("scaled_down" if plan.scaled_down else "original")
                             if adopted else None),
            "time_to_adoption_weeks": adoption_week,
            "censored": not adopted,
            "commitment_week": commitment_week,
            "plan_delivered_week": plan.delivered_at,
            "binding": binding(adoption_week, commitment_week, plan.delivered_at),
            "plan_start_date": cfg.plan.start_date,
            "plan_theme": cfg.plan.theme,
            "on_schedule": plan.on_schedule(week),
            "plan_delivered_share": plan.shares(week)[1],
            "ambition_scaled_down_week": plan.scaled_down_week,
            "plan_stopped_week": plan.stopped_week,
            "projects": plan.summary(),
            "events": self.event_log(t),
            "staff_left": int(Tw.leavers[t]),
            "horizon_weeks": cfg.horizon_weeks,
            "weeks_run": week,
            "final_commitment_share": float(np.count_nonzero(
                self.staff.stage[rows] == COMMITMENT) / n),
            "main_resistance_causes": {
                c: float(s) for c, s in zip(MAIN_CAUSES, counts / (n * (until + 1)),
                                            strict=True)},
        }

    # -- building the arrays ------------------------------------------------------------

    @staticmethod
    def _staff(towns: list[Town], N: int) -> Staff:
        def cat(get, axis=0):
            return np.concatenate([get(t) for t in towns], axis=axis)
        manager = cat(lambda t: np.where(t.organisation.manager == REPORTS_TO_BOARD,
                                         t.organisation.size, t.organisation.manager))
        return Staff(
            drivers=cat(lambda t: t.people.drivers, axis=1),
            baseline=cat(lambda t: t.people.baseline, axis=1),
            target=cat(lambda t: t.weekly.target, axis=1),
            stage=cat(lambda t: t.people.stage).astype(np.int64),
            weeks_in_stage=cat(lambda t: t.people.weeks_in_stage).astype(np.int64),
            evidence=cat(lambda t: t.people.evidence),
            threat=cat(lambda t: t.people.threat),
            acknowledged=cat(lambda t: t.people.acknowledged),
            openness=cat(lambda t: t.people.openness),
            tenure=cat(lambda t: t.people.tenure),
            workload=cat(lambda t: t.people.workload),
            base_workload=cat(lambda t: t.people.workload),
            exposure=cat(lambda t: t.people.exposure),
            disposition=cat(lambda t: t.weekly.disposition),
            role=cat(lambda t: t.organisation.role).astype(np.int64),
            department=cat(lambda t: t.organisation.department).astype(np.int64),
            manager=manager.astype(np.int64),
            leaving_week=cat(lambda t: t.leaving_week),
            generation=np.zeros(N, np.int64),
            main_cause=np.full(N, -1, np.int8),
            context=cat(lambda t: t.weekly.context, axis=1),
        )

    @staticmethod
    def _net(towns: list[Town], p0: np.ndarray) -> Net:
        indptr, indices, weights = [np.zeros(1, np.int64)], [], []
        base = 0
        for t in towns:
            s = t.weekly.structure
            indptr.append(s.indptr[1:] + base)
            indices.append(s.indices)
            weights.append(s.weights)
            base += len(s.indices)
        return Net(indptr=np.concatenate(indptr).astype(np.int64),
                   indices=np.concatenate(indices).astype(np.int64),
                   weights=np.concatenate(weights),
                   kf_scale=np.concatenate([t.weekly.structure.kf_scale for t in towns]),
                   is_key_figure=np.concatenate([t.weekly.is_key_figure for t in towns]),
                   influence=np.array([t.cfg.dynamics.key_figure_influence for t in towns]))

    @staticmethod
    def _plans(towns: list[Town]) -> Plans:
        T = len(towns)
        P = max(max(len(t.plan.names) for t in towns), 1)
        D = max(t.organisation.n_departments for t in towns)

        def grid(fill, dtype, shape=(T, P)):
            return np.full(shape, fill, dtype)
        effort, start, end = grid(0.0, float), grid(NEVER, np.int64), grid(NEVER + 1, np.int64)
        available, mandatory = grid(-NEVER, np.int64), grid(False, bool)
        block, involved = grid(-1, np.int64), grid(False, bool, (T, D, P))
        join_week, dept_size = grid(NEVER, np.int64, (T, D)), grid(0, np.int64, (T, D))
        for i, t in enumerate(towns):
            pl, k, d = t.plan, len(t.plan.names), t.organisation.n_departments
            effort[i, :k], start[i, :k], end[i, :k] = pl.effort, pl.start, pl.end
            available[i, :k], mandatory[i, :k] = pl.available, pl.mandatory
            names = block_names(pl)
            block[i, :k] = [names.index(b) if b else -1 for b in pl.block]
            involved[i, :d, :k] = pl.involved
            join_week[i, :d] = pl.join_week
            dept_size[i, :d] = np.bincount(t.organisation.department, minlength=d)
        return Plans(
            n_projects=np.array([len(t.plan.names) for t in towns], np.int64),
            effort=effort, start=start, end=end, available=available, mandatory=mandatory,
            block=block, involved=involved, progress=np.zeros((T, P)),
            delivered_week=grid(NOBODY, np.int64), dropped_week=grid(NOBODY, np.int64),
            active=grid(False, bool),
            capacity=np.array([t.cfg.plan.capacity for t in towns]),
            support_capacity=np.array([t.cfg.support.capacity * t.support_engaged
                                       for t in towns]),
            coordinator=np.array([t.cfg.coordinator.quality for t in towns]),
            behind=np.zeros(T, np.int64), stopped_week=np.full(T, NOBODY, np.int64),
            delivered_at=np.array([NOBODY if t.plan.names else 0 for t in towns], np.int64),
            finished=np.zeros(T, bool), join_week=join_week, joined=np.zeros((T, D), bool),
            department_size=dept_size,
            settings=stack_records([plan_settings(t.cfg) for t in towns]))

    @staticmethod
    def _forms(towns: list[Town]) -> Forms:
        parts = [t.weekly.forms for t in towns]
        return Forms(
            f0=_offsets([len(f.weight) for f in parts]),
            weight=np.concatenate([f.weight for f in parts]),
            channel=np.concatenate([f.channel for f in parts]).astype(np.int64),
            works_below=np.concatenate([f.works_below for f in parts]),
            pressure=np.concatenate([f.pressure for f in parts]),
            paid=np.concatenate([t.weekly.strategy.paid for t in towns]),
            e0=_offsets([len(f.entry_value) for f in parts]),
            entry_row=np.concatenate([f.entry_row for f in parts]).astype(np.int64),
            entry_dose=np.concatenate([f.entry_dose for f in parts]).astype(np.int64),
            entry_value=np.concatenate([f.entry_value for f in parts]),
            k0=_offsets([len(f.backfire_form) for f in parts]),
            backfire_form=np.concatenate([f.backfire_form for f in parts]).astype(np.int64),
            backfire_cause=np.concatenate([f.backfire_cause for f in parts]).astype(np.int64),
            backfire_threshold=np.concatenate([f.backfire_threshold for f in parts]),
            backfire_strength=np.concatenate([f.backfire_strength for f in parts]))

    def _events(self, towns: list[Town]) -> Events:
        self.event_rows = [(i, week, name, cfg, chance, block_names(t.plan))
                           for i, t in enumerate(towns) for week, name, cfg, chance in t.planned]
        return self._event_arrays(self.event_rows, len(towns))

    @staticmethod
    def _event_arrays(rows: list, n_towns: int) -> Events:
        keys = [r[4].keys for r in rows]
        spread = [r[4].spread for r in rows]
        x0 = _offsets(np.bincount([r[0] for r in rows], minlength=n_towns))
        return Events(
            x0=x0, next=x0[:-1].copy(),  # each town's next event: its first
            week=np.array([r[1] for r in rows], np.int64),
            kind=np.array([EVENT_KIND[r[3].type] for r in rows], np.int64),
            size=np.array([r[3].size for r in rows], float),
            weeks=np.array([r[3].weeks for r in rows], np.int64),
            count=np.array([r[3].count for r in rows], np.int64),
            level=np.array([r[4].level if r[4].level is not None else 0.0 for r in rows]),
            quality=np.array([r[4].quality if r[4].quality is not None else 0.0 for r in rows]),
            block=np.array([r[5].index(r[3].block) if r[3].block in r[5] else -1
                            for r in rows], np.int64),
            keys0=_offsets([len(k) for k in keys]), keys=np.concatenate([np.zeros(0), *keys]),
            spread0=_offsets([len(s) for s in spread]),
            spread=np.concatenate([np.zeros(0), *spread]),
            struck=np.zeros(len(rows), bool), detail=np.zeros(len(rows)))

    def add_event(self, t: int, name: str, cfg) -> None:
        """An event for town t that strikes next week, decided during the run (the
        classroom's buttons); its chances are drawn now, from the town's own stream."""
        town = self.towns[t]
        chance = planned_events.Chance.draw(cfg, town.organisation.size, len(town.board),
                                            town.events_rng)
        week = int(self.towns_state.week[t]) + 1
        old = self.events
        position = max([x + 1 for x, r in enumerate(self.event_rows)
                        if r[0] < t or (r[0] == t and r[1] <= week)], default=0)
        self.event_rows.insert(position, (t, week, name, cfg, chance, block_names(town.plan)))
        new = self._event_arrays(self.event_rows, self.size)
        keep = np.delete(np.arange(len(self.event_rows)), position)
        new.struck[keep], new.detail[keep] = old.struck, old.detail
        for i in range(self.size):
            new.next[i] = new.x0[i] + np.count_nonzero(new.struck[new.x0[i]:new.x0[i + 1]])
        self.events = new

    @staticmethod
    def _pool(towns: list[Town]) -> Pool:
        pools = [t.arrivals.pool for t in towns]
        return Pool(q0=_offsets([p.uniform.shape[1] for p in pools]),
                    used=np.zeros(len(towns), np.int64),
                    openness=np.concatenate([p.openness for p in pools], axis=1),
                    deviation=np.concatenate([p.deviation for p in pools], axis=1),
                    uniform=np.concatenate([p.uniform for p in pools], axis=1),
                    stay=np.concatenate([p.stay for p in pools], axis=1))

    @staticmethod
    def _towns(towns: list[Town], p0: np.ndarray) -> Towns:
        T = len(towns)
        cfgs = [t.cfg for t in towns]
        turnovers = [Turnover.from_config(c.organisation) for c in cfgs]
        situation = np.stack([t.weekly.situation for t in towns])
        return Towns(
            p0=p0, b0=_offsets([len(t.board) for t in towns]),
            week=np.zeros(T, np.int64),
            horizon=np.array([c.horizon_weeks for c in cfgs], np.int64),
            stop=np.array([c.stop_at_adoption for c in cfgs]),
            running=np.ones(T, bool),
            turnover=np.array([c.organisation.turnover for c in cfgs]),
            situation=situation,
            board=np.concatenate([t.board for t in towns]),
            engagement=np.zeros(int(p0[-1]) + T),
            dynamics=stack_records([t.weekly.rates for t in towns]),
            forces=stack_records([t.weekly.forces for t in towns]),
            handling=stack_records([t.weekly.handling for t in towns]),
            by_stage=np.stack([t.weekly.by_stage for t in towns]),
            rate=np.stack([t.weekly.rate for t in towns]),
            decay=np.stack([t.weekly.decay for t in towns]),
            support_weights=np.stack([t.weekly.support_weights for t in towns]),
            interaction_quality=np.array([t.weekly.interaction_quality for t in towns]),
            hazards=np.array([[tv.new, tv.settled] for tv in turnovers]),
            key_figure_share=np.array([c.organisation.key_figure_share for c in cfgs]),
            middle_management=np.array([c.leadership.middle_management_commitment
                                        for c in cfgs]),
            past_failures=np.array([c.organisation.past_change_failures for c in cfgs]),
            doubt_level=np.array([c.organisation.doubt_level for c in cfgs]),
            own_knowledge=np.array([c.organisation.knowledge for c in cfgs]),
            support=np.array([[c.support.capacity, c.support.knowledge, c.support.distrust]
                              for c in cfgs]),
            support_engaged=np.array([t.support_engaged for t in towns]),
            merger_until=np.full(T, NOBODY, np.int64),
            successor_week=np.full(T, NOBODY, np.int64),
            successor_quality=np.zeros(T), leavers=np.zeros(T, np.int64),
            committed_share=np.array([c.adoption.committed_share for c in cfgs]),
            every_department=np.array([c.adoption.scope == "every_department" for c in cfgs]),
            sustain=np.array([c.adoption.sustain_weeks for c in cfgs], np.int64),
            streak=np.zeros(T, np.int64), commitment_week=np.full(T, NOBODY, np.int64),
            adopted_week=np.full(T, NOBODY, np.int64),
            climate=_climates(towns))

    @staticmethod
    def _record(towns: list[Town], on: bool) -> Record:
        T = len(towns)
        weeks = np.array([t.cfg.horizon_weeks + 1 for t in towns]) if on else np.zeros(T)
        n = np.array([t.organisation.size for t in towns])
        boards = np.array([len(t.board) for t in towns])
        cells = _offsets(weeks * n)
        role_code = np.concatenate([ROLE_ORDER[t.organisation.role] * 4 for t in towns])
        return Record(
            on=np.array([on]), r0=cells, w0=_offsets(weeks), g0=_offsets(weeks * boards),
            weeks=np.zeros(T, np.int64), role_code=role_code.astype(np.int8),
            code=np.zeros(int(cells[-1]), np.int8), main_cause=np.zeros(int(cells[-1]), np.int8),
            drivers=np.zeros((int(weeks.sum()), C)), board=np.zeros(int((weeks * boards).sum())),
            maturity=np.zeros(int(weeks.sum())),
            plan=np.zeros((int(weeks.sum()), len(PLAN_COLUMNS))),
            cause_weeks=np.zeros((T, C + 1), np.int64),
            cause_weeks_at_adoption=np.zeros((T, C + 1), np.int64))


def _climates(towns: list[Town]) -> np.ndarray:
    D = max(t.organisation.n_departments for t in towns)
    out = np.zeros((len(towns), D))
    for i, t in enumerate(towns):
        out[i, :len(t.people.climate)] = t.people.climate
    return out



def build(configs: list[SimConfig], record: bool = True) -> Batch:
    """A batch of these scenarios, at week 0 (recorded)."""
    batch = Batch([build_town(cfg) for cfg in configs], record)
    batch.start()
    return batch
