"""The ipywidgets apps (trainee drill, trainer dashboard, planner, live command drill) and what they share.
The top layer, with the CLI: nothing below imports it.

    theme         the apps' style sheets, the rating badge and the error/ok lines (colours: sim.reports.theme)
    render        HTML of injects by channel, the drill's setup and status fragments, the command dashboard
    scorecard     the trainee's scorecard HTML (answers read through sim.drill.answers)
    picker        the drill picker's list of the library's drills (nothing of their key)
    prompt_panel  one prompt's widgets: question, input for its kind, Submit, message
    feed          the injects sent so far, each with its prompts' panels
    status_bar    scenario clock, elapsed time, the open question's timer, progress
    drafts        autosave of the open prompt's input, restored on resume
    setup_screen  name, cohort code, drill choice, unfinished attempts to resume
    drill_app     DrillApp: the trainee's drill, from start or resume to the scorecard
    trainer       TrainerApp: the trainer's dashboard over a results store
    planner       PlannerApp: try a roster, find the fewest staff, the staffing curve
    command_drill CommandApp: the live command drill's dashboard and decisions
"""
