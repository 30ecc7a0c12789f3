"""``python -m handbook``: the command line (handbook/cli.py)."""

import sys

from .cli import main

sys.exit(main())
