"""``python -m handbook``: the command line (``main.py``: the dispatch table and the one
place errors are caught), its commands by group and its problem formats."""
