"""The YAML format: base types and units, the plan and scenario models, loading with file:line errors,
and the scenario library. Nothing here simulates, scores or renders; every other layer reads these
validated, frozen objects and never raw YAML.
"""
