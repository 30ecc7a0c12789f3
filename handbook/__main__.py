"""``python -m handbook``: the command line (handbook/cli/main.py)."""

import sys

from .cli.main import main

sys.exit(main())
