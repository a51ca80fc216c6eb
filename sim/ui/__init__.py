"""The ipywidgets apps (trainee drill, trainer dashboard, planner, live command drill) and what they share:
one theme (colours, CSS, badges) and the HTML renderers. The top layer: nothing below imports it.
"""
