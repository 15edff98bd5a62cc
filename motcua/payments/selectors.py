"""What the citizen's dossier page shows of online payment (decision 0042)."""
from motcua.dossiers.models import Dossier

from .models import OrderStatus, PaymentOrder
from .services import may_pay_online, requested_amount


def payment_panel(user, dossier: Dossier) -> dict:
    """Whether the citizen may pay online now, how much, and the receipts of what was paid."""
    orders = list(PaymentOrder.objects.filter(dossier=dossier).order_by("created_at", "id"))
    can_pay = may_pay_online(user, dossier)
    return {
        "can_pay": can_pay, "amount": requested_amount(dossier) if can_pay else None, "orders": orders,
        "paid": [o for o in orders if o.status in (OrderStatus.PAID, OrderStatus.REFUNDED)],
        "pending": any(o.status == OrderStatus.PENDING for o in orders),
    }
