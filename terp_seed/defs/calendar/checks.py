from terp_seed.defs.family import family_suite
from terp_seed.rules.calendar import RULES

calendar_suite = family_suite(
    "calendar",
    RULES,
    "The diary and the clock are true: real records and staff, events in time, reminders "
    "before, nothing completed ahead, clocked time covering the work and no leave on a workday.",
)
