"""The domain's names that settings choose from: size classes, channels, functions, themes,
strategies, event types. One place for each list; labels for people are in
:mod:`sim.reporting.labels`."""

from __future__ import annotations

# The survey's size classes (inhabitants): config group name -> the survey's label.
# Each has its organisation in configs/organisation/<name>.yaml.
SIZE_CLASSES = {
    "size_lt_10k": "<10k",
    "size_10_25k": "10-25k",
    "size_25_50k": "25-50k",
    "size_50_100k": "50-100k",
    "size_gt_100k": ">100k",
}
# The four change strategies of the survey (figure 9), in the survey's order.
STRATEGIES = ("weten", "moeten", "willen", "leren")
CHANNELS = ("programme", "manager", "key_figures")
ADOPTION_SCOPES = ("organisation", "every_department")
# What departments do, in the order they are founded: small municipalities merge the
# later functions into the earlier departments (function k goes to department k mod D).
FUNCTIONS = ("public_services", "spatial_affairs", "operations", "social_affairs",
             "management_support")
THEMES = ("service_delivery_kcc", "case_based_work_digitisation", "base_registries",
          "architecture_information_management", "programme_or_project_work", "other")
EVENT_TYPES = ("budget_cut", "national_delay", "election", "merger", "key_figures_leave",
               "key_figures_arrive", "quick_win", "coordinator_leaves",
               "external_support_starts", "external_support_ends")
# The languages a report is written in (sim/reporting/labels.py has the words).
LANGUAGES = ("en", "nl")
# How departments join the change: all at once, or one after another.
ROLLOUTS = ("big_bang", "stepwise")
