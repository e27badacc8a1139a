"""E-mail: the service against a real local SMTP server (aiosmtpd), the job
through a real Redis queue, retries on a dead server, and the embedded mode
that only logs."""
import logging
import os
import re
import socket
import subprocess
import sys
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job, JobStatus

from app.jobs.mail import RETRY_INTERVALS, enqueue_mail, send_mail_job
from app.runtime.redis_conn import get_queue
from app.services.mail import mail_configured, send_message

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
TO = "sotttt@daklak.gov.vn"
SUBJECT = ("Nhiệm vụ quá hạn: Báo cáo tình hình triển khai Đề án 06 về phát triển ứng dụng "
           "dữ liệu dân cư — Sở Thông tin và Truyền thông")
LINK = "https://chidao.daklak.gov.vn/tasks/4217?tab=updates&from=mail#cap-nhat"
# ASCII: smtplib encodes AUTH credentials as ASCII.
PASSWORD = "Mat-khau#2016"
TEXT = (f"Kính gửi Sở Thông tin và Truyền thông,\n\nNhiệm vụ đã quá hạn 3 ngày làm việc. "
        f"Xem và cập nhật tiến độ tại:\n{LINK}\n\nTrân trọng.")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.received = []  # (envelope, parsed message)
        self.logins = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope, message_from_bytes(envelope.content,
                                                           policy=policy.default)))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == PASSWORD.encode())


def start_server(port=None, auth=False):
    inbox = Inbox()
    kwargs = {"authenticator": inbox.authenticate, "auth_require_tls": False} if auth else {}
    controller = Controller(inbox, hostname="127.0.0.1", port=port or free_port(), **kwargs)
    controller.start()
    return inbox, controller


@pytest.fixture
def smtp(app, monkeypatch):
    inbox, controller = start_server()
    for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port,
                       "MAIL_USE_TLS": False, "MAIL_USE_SSL": False, "MAIL_USERNAME": "",
                       "MAIL_PASSWORD": "", "MAIL_TIMEOUT": 5}.items():
        monkeypatch.setitem(app.config, key, value)
    yield inbox
    controller.stop()


@pytest.fixture
def queue(app):
    """The app's queue and registries, emptied before and after: a job left
    behind would run in another test's worker."""
    def clear(q):
        q.empty()
        for registry in (q.scheduled_job_registry, q.failed_job_registry,
                         q.finished_job_registry):
            for job_id in registry.get_job_ids():
                registry.remove(job_id, delete_job=True)

    with app.app_context():
        q = get_queue()
        clear(q)
        yield q
        clear(q)


def work(q):
    SimpleWorker([q], connection=q.connection).work(burst=True)


def retry_now(q, job):
    """What the scheduler does once the retry interval has passed."""
    job.refresh()
    q.scheduled_job_registry.remove(job)
    q.enqueue_job(job)


def test_a_vietnamese_subject_and_a_link_arrive_exactly(ctx, smtp):
    assert mail_configured()
    assert send_message(TO, SUBJECT, TEXT, html=f'<p><a href="{LINK}">Xem nhiệm vụ</a></p>') is True
    [(envelope, message)] = smtp.received
    assert envelope.rcpt_tos == [TO] and envelope.mail_from == "noreply@daklak.gov.vn"
    # Every byte on the wire is 7-bit: the subject as RFC 2047 words.
    assert envelope.content.isascii()
    assert b"Subject: =?utf-8?" in envelope.content
    assert message["Subject"] == SUBJECT
    assert message["From"].addresses[0].display_name == "Mục chỉ đạo điều hành"
    assert message["Message-ID"].endswith("@daklak.gov.vn>")
    text = message.get_body(("plain",)).get_content()
    assert text.replace("\r\n", "\n").rstrip("\n") == TEXT
    assert re.findall(r"https://\S+", text) == [LINK]
    html = message.get_body(("html",)).get_content()
    assert re.findall(r'href="([^"]+)"', html) == [LINK]


def test_several_recipients_and_a_subject_on_one_line(ctx, smtp):
    send_message([TO, "vanphong@daklak.gov.vn"], "Nhắc việc:\n  hạn\r\nhôm nay", "Nội dung")
    [(envelope, message)] = smtp.received
    assert envelope.rcpt_tos == [TO, "vanphong@daklak.gov.vn"]
    assert message["Subject"] == "Nhắc việc: hạn hôm nay"
    assert message.get_body(("plain",)).get_content().strip() == "Nội dung"


