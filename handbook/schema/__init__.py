"""What a unit file may hold: fields, scalar kinds, ids, text rules, limits,
JSON Schema.
"""
