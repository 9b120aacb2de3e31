"""Sent-mail bookkeeping is kept at most MENTOR_NOTIFICATION_RETENTION_DAYS (services/notifications.purge_old):
every sending run deletes a bounded batch of older sent, failed and skipped rows; the safety-net
command deletes all of them. Mail still waiting is never deleted, however old."""
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.models import Notification
from mentor_xblock.services import notifications
from mentor_xblock.services.notifications import purge_old, send_due


def row(n: int, state: str, days_ago: float) -> Notification:
    return Notification.objects.create(
        course_key=DEV_COURSE_KEY, recipient_id=f"someone-{n}", kind="reply", item_key=f"reply:{n}",
        context={"author": "Ada", "excerpt": "words"}, state=state, due_at=timezone.now() - timedelta(days=days_ago),
    )


def left() -> list[str]:
    return sorted(Notification.objects.values_list("item_key", flat=True))


def test_old_rows_go_when_mail_is_sent_and_waiting_mail_stays(db):
    for n, state in enumerate((Notification.SENT, Notification.FAILED, Notification.SKIPPED)):
        row(n, state, days_ago=91)
    row(3, Notification.SENT, days_ago=89)  # within the 90 days
    row(4, Notification.PENDING, days_ago=-1)  # a digest item that waits (created long ago or not)
    Notification.objects.filter(item_key="reply:4").update(created_at=timezone.now() - timedelta(days=200))
    send_due()
    assert left() == ["reply:3", "reply:4"]
    with override_settings(MENTOR_NOTIFICATION_RETENTION_DAYS=30):
        send_due()
    assert left() == ["reply:4"]


def test_a_sending_run_deletes_a_bounded_batch_and_the_command_the_rest(db, monkeypatch):
    monkeypatch.setattr(notifications, "RETENTION_BATCH", 2)
    for n in range(9):
        row(n, Notification.SENT, days_ago=120)
    assert purge_old(limit=2) == 2 and len(left()) == 7
    send_due()
    assert len(left()) == 5
    out = StringIO()
    call_command("mentor_send_digests", stdout=out)
    assert left() == [] and "3 sent or failed notifications older than the retention period" in out.getvalue()
