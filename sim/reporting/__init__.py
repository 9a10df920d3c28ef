"""What people read: figures, the scenario report, labels and atomically written files."""
