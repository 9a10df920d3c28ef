"""The structure of a municipality's civil service: departments, teams, managers, networks.

Everything is an array over staff, indexed 0..n-1 and ordered by department, so the
weekly update can read structure with array indexing instead of walking objects.
The board (college and top management) is not staff: it sits above the department
heads and is modelled by :class:`sim.agents.Board`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numba
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


@numba.njit(cache=True)
def _hierarchy(sizes: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Department heads over team leaders (and unit heads where needed) over members.

    A head leads the next ``size - 1`` people of their unit, with at most ``span`` direct
    reports; when they do not fit in one span they are split into up to ``span`` groups
    of equal size (the first ones one larger), each led by its first member (team leader
    or unit head), and so on down. Returns each person's manager, team (people with the
    same direct manager, numbered in the order of their leaders) and whether they manage
    anyone.
    """
    n = sizes.sum()
    manager = np.full(n, REPORTS_TO_BOARD, np.int64)
    is_manager = np.zeros(n, np.bool_)
    units = np.empty((n, 2), np.int64)  # (head, size) of units still to be led
    top, start = 0, 0
    for size in sizes:
        units[top, 0], units[top, 1] = start, size
        top, start = top + 1, start + size
    while top:
        top -= 1
        head, size = units[top, 0], units[top, 1]
        is_manager[head] = True
        rest = size - 1
        if rest <= span:
            manager[head + 1:head + size] = head
            continue
        groups = min(span, -(-rest // (span + 1)))
        length, larger = rest // groups, rest % groups
        first = head + 1
        for g in range(groups):
            group = length + (g < larger)
            manager[first] = head
            units[top, 0], units[top, 1] = first, group
            top, first = top + 1, first + group
    has_reports = np.zeros(n, np.bool_)
    for i in range(n):
        if manager[i] >= 0:
            has_reports[manager[i]] = True
    is_manager &= has_reports
    rank = np.cumsum(has_reports | (manager == REPORTS_TO_BOARD)) - 1  # teams by leader
    team = np.empty(n, np.int64)
    for i in range(n):
        team[i] = rank[i if manager[i] == REPORTS_TO_BOARD else manager[i]]
    return manager, team, is_manager


@numba.njit(cache=True)
def _ring(department: np.ndarray, team: np.ndarray, half: int) -> tuple[np.ndarray, np.ndarray]:
    """Each department's ring of colleagues ordered by team, each tied to its ``half``
    next ones: the ties as (from, to), department by department, offset by offset."""
    departments = department.max() + 1
    count = 0
    for d in range(departments):
        s = np.count_nonzero(department == d)
        count += s * min(half, s - 1) if s > 1 else 0
    src, dst = np.empty(count, np.int64), np.empty(count, np.int64)
    k = 0
    for d in range(departments):
        members = np.nonzero(department == d)[0]
        members = members[np.argsort(team[members], kind="mergesort")]
        s = len(members)
        for offset in range(1, min(half, s - 1) + 1):
            for j in range(s):
                src[k], dst[k] = members[j], members[(j + offset) % s]
                k += 1
    return src, dst


@numba.njit(cache=True)
def _symmetric(src: np.ndarray, dst: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The symmetric 0/1 matrix of ties (from, to) in CSR form, without self-ties and with
    each tie once: its row pointers and sorted column indices (int32, as scipy keeps
    them). Rows hold a dozen ties: each is sorted on its own."""
    start = np.zeros(n + 1, np.int64)
    for j in range(len(src)):
        if src[j] != dst[j]:
            start[src[j] + 1] += 1
            start[dst[j] + 1] += 1
    start = np.cumsum(start)
    fill = start[:-1].copy()
    column = np.empty(start[-1], np.int32)
    for j in range(len(src)):
        if src[j] != dst[j]:
            column[fill[src[j]]], column[fill[dst[j]]] = dst[j], src[j]
            fill[src[j]] += 1
            fill[dst[j]] += 1
    indptr = np.zeros(n + 1, np.int32)
    m = 0
    for i in range(n):
        row = column[start[i]:start[i + 1]]
        for a in range(1, len(row)):  # insertion sort
            x, b = row[a], a - 1
            while b >= 0 and row[b] > x:
                row[b + 1] = row[b]
                b -= 1
            row[b + 1] = x
        for a in range(len(row)):
            if a == 0 or row[a] != row[a - 1]:
                column[m] = row[a]
                m += 1
        indptr[i + 1] = m
    return indptr, column[:m]


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
    src, dst = _ring(department, team, max(cfg.colleague_ties // 2, 1))
    rewire = rng.random(len(dst)) < cfg.cross_department_share
    dst = np.where(rewire, rng.integers(0, n, len(dst)), dst)
    kf = np.flatnonzero(key_figures)
    if len(kf) and cfg.key_figure_ties:
        src = np.concatenate([src, np.repeat(kf, cfg.key_figure_ties)])
        dst = np.concatenate([dst, rng.integers(0, n, len(kf) * cfg.key_figure_ties)])
    indptr, column = _symmetric(src, dst, n)
    return sp.csr_matrix((np.ones(len(column)), column, indptr), shape=(n, n))


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
