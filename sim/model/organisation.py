"""The structure of a municipality's civil service: departments, teams, managers, networks.

Everything is an array over staff, indexed 0..n-1 and ordered by department, so the
weekly update can read structure with array indexing instead of walking objects.
The board (college and top management) is not staff: it sits above the department
heads and is modelled by :class:`sim.agents.Board`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import scipy.sparse as sp

from sim.config.schema import OrganisationConfig


class Role(IntEnum):
    """Role of a member of staff; the Mesa agent class follows from it."""

    EMPLOYEE = 0
    KEY_FIGURE = 1
    MANAGER = 2


# Reports of a department head go to the board, marked by this manager index.
REPORTS_TO_BOARD = -1


@dataclass(frozen=True)
class Organisation:
    """Who works where, under whom, and who talks to whom."""

    role: np.ndarray  # Role per person
    department: np.ndarray  # department index per person
    team: np.ndarray  # team index per person (organisation-wide numbering)
    manager: np.ndarray  # index of the direct superior, REPORTS_TO_BOARD for department heads
    ties: sp.csr_matrix  # informal colleague network, symmetric 0/1
    n_departments: int

    @property
    def size(self) -> int:
        return len(self.role)

    @property
    def is_key_figure(self) -> np.ndarray:
        return self.role == Role.KEY_FIGURE

    @property
    def is_manager(self) -> np.ndarray:
        return self.role == Role.MANAGER

    def colleagues(self, i: int) -> np.ndarray:
        """Indices of a person's informal ties."""
        return self.ties.indices[self.ties.indptr[i] : self.ties.indptr[i + 1]]


def _department_sizes(staff: int, departments: int, rng: np.random.Generator) -> np.ndarray:
    """Uneven departments (Dirichlet shares), each with a head and at least one member."""
    shares = rng.dirichlet(np.full(departments, 4.0))
    return 2 + rng.multinomial(staff - 2 * departments, shares)


def _lead(head: int, size: int, span: int, manager: np.ndarray, is_manager: np.ndarray) -> None:
    """Person ``head`` leads the next ``size - 1`` people, with at most ``span`` direct
    reports.

    When they do not fit in one span they are split into up to ``span`` groups of equal
    size (the first ones one larger), each led by its first member (team leader or unit
    head), recursively.
    """
    is_manager[head] = True
    rest = size - 1
    if rest <= span:
        manager[head + 1:head + size] = head
        return
    groups = min(span, -(-rest // (span + 1)))
    length, larger = divmod(rest, groups)
    first = head + 1
    for g in range(groups):
        group = length + (g < larger)
        manager[first] = head
        _lead(first, group, span, manager, is_manager)
        first += group


def _hierarchy(sizes: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Department heads over team leaders (and unit heads where needed) over members.

    Returns each person's manager, team (people with the same direct manager) and
    whether they manage anyone.
    """
    n = int(sizes.sum())
    manager = np.full(n, REPORTS_TO_BOARD, dtype=np.int64)
    is_manager = np.zeros(n, bool)
    for start, size in zip(np.cumsum(sizes) - sizes, sizes, strict=True):
        _lead(int(start), int(size), span, manager, is_manager)
    is_manager &= np.bincount(manager[manager >= 0], minlength=n) > 0
    leader = np.where(manager == REPORTS_TO_BOARD, np.arange(n), manager)
    team = np.unique(leader, return_inverse=True)[1]
    return manager, team, is_manager


def _colleague_ties(
    department: np.ndarray,
    team: np.ndarray,
    key_figures: np.ndarray,
    cfg: OrganisationConfig,
    rng: np.random.Generator,
) -> sp.csr_matrix:
    """Small world per department (Watts-Strogatz), rewired across departments.

    Colleagues sit on a ring ordered by team, each tied to ``colleague_ties`` nearest
    colleagues; each tie is rewired with probability ``cross_department_share`` to
    anyone in the organisation. Key figures get ``key_figure_ties`` extra ties to
    random colleagues anywhere: ambassadors are well connected.
    """
    n = len(department)
    src, dst = [], []
    half = max(cfg.colleague_ties // 2, 1)
    for d in range(department.max() + 1):
        members = np.flatnonzero(department == d)
        members = members[np.argsort(team[members], kind="stable")]
        s = len(members)
        for offset in range(1, min(half, s - 1) + 1):
            src.append(members)
            dst.append(members[(np.arange(s) + offset) % s])
    src, dst = np.concatenate(src), np.concatenate(dst)
    rewire = rng.random(len(dst)) < cfg.cross_department_share
    dst = np.where(rewire, rng.integers(0, n, len(dst)), dst)
    kf = np.flatnonzero(key_figures)
    if len(kf) and cfg.key_figure_ties:
        src = np.concatenate([src, np.repeat(kf, cfg.key_figure_ties)])
        dst = np.concatenate([dst, rng.integers(0, n, len(kf) * cfg.key_figure_ties)])
    keep = src != dst
    src, dst = src[keep], dst[keep]
    # both directions, each tie once, in row order: the symmetric 0/1 matrix in CSR form
    tie = np.sort(np.concatenate([src * n + dst, dst * n + src]))
    tie = tie[np.concatenate([[True], tie[1:] != tie[:-1]])]
    row, column = np.divmod(tie, n)
    indptr = np.zeros(n + 1, np.int32)
    np.cumsum(np.bincount(row, minlength=n), out=indptr[1:])
    return sp.csr_matrix((np.ones(len(tie)), column.astype(np.int32), indptr), shape=(n, n))


def build_organisation(cfg: OrganisationConfig, rng: np.random.Generator) -> Organisation:
    """Draw one organisation of the configured size and shape."""
    sizes = _department_sizes(cfg.staff, cfg.departments, rng)
    manager, team, is_manager = _hierarchy(sizes, cfg.span_of_control)
    department = np.repeat(np.arange(cfg.departments), sizes)
    role = np.where(is_manager, Role.MANAGER, Role.EMPLOYEE).astype(np.int8)
    candidates = np.flatnonzero(~is_manager)
    n_key = min(round(cfg.key_figure_share * len(candidates)), len(candidates))
    role[rng.choice(candidates, n_key, replace=False)] = Role.KEY_FIGURE
    ties = _colleague_ties(department, team, role == Role.KEY_FIGURE, cfg, rng)
    return Organisation(role, department, team, manager, ties, cfg.departments)
