"""The national record beside the survey: how many municipalities had a building block
in use by a date, read and checked from ``data/national_record.yaml``.

On the survey's reference date (22 May 2010) only 50 of the 431 municipalities were
connected to the national BAG facility, due since 1 July 2009. The calibration fits the
share of simulated municipalities whose project on that block is delivered by that date.
The 2009 review's "ten years at the current pace" is a one-sided target: at most half of
the municipalities adopted ten years after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sim.calibration.survey import SurveyError
from sim.config.files import load_yaml
from sim.config.paths import DATA_DIR

RECORD_FILE = DATA_DIR / "national_record.yaml"


@dataclass(frozen=True)
class NationalRecord:
    """A block in use in so many municipalities by a date, and the 2009 review's horizon."""

    path: Path
    block: str  # the national building block (plan.national_blocks)
    date: date  # counted on this date
    connected: int
    municipalities: int
    review_date: date
    review_years: int
    review_share_at_most: float  # "most would not": the share adopted by then at most this

    @property
    def share(self) -> float:
        return self.connected / self.municipalities

    @property
    def review_horizon(self) -> date:
        """The date by which, the 2009 review judged, most municipalities would not yet
        have the building blocks in real use at the pace of the time."""
        return self.review_date.replace(year=self.review_date.year + self.review_years)


def _get(data: Any, key: str, path: Path, kind: type) -> Any:
    node = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise SurveyError(f"{key} is missing (in national record file {path})")
        node = node[part]
    if not isinstance(node, kind) or isinstance(node, bool):
        raise SurveyError(f"{key}={node!r} is not allowed: must be a {kind.__name__} "
                          f"(in national record file {path})")
    return node


def load_record(path: Path | str = RECORD_FILE) -> NationalRecord:
    """Read and check the record; raises a :class:`SurveyError` (a value) or a
    :class:`~sim.config.files.FileError` (the file) naming what is wrong."""
    path = Path(path)
    data = load_yaml(path, "national record file")
    record = NationalRecord(
        path=path,
        block=_get(data, "bag_connected.block", path, str),
        date=_get(data, "bag_connected.date", path, date),
        connected=_get(data, "bag_connected.connected", path, int),
        municipalities=_get(data, "bag_connected.municipalities", path, int),
        review_date=_get(data, "review_2009.date", path, date),
        review_years=_get(data, "review_2009.years", path, int),
        review_share_at_most=float(_get(data, "review_2009.share_at_most", path, float)),
    )
    if not 0 < record.review_share_at_most < 1:
        raise SurveyError(f"review_2009.share_at_most={record.review_share_at_most} is not "
                          f"allowed: must be between 0 and 1 (in national record file {path})")
    if not 0 <= record.connected <= record.municipalities or record.municipalities < 1:
        raise SurveyError(f"bag_connected.connected={record.connected} is not allowed: must be "
                          f"from 0 to municipalities ({record.municipalities}) "
                          f"(in national record file {path})")
    return record
