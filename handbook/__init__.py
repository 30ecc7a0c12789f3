"""Kontinuitetshandboken: unit continuity plans from YAML to site and binder.

The data layer (``load``, ``merge``, ``project``, ``schema``) imports nothing
from MkDocs, so the site generator can be swapped without touching it.
"""

from .data.project import Handbook, Unit, load_handbook, read_handbook
from .errors import HandbookError, Problem, UnitFileError

__all__ = ["Handbook", "HandbookError", "Problem", "Unit", "UnitFileError",
           "load_handbook", "read_handbook"]
