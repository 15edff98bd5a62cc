"""Paging of API lists: `{count, next, previous, results}`."""
from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from motcua.common.errors import ValidationFailed


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


# A count past this is not counted: the list answers `count: 1000, count_capped: true` (decision 0028).
COUNT_CAP = 1_000


class KeysetPagination(Pagination):
    """Paging of a list that grows with history, newest first (`-id`), in the shape of the others
    (`{count, next, previous, results}`) plus `count_capped`, at a cost that does not grow with it:

    - `next` is a keyset link (`after=<id of the last row>`): the page after it reads from that id down,
      never past an offset, so a deep page costs what the first does, and rows added meanwhile neither
      repeat nor push rows off a page;
    - `page=N` (how these lists were paged before) still answers, by offset, for existing clients;
    - `count` is exact up to COUNT_CAP; past it the list says COUNT_CAP with `count_capped: true`.
    """

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request) or 50
        after = request.query_params.get("after")
        page = request.query_params.get(self.page_query_param)
        counted = queryset.order_by()[: COUNT_CAP + 1].count()
        self.count, self.count_capped = min(counted, COUNT_CAP), counted > COUNT_CAP
        self.page_number = 1
        qs = queryset.order_by("-id")
        start = 0
        if after:
            if not after.isdigit():
                raise ValidationFailed(_("“after” phải là mã số (id) của hồ sơ cuối trang trước."), field="after")
            qs = qs.filter(pk__lt=int(after))
            self.page_number = None
        elif page:
            if not page.isdigit() or int(page) < 1:
                raise ValidationFailed(_("“page” phải là số nguyên dương."), field="page")
            self.page_number = int(page)
            start = (self.page_number - 1) * self.page_size
        rows = list(qs[start:start + self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        self.rows = rows[: self.page_size]
        return self.rows

    def get_next_link(self):
        if not self.has_next:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, "after", self.rows[-1].pk)

    def get_previous_link(self):
        # Keyset pages go forward; a `page=N` page still links back to N-1.
        if not self.page_number or self.page_number <= 1:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.page_number - 1)

    def get_paginated_response(self, data):
        return Response({
            "count": self.count, "count_capped": self.count_capped,
            "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data,
        })
