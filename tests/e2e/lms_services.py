"""The test LMS's web services, as lti1p3platform defines them: grades (line items and
scores) and the course's members; and Flask's request as lti1p3platform reads it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Response, jsonify
from lti1p3platform.membership import Context
from lti1p3platform.request import Request
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.service_connector import (
    AssignmentsGradesService,
    NamesRoleProvisioningService,
)

if TYPE_CHECKING:
    from .lms_server import SchoolLms


class FlaskPlatformRequest(Request):
    def build_metadata(self, flask_request):
        return {
            "method": flask_request.method,
            "form_data": flask_request.form.to_dict(),
            "get_data": flask_request.args.to_dict(),
            "headers": flask_request.headers,
            "content_type": flask_request.content_type,
            "path": flask_request.path,
            "json": flask_request.get_json(silent=True),
        }


class Grades(AssignmentsGradesService):
    def __init__(self, lms: SchoolLms, flask_request):
        super().__init__(FlaskPlatformRequest(flask_request), lms.config(), lms.url("/lineitems"))
        self.platform_config.get_registration()
        self.lms = lms

    def find_lineitems(
        self,
        page=1,
        limit=None,
        line_item_id=None,
        resource_link_id=None,
        resource_id=None,
        tag=None,
        **kwargs,
    ):
        return {"content": list(self.lms.state.lineitems.values()), "has_next": False}

    def find_lineitem(self, line_item_id):
        return self.lms.state.lineitems[line_item_id]

    def create_lineitem(self, creation_data):
        item_id = f"item-{len(self.lms.state.lineitems) + 1}"
        item = {**creation_data, "id": self.lms.url(f"/lineitems/{item_id}")}
        self.lms.state.lineitems[item_id] = item
        return item

    def update_lineitem(self, update_data):
        return update_data

    def delete_lineitem(self, line_item_id):
        self.lms.state.lineitems.pop(line_item_id, None)

    def update_score(self, line_item_id, score):
        self.lms.state.scores.append({**score, "lineitem": line_item_id})
        return UpdateScoreStatus.SUCCESS

    def get_results(self, line_item_id, page=1, limit=None, user_id=None):
        return {"content": [], "has_next": False}


class Members(NamesRoleProvisioningService):
    def __init__(self, lms: SchoolLms, flask_request):
        super().__init__(FlaskPlatformRequest(flask_request), lms.config(), lms.url("/memberships"))
        self.platform_config.get_registration()
        self.lms = lms

    def get_member_data_page(self, page=1, limit=None, role=None, since=None, **kwargs):
        return {"content": [dict(member) for member in self.lms.state.members], "has_next": False}

    def get_context_by_id(self):
        return Context(id="course-101", label="HEALTH", title="Health 101")


def as_flask(response) -> Response:
    body = response.result
    return Response(
        "" if body is None else jsonify(body).get_data(),
        status=response.code,
        content_type=response.media_type,
    )
