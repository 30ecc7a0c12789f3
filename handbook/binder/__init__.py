"""The printed binder: one PDF per unit and one for the whole handbook.

``document`` builds the print HTML (Jinja2 + one print stylesheet), ``render``
turns HTML into PDF with WeasyPrint in parallel, ``build`` decides what must be
rendered again and assembles the whole-handbook PDF. No MkDocs imports.
"""
