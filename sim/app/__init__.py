"""The classroom demo: the model live in a browser (``python -m sim.app``)."""
