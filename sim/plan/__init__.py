"""The realisation plan and the events around it."""
