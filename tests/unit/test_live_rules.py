"""The rules of a live session, without a database: which teacher action applies in
which state and what it changes, and when a question takes answers."""

from datetime import datetime, timedelta

import pytest

from quizapp.live.models import LiveSession, LiveState
from quizapp.live.service import MOVES, changes_for, is_answerable

NOW = datetime(2026, 3, 2, 10, 0)
QUESTIONS = ["q1", "q2", "q3"]


def session_in(state: str, position: int = 1, **columns) -> LiveSession:
    return LiveSession(state=state, position=position, question_ids=QUESTIONS, **columns)


APPLIES = {
    LiveState.LOBBY: {"start", "end"},
    LiveState.QUESTION: {"reveal", "next", "pause", "end"},
    LiveState.REVEALED: {"next", "pause", "end"},
    LiveState.PAUSED: {"resume", "end"},
    LiveState.ENDED: set(),
}


@pytest.mark.parametrize("state", list(LiveState))
@pytest.mark.parametrize("action", list(MOVES))
def test_an_action_applies_only_in_its_states(state, action):
    changes = changes_for(session_in(state), action, NOW)
    assert (changes is not None) == (action in APPLIES[state])


def test_an_unknown_action_changes_nothing():
    assert changes_for(session_in(LiveState.QUESTION), "skip", NOW) is None


def test_start_opens_the_first_question_and_its_clock():
    changes = changes_for(session_in(LiveState.LOBBY, position=0), "start", NOW)
    assert changes == {"state": "question", "position": 1, "question_started_at": NOW}


def test_next_moves_on_one_question():
    changes = changes_for(session_in(LiveState.REVEALED, position=1), "next", NOW)
    assert changes["position"] == 2 and changes["state"] == "question"


def test_next_after_the_last_question_ends_the_session():
    changes = changes_for(session_in(LiveState.REVEALED, position=3), "next", NOW)
    assert changes == {"state": "ended", "ended_at": NOW}


def test_pause_remembers_where_the_class_was_and_resume_goes_back():
    paused = changes_for(session_in(LiveState.REVEALED), "pause", NOW)
    assert paused == {"state": "paused", "resume_state": "revealed"}
    resumed = changes_for(session_in(LiveState.PAUSED, resume_state="revealed"), "resume", NOW)
    assert resumed == {"state": "revealed", "resume_state": None}


def test_reveal_keeps_the_question():
    changes = changes_for(session_in(LiveState.QUESTION, position=2), "reveal", NOW)
    assert changes == {"state": "revealed"}


def test_only_the_current_open_question_takes_answers():
    open_question = session_in(LiveState.QUESTION, position=2)
    assert is_answerable(open_question, "q2", NOW)
    assert not is_answerable(open_question, "q1", NOW)
    assert not is_answerable(open_question, "q3", NOW)
    for state in (LiveState.REVEALED, LiveState.PAUSED, LiveState.ENDED, LiveState.LOBBY):
        assert not is_answerable(session_in(state, position=2), "q2", NOW)


def test_a_timed_question_closes_when_its_time_is_up():
    timed = session_in(LiveState.QUESTION, timer_seconds=30, question_started_at=NOW)
    assert is_answerable(timed, "q1", NOW + timedelta(seconds=30))
    assert not is_answerable(timed, "q1", NOW + timedelta(seconds=31))
