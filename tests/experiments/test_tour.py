"""The researchers' tour notebook runs from top to bottom (nbclient, a fresh kernel)."""

from __future__ import annotations

from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ema_workbench")

ROOT = Path(__file__).resolve().parents[2]


def test_the_tour_notebook_runs():
    import nbformat

    notebook = nbformat.read(ROOT / "experiments" / "tour.ipynb", as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "Log-rank tests" in text and "Scenario discovery (PRIM" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 5
