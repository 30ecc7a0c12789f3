"""Git: the repository read by commit, each unit's change history, what a change
did.
"""
