"""The YAML format: base types and units, the plan and scenario models, loading with file:line errors,
and the scenario library. Nothing here simulates, scores or renders; every other layer reads these
validated, frozen objects and never raw YAML.

One concept per module, lowest first:

- ``limits``: every input limit of the format, stated once (file size, aliases, depth, texts, lists,
  numbers by what they mean).
- ``units``, ``bounded``, ``yamlio``, ``errors``, ``messages``: durations and clock times; a file read and
  composed within the limits; YAML read with the line of every value; the ``file:line: field: what``
  problems a user sees, and the wording of the limits' and graph checks' problems in English and Chinese.
- ``graphs``: orders that must not go round in a circle (branches, rubric ``before``).
- ``paths``: where a scenario may read its plan from.
- ``base``: strict immutable models, bilingual text, durations, shares and mixes, and the checks that
  report a misspelt id with a "did you mean".
- ``vocabulary``: the ids the kit implements (steps, severities, triggers, actions, flags, prompt kinds...).
- ``activation``, ``plan``: the organisation's emergency plan.
- ``distributions``, ``demand``, ``teams``, ``customers``: a scenario's parts for the simulator.
- ``prompts``, ``drill_script``: the role-play script of a drill.
- ``scenario``: one crisis story over a plan, checked against it.
- ``load``: reading plan and scenario files; ``library``: finding the kit's scenarios and reading their
  headers. (The plan and a scenario as readable tables are rendering: :mod:`sim.reports.tables`.)
"""
