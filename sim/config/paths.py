"""Where the shipped configs and data live (in the checkout: the package is installed editable)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "configs"
DATA_DIR = ROOT / "data"
SURVEY_FILE = DATA_DIR / "nup_survey_2010.yaml"


def in_checkout(text: str) -> Path:
    """A path as given, or else relative to the checkout (for the shipped data)."""
    path = Path(text).expanduser()
    return path if path.is_absolute() or path.exists() else ROOT / path
