from datetime import date

from babel import Locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SearchField,
    SelectChoice,
    SelectField,
    SubmitField,
)
from wtforms.validators import AnyOf, Length, Optional, Regexp, ValidationError
from wtforms.widgets import Select

from ..reading import course_language
from ..reports.activity import course_quizzes
from ..reports.items import answer_languages
from ..reports.scope import Scope
from ..security import MAX_DB_INT
from ..timezones import local_date
from ..users.changes import ROLE_LABELS

ALL = 0
FIRST_REPORT_DAY, LAST_REPORT_DAY = date(2000, 1, 1), date(2099, 12, 31)


def report_day(form, field) -> None:
    """Days the reports can mean: a typed year like 9999 is refused, not an overflow."""
    if field.data and not FIRST_REPORT_DAY <= field.data <= LAST_REPORT_DAY:
        raise ValidationError(_("Choose a date from 2000 to 2099."))


def database_id(value) -> int:
    """An id as a number a database integer holds; anything else is not a choice."""
    number = int(value)
    if not 0 <= number <= MAX_DB_INT:
        raise ValueError("not an id")
    return number


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def label_of(field: SelectField) -> str:
    return next((c.label for c in field.choices if c.value == field.data), "?")


class QuickSelect(Select):
    """A select for long lists (hundreds of classes): one plain string per option,
    where WTForms' own widget builds attribute dicts and Markup objects per option."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        selected = " selected" if choice.selected else ""
        return f'<option value="{escape(choice.value)}"{selected}>{escape(choice.label)}</option>'


class ScopeForm(FlaskForm):
    """The filters above every admin page, sent by GET so a filtered page can be linked."""

    class Meta:
        csrf = False

    teacher = SelectField(_l("Teacher"), coerce=database_id, default=ALL, widget=QuickSelect())
    classroom = SelectField(_l("Class"), coerce=database_id, default=ALL, widget=QuickSelect())
    start = DateField(_l("From"), validators=[Optional(), report_day])
    end = DateField(_l("To"), validators=[Optional(), report_day])

    def set_choices(self, teachers: list[tuple[int, str]], classes: list[tuple[int, str]]):
        self.teacher.choices = options([(ALL, _("All teachers")), *teachers])
        self.classroom.choices = options([(ALL, _("All classes")), *classes])

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_("The end date is before the start date."))

    def summary(self) -> str:
        """The filters in words, e.g. "classes of ms-lee · from 1 Sep 2026"."""
        if self.errors:
            return _("none (see below)")
        if self.classroom.data:
            who = _("class %(name)s", name=label_of(self.classroom))
        elif self.teacher.data:
            who = _("classes of %(name)s", name=label_of(self.teacher))
        else:
            who = _("every class")
        start, end = (local_date(d) if d else None for d in (self.start.data, self.end.data))
        when = (
            _("%(start)s to %(end)s", start=start, end=end)
            if start and end
            else _("from %(start)s", start=start)
            if start
            else _("until %(end)s", end=end)
            if end
            else _("all dates")
        )
        return f"{who} · {when}"

    def scope(self) -> Scope:
        """The filters as a Scope (call once they validate)."""
        return Scope(
            classroom_id=self.classroom.data or None,
            teacher_id=self.teacher.data or None,
            start=self.start.data,
            end=self.end.data,
        )


def language_name(code: str) -> str:
    """A language's name in its own words ("English", "español")."""
    return Locale.parse(code).get_display_name(code)


class ItemFilterForm(ScopeForm):
    """The item analysis filters: the scope, one quiz, the language the answers were
    given in (an item that works in one language only is a translation to look at),
    only the suspect items."""

    quiz = SelectField(_l("Quiz"), default="")
    answered_in = SelectField(_l("Answered in"), default="")
    suspect = BooleanField(_l("Only suspect items"))

    def set_choices(self, teachers, classes):
        super().set_choices(teachers, classes)
        quizzes = [(quiz_id, label) for quiz_id, _, label in course_quizzes(course_language())]
        self.quiz.choices = options([("", _("All quizzes")), *quizzes])
        languages = [(code, language_name(code)) for code in answer_languages()]
        self.answered_in.choices = options([("", _("Every language")), *languages])


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(
        _l("Name contains"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(
                r"^[A-Za-z0-9_.-]*$",
                message=_l("Usernames have only letters, numbers, dots, dashes and underscores."),
            ),
        ],
    )
    role = SelectField(
        _l("Role"), default="", choices=options([("", _l("Any role")), *ROLE_LABELS.items()])
    )


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=options(ROLE_LABELS.items()))
    submit = SubmitField(_l("Change role"))


class AccessForm(FlaskForm):
    """Disable or re-enable an account; the action is sent, so a repeat changes nothing."""

    action = HiddenField(validators=[AnyOf(("disable", "enable"))])
    submit = SubmitField(_l("Confirm"))
