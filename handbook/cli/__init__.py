"""``python -m handbook``: the command line and its problem formats.
"""