def test_login_and_no_password_in_the_log(app, ctx, smtp, monkeypatch, caplog):
    inbox, controller = start_server(auth=True)
    try:
        monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
        monkeypatch.setitem(app.config, "MAIL_USERNAME", "chidao")
        monkeypatch.setitem(app.config, "MAIL_PASSWORD", PASSWORD)
        with caplog.at_level(logging.DEBUG):
            send_message(TO, SUBJECT, TEXT)
            assert len(inbox.received) == 1
            monkeypatch.setitem(app.config, "MAIL_PASSWORD", "wrong")
            with pytest.raises(Exception):
                send_message(TO, SUBJECT, TEXT)
    finally:
        controller.stop()
    assert inbox.logins == [("chidao", PASSWORD), ("chidao", "wrong")]
    assert len(inbox.received) == 1
    assert PASSWORD not in caplog.text


def test_starttls_required_but_not_offered_sends_nothing(app, ctx, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", True)
    with pytest.raises(Exception, match="(?i)starttls"):
        send_message(TO, SUBJECT, TEXT)
    assert smtp.received == []


def test_the_job_runs_in_a_worker_not_in_the_request(ctx, smtp, queue):
    job = enqueue_mail(TO, SUBJECT, TEXT)
    assert job.func_name == "app.jobs.mail.send_mail_job"
    assert job.description == f"mail to {TO}: {SUBJECT}"
    assert (job.retries_left, job.retry_intervals) == (3, RETRY_INTERVALS)
    assert smtp.received == []  # only queued
    work(queue)
    assert Job.fetch(job.id, connection=queue.connection).get_status() == JobStatus.FINISHED
    [(_, message)] = smtp.received
    assert message["Subject"] == SUBJECT
    assert re.findall(r"https://\S+", message.get_body(("plain",)).get_content()) == [LINK]


def test_a_dead_server_fails_the_job_which_is_retried_until_it_is_back(app, ctx, smtp, queue,
                                                                       monkeypatch, caplog):
    port = free_port()  # nothing listens there
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    job = enqueue_mail(TO, SUBJECT, TEXT)
    for retries_left in (2, 1, 0):
        work(queue)
        job.refresh()
        assert job.get_status() == JobStatus.SCHEDULED
        assert job.retries_left == retries_left
        assert job.id in queue.scheduled_job_registry
        retry_now(queue, job)
    assert caplog.text.count("ConnectionRefusedError") >= 3
    # The server is back for the last attempt.
    inbox, controller = start_server(port)
    try:
        work(queue)
    finally:
        controller.stop()
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    assert [m["Subject"] for _, m in inbox.received] == [SUBJECT]


def test_retries_exhausted_leave_the_job_failed(app, ctx, smtp, queue, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    job = enqueue_mail(TO, SUBJECT, TEXT)
    for _ in range(len(RETRY_INTERVALS)):
        work(queue)
        retry_now(queue, job)
    work(queue)
    assert job.get_status(refresh=True) == JobStatus.FAILED
    assert job.id in queue.failed_job_registry
    assert job.id not in queue.scheduled_job_registry


def test_an_unreachable_redis_drops_the_mail_with_a_warning(app, ctx, monkeypatch, caplog):
    dead = Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=1)
    with caplog.at_level(logging.WARNING, logger="app.jobs.mail"):
        assert enqueue_mail(TO, SUBJECT, TEXT, queue=Queue("default", connection=dead)) is None
        monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
        assert enqueue_mail(TO, SUBJECT, TEXT) is None
    warnings = [r for r in caplog.records if r.name == "app.jobs.mail"]
    assert len(warnings) == 2 and all(r.levelno == logging.WARNING for r in warnings)
    assert TO in warnings[0].getMessage()


def test_the_embedded_mode_logs_and_sends_nothing(app, ctx, smtp, queue, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    assert not mail_configured()
    with caplog.at_level(logging.INFO, logger="app.mail"):
        job = enqueue_mail(TO, SUBJECT, TEXT)
        work(queue)
    assert job.return_value(refresh=True) is False
    assert smtp.received == []
    [record] = [r for r in caplog.records if r.name == "app.mail"]
    assert record.levelno == logging.INFO
    assert TO in record.getMessage() and SUBJECT in record.getMessage()
    assert LINK in record.getMessage()
    # Directly too (the job is the only caller; this is what it runs).
    assert send_mail_job(TO, SUBJECT, TEXT) is False


def test_the_embedded_mode_log_shows_in_a_real_rq_worker(app, queue):
    """A real `rq worker` sets no logging up for app.mail: the line must still
    reach its output, the only trace of the mail in `make run`."""
    with app.app_context():
        job = enqueue_mail(TO, SUBJECT, TEXT)
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               REDIS_URL=app.config["REDIS_URL"], INSTANCE_DIR=app.config["INSTANCE_DIR"],
               MAIL_SERVER="", PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "rq.cli", "worker", "--burst", "--url", app.config["REDIS_URL"],
         app.config["RQ_QUEUE"]], cwd=ROOT, env=env, capture_output=True, text=True,
        encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert job.get_status(refresh=True) == JobStatus.FINISHED, result.stderr
    assert f"to={TO} subject={SUBJECT}" in result.stderr
    assert LINK in result.stderr
