"""Pages of the handbook as Markdown text, built from merged unit data.

Pure string building (Jinja2 + Python-Markdown): no MkDocs import, so the same
fragments serve the site and the print binder.
"""
