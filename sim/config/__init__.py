"""Scenario settings: the schema, its vocabulary, validation, composition with Hydra,
overrides by dotted name and calibrated posteriors."""
