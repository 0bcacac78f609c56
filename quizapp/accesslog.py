"""gunicorn's access log without what the privacy notice says we do not keep.

No client address, no user agent, no query string, and no row ids in the path
(`/attempts/123/answer` is logged as `/attempts/<id>/answer`): an id with a time
would tie a log line to one learner's attempt. Kept: method, route, status,
size, time in ms, the request id (for the app's own log) and the worker.
"""

import re

from gunicorn.glogging import Logger

ROW_ID = re.compile(r"/\d+(?=/|$)")
FORMAT = '%(t)s "%(m)s %(route)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s pid=%(p)s'


def route_of(path: str) -> str:
    return ROW_ID.sub("/<id>", path)


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["route"] = route_of(environ.get("PATH_INFO", ""))
        return atoms
