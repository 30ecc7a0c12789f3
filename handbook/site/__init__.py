"""The site build: the hooks' state, the editor's preview, the example setting, the
service worker, the pages as files.
"""
