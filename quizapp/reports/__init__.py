"""Every aggregate, as SQL the database runs (GROUP BY over indexed columns), by subject.

- `scope`: which learners and days a report covers (a class, a teacher, everyone).
- `learner`: one learner's course; `history`: what one learner answered.
- `classes`: classes, rosters, assignments; `progress`: a class's progress grid.
- `myths`: where learners stand on each myth now; `myth_checks`: the myth checks
  before, after and weeks later, with the one `pre_post()` and the one gain;
  `myth_outcomes`: the admin Myths page.
- `items`: item analysis; `activity`: attempts, scores and answers over time.
- `tallies`: the summary tables kept in step with attempts that feed `activity`
  and `items`.

Views and templates only display the rows these functions return.
"""
