"""A minimal valid unit file, for tests that write small units folders.

Tests append to ``VALID`` from line 9, so expected line numbers stay readable.
"""

U = "units/vc-x.yml"
HEAD = "name: VC X\nextends:\n  - area\n"  # lines 1-3
DOCUMENT = """\
document:
  version: "1.0"
  owner: Anna Andersson
  approved: 2026-09-01
  approved_by: Anna Andersson
"""  # lines 4-8
VALID = HEAD + DOCUMENT  # a case appends from line 9
