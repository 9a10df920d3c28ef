"""Construction: roles, hierarchy and the informal network."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.compose import load_config
from sim.model.agents import Board, Employee, KeyFigure, Manager
from sim.model.municipality import Municipality
from sim.model.organisation import REPORTS_TO_BOARD, Role, build_organisation


@pytest.fixture(scope="module")
def city():
    cfg = load_config(["organisation=size_gt_100k", "seed=5"])
    return cfg, build_organisation(cfg.organisation, np.random.default_rng(5))


def test_role_counts(city):
    cfg, org = city
    o = cfg.organisation
    assert org.size == o.staff
    non_managers = np.sum(org.role != Role.MANAGER)
    assert np.sum(org.is_key_figure) == round(o.key_figure_share * non_managers)
    heads = org.manager == REPORTS_TO_BOARD
    assert heads.sum() == o.departments
    assert np.all(org.is_manager[heads])


def test_hierarchy_respects_departments_and_span(city):
    cfg, org = city
    led = org.manager != REPORTS_TO_BOARD
    bosses = org.manager[led]
    assert np.all(org.is_manager[bosses]), "everyone reports to a manager"
    assert np.all(org.department[bosses] == org.department[led]), "within the department"
    reports = np.bincount(bosses, minlength=org.size)
    assert reports.max() <= cfg.organisation.span_of_control
    assert np.all(reports[org.is_manager & ~(org.manager == REPORTS_TO_BOARD)] > 0)
    # team leaders report to their department head, members to their team leader
    assert np.all(org.manager[org.manager[led]] >= REPORTS_TO_BOARD)


def test_network_is_symmetric_small_world(city):
    cfg, org = city
    ties = org.ties
    assert (ties != ties.T).nnz == 0
    assert ties.diagonal().sum() == 0
    degree = np.asarray(ties.sum(axis=1)).ravel()
    assert degree.min() >= 1
    src, dst = ties.nonzero()
    cross = np.mean(org.department[src] != org.department[dst])
    # rewired ties (10%) plus key-figure ties cross departments; most ties stay inside
    assert 0.1 < cross < 0.35
    assert degree[org.is_key_figure].mean() > 2 * degree[~org.is_key_figure].mean()


def test_agents_match_roles_and_read_the_arrays():
    model = Municipality(load_config(["organisation=size_10_25k", "seed=1"]))
    org = model.organisation
    by_type = model.agents_by_type
    assert len(by_type[Manager]) == np.sum(org.role == Role.MANAGER)
    assert len(by_type[KeyFigure]) == np.sum(org.role == Role.KEY_FIGURE)
    assert len(by_type[Employee]) == np.sum(org.role == Role.EMPLOYEE)
    assert len(by_type[Board]) == model.config.organisation.board_size
    person = by_type[Employee].to_list()[0]
    assert person.manager.department == person.department
    assert all(person in c.colleagues for c in person.colleagues)
    person.stage = 3
    assert model.people.stage[person.index] == 3
    person.set_driver("old_grievances", 0.9)
    assert person.drivers["old_grievances"] == pytest.approx(0.9)
    assert model.people.drivers[6, person.index] == pytest.approx(0.9)
