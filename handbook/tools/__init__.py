"""Editors' and maintainers' tools: scaffold, CODEOWNERS, find-person, reminder
issues.
"""
