"""One reading of the calendar-change token per request (calendars.one_token_per_request)."""
from .calendars import one_token_per_request


class CalendarTokenMiddleware:
    """A page or an intake asks for working calendars several times; within one request the newest
    calendar-change token is read once instead of at each call (2–6 queries less per officer request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_token_per_request():
            return self.get_response(request)
