"""Live class sessions: the whole class on one question at a time, the teacher's
projector leading, every student answering on a phone.

service.py holds the rules and every change of state, signal.py mirrors each
session's version number in Redis for cheap polling, pages.py and student_pages.py
are the views. The blueprint lives in pages.py, so importing the models does not
import the views."""
