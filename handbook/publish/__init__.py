"""Putting a build in place: the atomic site swap, the offline zip, gh-pages, the
release gate.
"""
