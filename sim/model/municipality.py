"""The Municipality: a Mesa model of one organisation taking up its realisation plan.

It is the batch engine (:mod:`sim.engine`) with one municipality: its people, plan and
record are views of the engine's arrays, a week is one compiled call, and a whole run
(:meth:`Municipality.run_model`) is one call too. The Mesa agents are the public face:
they are made when someone asks for them (``model.agents``, ``model.staff``) and follow
the staff as people leave and newcomers arrive.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.config.schema import EventConfig, SimConfig
from sim.engine.batch import build
from sim.engine.step import weekly_update
from sim.model.agents import Board, Coordinator, Employee, KeyFigure, Manager, Person
from sim.model.dynamics import BOARD, MATURITY, Structure, channel_reach
from sim.model.newcomers import replace_staff
from sim.model.organisation import Organisation, Role
from sim.model.people import People, disappoint
from sim.model.states import Stage

AGENT_CLASS = {Role.EMPLOYEE: Employee, Role.KEY_FIGURE: KeyFigure, Role.MANAGER: Manager}


class WeeklyUpdateView:
    """The weekly update of the municipality's rows, as the engine holds it: the
    situation, everyone's context, the strategy's effort per form; calling it moves
    everyone one week without the plan layer (a test's way to look at the rules)."""

    def __init__(self, batch, t: int):
        self._batch, self._t = batch, t
        rows = batch.rows(t)
        f0, f1 = batch.forms.f0[t], batch.forms.f0[t + 1]
        self.situation = batch.towns_state.situation[t]
        self.context = batch.staff.context[:, rows]
        self.weight = batch.forms.weight[f0:f1]
        self.engagement = batch.towns_state.engagement[rows.start + t:rows.stop + t + 1]
        self.is_key_figure = batch.net.is_key_figure[rows]
        self.strategy = batch.towns[t].weekly.strategy

    @property
    def maturity(self) -> float:
        """How far new systems and processes have matured, organisation-wide."""
        return float(self.situation[MATURITY])

    @property
    def structure(self) -> Structure:
        S, N, rows = self._batch.staff, self._batch.net, self._batch.rows(self._t)
        return Structure(S.manager[rows], N.kf_scale[rows],
                         N.indptr[rows.start:rows.stop + 1], N.indices, N.weights,
                         N.is_key_figure[rows], S.disposition[rows])

    @property
    def mean_over_colleagues(self):
        """The weights of one's colleagues in what one sees of them (rows sum to 1)."""
        import scipy.sparse as sp

        s = self.structure
        n = len(s.manager)
        indptr = s.indptr - s.indptr[0]
        return sp.csr_matrix((s.weights[s.indptr[0]:s.indptr[-1]],
                              s.indices[s.indptr[0]:s.indptr[-1]], indptr), shape=(n, n))

    def reach(self, people: People, kf_signal: np.ndarray) -> np.ndarray:
        """How strongly each channel reaches each person (3, n), at last week's engagement."""
        T, t = self._batch.towns_state, self._t
        out = np.empty((3, people.size))
        eng = self.engagement
        channel_reach(T.dynamics[t], T.forces[t], self.situation[1], people.workload, eng,
                      eng[self.structure.manager], kf_signal, out)
        return out

    def __call__(self, people: People, board: float, u: np.ndarray) -> None:
        """Move everyone one week; ``board`` is the board's visible commitment, ``u`` ~ U(0,1)."""
        b = self._batch
        self.situation[BOARD] = board
        weekly_update(b.staff, b.net, b.towns_state, b.forms, b.scratch, self._t, u)


class Municipality(mesa.Model):
    """One municipality's staff and board, week by week, from the start of the plan.

    Week 0 is the state when the plan starts; each ``step()`` is one week: the week's
    events strike, some staff leave and newcomers take their places, the plan's projects
    advance with the people's engagement (and what they deliver or drop is noticed), then
    everyone's drivers and stage move. The model stops at ``horizon_weeks`` (or at
    adoption with ``stop_at_adoption``).
    """

    def __init__(self, config: SimConfig):
        super().__init__(rng=config.seed)  # Mesa's own; the model draws from its streams
        self.config = config
        self.batch = batch = build([config])
        town, rows = batch.towns[0], batch.rows(0)
        S, T = batch.staff, batch.towns_state
        org = town.organisation
        self.organisation = Organisation(S.role[rows], S.department[rows], org.team,
                                         org.manager, org.ties, org.n_departments)
        self.people = People(
            openness=S.openness[rows], tenure=S.tenure[rows], workload=S.workload[rows],
            exposure=S.exposure[rows], baseline=S.baseline[:, rows],
            drivers=S.drivers[:, rows], stage=S.stage[rows],
            weeks_in_stage=S.weeks_in_stage[rows], evidence=S.evidence[rows],
            threat=S.threat[rows], acknowledged=S.acknowledged[rows],
            climate=T.climate[0, :org.n_departments])
        self.strategy = town.weekly.strategy
        self.update = WeeklyUpdateView(batch, 0)
        self.plan = batch.plan_view(0)
        self.history = batch.history(0)
        self.board_commitments = T.board[T.b0[0]:T.b0[1]]
        self.leaving_week = S.leaving_week[rows]
        self.board = [Board(self, i) for i in range(len(self.board_commitments))]
        self.coordinator = Coordinator(self)
        self._staff: list[Person] | None = None
        self._generation = np.zeros(0, np.int64)

    # -- the week ------------------------------------------------------------------------

    @property
    def week(self) -> int:
        return int(self.batch.towns_state.week[0])

    def step(self) -> None:
        """One week."""
        self.batch.advance(until=self.week + 1)
        self.running = bool(self.batch.towns_state.running[0])

    def run_model(self) -> None:
        """All weeks to the horizon (or to adoption, if the run stops there) at once."""
        self.batch.advance()
        self.running = False

    def announce(self, name: str, event: EventConfig) -> None:
        """An event that strikes next week, decided during the run (the classroom's
        buttons); it takes the same path as a configured one."""
        self.batch.add_event(0, name, event)

    # -- what the model holds ------------------------------------------------------------

    @property
    def board_commitment(self) -> float:
        """The board's visible commitment: the mean of its members'."""
        return float(self.board_commitments.mean())

    @property
    def committed_share(self) -> float:
        return np.count_nonzero(self.people.stage == Stage.COMMITMENT) / self.people.size

    @property
    def main_cause(self) -> np.ndarray:
        """Per person, the index of the cause that weighs most (-1: no resistance), as of
        the last week: not committed and some driver at ``dynamics.main_cause_threshold``;
        staff of departments the change has not reached yet do not resist it."""
        return self.batch.staff.main_cause[self.batch.rows(0)]

    @property
    def leavers(self) -> int:
        return int(self.batch.towns_state.leavers[0])

    @property
    def support_engaged(self) -> bool:
        return bool(self.batch.towns_state.support_engaged[0])

    @property
    def event_log(self) -> list[dict]:
        return self.batch.event_log(0)

    @property
    def adoption_week(self) -> int | None:
        week = int(self.batch.towns_state.adopted_week[0])
        return None if week < 0 else week

    # -- the Mesa agents -----------------------------------------------------------------

    @property
    def staff(self) -> list[Person]:
        """One agent per member of staff, made when first asked for and renewed for the
        positions newcomers have taken since."""
        generation = self.batch.staff.generation[self.batch.rows(0)]
        if self._staff is None:
            self._staff = [AGENT_CLASS[Role(r)](self, i)
                           for i, r in enumerate(self.organisation.role)]
        else:
            for i in np.flatnonzero(generation != self._generation).tolist():
                self._staff[i].remove()
                self._staff[i] = AGENT_CLASS[Role(self.organisation.role[i])](self, i)
        self._generation = generation.copy()
        return self._staff

    @property
    def agents(self):
        self.staff  # noqa: B018  (brings the staff agents up to date)
        return super().agents

    @property
    def agents_by_type(self):
        self.staff  # noqa: B018
        return super().agents_by_type

    # -- acting on the staff (events take these paths inside the engine) ----------------

    def replace_staff(self, who: np.ndarray, roles: np.ndarray) -> None:
        """Newcomers in roles ``roles`` take over positions ``who`` (and their ties)."""
        b = self.batch
        done = replace_staff(b.staff, b.net, b.towns_state, b.pool, b.record, 0,
                             np.asarray(who, np.int64) + b.rows(0).start,
                             np.asarray(roles, np.int64))
        if not done:
            b._more_newcomers(0)
            self.replace_staff(who, roles)

    def disappoint(self, projects: list[int]) -> None:
        """Projects dropped: a broken promise to the people who worked on them."""
        if projects:
            rows = self.plan.people_of(projects) + self.batch.rows(0).start
            disappoint(self.batch.staff.drivers, rows, self.config.plan.drop_disappointment)

    # -- outputs -------------------------------------------------------------------------

    def timeseries(self):
        """The weekly table of the run so far (pandas), events included."""
        return self.history.frame(self.event_log)

    def summary(self) -> dict:
        """The run's outcome in plain numbers (what ``summary.json`` holds)."""
        return self.batch.summary(0)


def simulate(config: SimConfig) -> Municipality:
    """Build the municipality and run it to its horizon (or to adoption)."""
    model = Municipality(config)
    model.run_model()
    return model
