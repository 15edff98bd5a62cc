"""URL wiring of the REST API, version 1. Serializers and views live with their domain apps."""
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from motcua.accounts.api import MeView, TokenView
from motcua.catalog.api import ProcedureDetailView, ProcedureListView
from motcua.dossiers.api import DossierActionView, DossierDetailView, DossierFormView, DossierListView
from motcua.evaluation.api import EvaluationStatsView
from motcua.feedback.api import FeedbackCreateView, FeedbackDetailView, FeedbackRatingView
from motcua.forms.api import IntakeSlipListView, IntakeSlipPdfView
from motcua.frontdesk.api import CounterActionView, CounterListView, QueueFiguresView, TicketCreateView
from motcua.lookup.views import LookupView
from motcua.notify.receipts import sms_receipt, zalo_receipt
from motcua.stats.api import Decision766View, StatsView
from motcua.units.api import UnitListView
from motcua.workdays.api import CalendarDueView, CalendarYearView

app_name = "api"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("auth/token", TokenView.as_view(), name="token"),
    path("auth/me", MeView.as_view(), name="me"),
    path("units", UnitListView.as_view(), name="units"),
    path("procedures", ProcedureListView.as_view(), name="procedures"),
    path("procedures/<str:code>", ProcedureDetailView.as_view(), name="procedure"),
    path("dossiers", DossierListView.as_view(), name="dossiers"),
    path("dossiers/<str:code>", DossierDetailView.as_view(), name="dossier"),
    path("dossiers/<str:code>/actions", DossierActionView.as_view(), name="dossier-actions"),
    path("dossiers/<str:code>/forms/<str:number>", DossierFormView.as_view(), name="dossier-form"),
    path("intake-slips", IntakeSlipListView.as_view(), name="intake-slips"),
    path("intake-slips/<int:pk>/pdf", IntakeSlipPdfView.as_view(), name="intake-slip-pdf"),
    path("calendar/due", CalendarDueView.as_view(), name="calendar-due"),
    path("calendar/<int:year>", CalendarYearView.as_view(), name="calendar-year"),
    path("lookup/<str:code>", LookupView.as_view(), name="lookup"),
    path("queue/tickets", TicketCreateView.as_view(), name="queue-tickets"),
    path("queue/counters", CounterListView.as_view(), name="queue-counters"),
    *[
        path(f"queue/counters/<int:pk>/{action}", CounterActionView.as_view(action=action), name=f"queue-counter-{action}")
        for action in ("call", "recall", "skip", "serve", "open", "close")
    ],
    path("queue/figures", QueueFiguresView.as_view(), name="queue-figures"),
    path("stats", StatsView.as_view(), name="stats"),
    path("stats/decision766", Decision766View.as_view(), name="stats-decision766"),
    path("stats/evaluation", EvaluationStatsView.as_view(), name="stats-evaluation"),
    path("feedback", FeedbackCreateView.as_view(), name="feedback"),
    path("feedback/<str:code>", FeedbackDetailView.as_view(), name="feedback-detail"),
    path("feedback/<str:code>/rating", FeedbackRatingView.as_view(), name="feedback-rating"),
    path("notify/receipts/sms", sms_receipt, name="notify-receipt-sms"),  # delivery receipts (ADR 0046)
    path("notify/receipts/zalo", zalo_receipt, name="notify-receipt-zalo"),
]
