"""Experiments: replicates, sweeps, sensitivity and survival estimates of time to adoption."""
