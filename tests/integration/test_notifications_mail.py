"""The notifications by e-mail (issue 11, R6): the nightly reminders, the
mail job queued on the real Redis, run by an RQ worker, received by a local
SMTP server (aiosmtpd) — a Vietnamese subject and the task's link, once."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.jobs.reminders import mail_digest_job, mail_pending_job
from app.models import AppUser, Notification, Task
from app.services import notifications as service
from app.services.flags import refresh_flags
from app.services.reminders import send_reminders
from tests.integration.test_mail import queue, smtp, work  # noqa: F401 - fixtures
from tests.integration.test_tracking_services import new_document, task_in

D = date(2017, 7, 4)  # a Tuesday; the tasks' deadline is Friday 30/06/2017
BASE = "https://chidao.daklak.gov.vn"
ADDRESS = "vanthu.krongpac@daklak.gov.vn"
PREFIX = "[Mục chỉ đạo điều hành] "


def krongpac():
    return db.session.scalar(select(AppUser).where(AppUser.username == "krongpac"))


@pytest.fixture
def reminded(app, ctx, monkeypatch):
    """Two overdue Krông Pắc tasks reminded on D; krongpac has an address."""
    monkeypatch.setitem(app.config, "APP_BASE_URL", BASE + "/")
    krongpac().email = ADDRESS
    db.session.commit()
    document = new_document()
    tasks = [task_in("accepted", document, lead="KRONGPAC").id for _ in range(2)]
    refresh_flags(D)
    send_reminders(D)
    mine = db.session.scalars(select(Notification).where(
        Notification.user_id == krongpac().id).order_by(Notification.id)).all()
    assert [(n.kind, n.task_id) for n in mine] == [("overdue", t) for t in tasks]
    return tasks


def received(inbox):
    """krongpac's mails (others told of the same tasks get theirs)."""
    out = []
    for envelope, message in inbox.received:
        if envelope.rcpt_tos != [ADDRESS]:
            continue
        text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        out.append((envelope.rcpt_tos, str(message["Subject"]), text))
    return out


def sentence(T, task_id):
    task = db.session.get(Task, task_id)
    return T("Task of %(document)s is %(days)s working days overdue (deadline %(deadline)s): "
             "%(content)s", document=task.document.number_symbol, days=2,
             deadline="30/06/2017", content=task.content)


def test_one_mail_at_once_with_the_vietnamese_subject_and_the_link(reminded, smtp, queue, T):
    service.save_settings(krongpac(), True, service.IMMEDIATE)
    [first, second] = reminded
    assert mail_pending_job() >= 1
    assert smtp.received == []  # queued, not sent in the job that composes it
    work(queue)
    [(to, subject, text)] = received(smtp)
    assert to == [ADDRESS]
    assert subject == PREFIX + "2 thông báo mới"
    assert re.findall(r"https://\S+", text) == [
        f"{BASE}/tasks/show/{first}", f"{BASE}/tasks/show/{second}",
        f"{BASE}/notifications/", f"{BASE}/notifications/settings"]
    assert text.startswith("Kính gửi đồng chí,\n")
    assert f"- {sentence(T, first)}\n  {BASE}/tasks/show/{first}\n" in text
    assert "đã quá hạn 2 ngày làm việc (hạn 30/06/2017)" in text
    # Again: nothing is mailed twice.
    sent = len(smtp.received)
    assert mail_pending_job() == 0
    work(queue)
    assert len(smtp.received) == sent


def test_a_single_notification_is_its_own_subject(reminded, smtp, queue, T):
    first = reminded[0]
    other = db.session.scalar(select(Notification).where(Notification.task_id == reminded[1]))
    service.mark_emailed([other.id])
    mail_pending_job()
    work(queue)
    [(_, subject, text)] = received(smtp)
    assert subject == PREFIX + sentence(T, first)
    assert subject.startswith("[Mục chỉ đạo điều hành] Nhiệm vụ theo văn bản ")
    assert re.findall(r"https://\S+/tasks/\S+", text) == [f"{BASE}/tasks/show/{first}"]


def test_a_digest_waits_for_the_morning_and_holds_everything(reminded, smtp, queue, T):
    service.save_settings(krongpac(), True, service.DIGEST)
    mail_pending_job()
    work(queue)
    assert received(smtp) == []
    assert mail_digest_job() == 1
    work(queue)
    [(to, subject, text)] = received(smtp)
    assert to == [ADDRESS]
    assert subject == PREFIX + "Tổng hợp thông báo trong ngày: 2"
    assert "Quá hạn (2):" in text
    for task_id in reminded:
        assert f"- {sentence(T, task_id)}\n  {BASE}/tasks/show/{task_id}\n" in text
    assert mail_digest_job() == 0 and mail_pending_job() == 0
    work(queue)
    assert len(received(smtp)) == 1


def test_email_off_sends_nothing(reminded, smtp, queue):
    service.save_settings(krongpac(), False, service.IMMEDIATE)
    mail_pending_job()
    mail_digest_job()
    work(queue)
    assert received(smtp) == []
    # Still in the centre.
    assert service.unread_count(krongpac()) == 2


def test_no_address_no_mail(reminded, smtp, queue):
    krongpac().email = ""
    db.session.commit()
    mail_pending_job()
    work(queue)
    assert [m for _, m in smtp.received if m["To"] == ""] == []
    assert received(smtp) == []
