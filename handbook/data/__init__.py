"""Unit files read into a merged handbook: YAML loading and its messages, the
layers and their merge, personal data.
"""
