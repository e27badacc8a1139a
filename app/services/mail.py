"""E-mail over SMTP, configured by the ``MAIL_*`` settings.

Without ``MAIL_SERVER`` (the embedded mode, ``make run``) a message is written
to the "app.mail" log instead of being sent. SMTP errors propagate: the mail
job's retries handle them. Callers in a web request enqueue
(``app.jobs.mail.enqueue_mail``); only the job calls ``send_message``.
"""
import logging
import smtplib
import ssl
from email import policy
from email.header import Header
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from flask import current_app

log = logging.getLogger("app.mail")
# Bodies in quoted-printable or base64, never raw 8-bit: smtplib does not
# declare 8BITMIME, and a 7-bit relay would mangle raw UTF-8.
SEVEN_BIT = policy.SMTP.clone(cte_type="7bit")


def _log_visibly():
    """An ``rq worker`` configures no logging for us: the root logger's
    WARNING would drop these INFO lines silently, and in the embedded mode
    they are the only trace of the mail. Logging configured elsewhere wins."""
    if log.level == logging.NOTSET:
        log.setLevel(logging.INFO)
    if not log.hasHandlers():
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        log.addHandler(handler)


def mail_configured():
    return bool(current_app.config.get("MAIL_SERVER"))


class EncodedHeader(str):
    """A header whose RFC 2047 words are made by ``email.header.Header``.

    Python 3.11's EmailMessage folds a long non-ASCII header between two
    encoded words at a space and drops that space ("Nhiệmvụ" in a Vietnamese
    subject): Header keeps each space inside an encoded word. The policy
    takes an object with ``name`` and ``fold`` as a header ready to write."""

    def __new__(cls, name, value):
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, policy):
        charset = "us-ascii" if self.isascii() else "utf-8"
        encoded = Header(str(self), charset, header_name=self.name).encode(
            linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"


def build_message(to, subject, text, html=None):
    """A UTF-8 message: EmailMessage encodes non-ASCII headers (RFC 2047) and
    bodies itself. ``to`` is an address or a list of them."""
    config = current_app.config
    message = EmailMessage(policy=SEVEN_BIT)
    message["From"] = config["MAIL_FROM"]
    message["To"] = to if isinstance(to, str) else ", ".join(to)
    # A subject built from task text may hold line breaks, which a header
    # must not (EmailMessage refuses them): one line, never a failing job.
    message["Subject"] = EncodedHeader("Subject", " ".join(subject.split()))
    message["Date"] = formatdate(localtime=True)
    # The sender's domain: without one make_msgid asks DNS for this host's name.
    domain = parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2]
    message["Message-ID"] = make_msgid(domain=domain or None)
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def _connect(config):
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        return smtplib.SMTP_SSL(host, port, timeout=timeout,
                                context=ssl.create_default_context())
    smtp = smtplib.SMTP(host, port, timeout=timeout)
    if config["MAIL_USE_TLS"]:
        try:
            # Raises when the server offers no STARTTLS: never fall back to
            # sending the password and the message in clear.
            smtp.starttls(context=ssl.create_default_context())
        except BaseException:
            smtp.close()
            raise
    return smtp


def send_message(to, subject, text, html=None):
    """Send one message; True when handed to the SMTP server, False when only
    logged (no ``MAIL_SERVER``)."""
    message = build_message(to, subject, text, html)
    config = current_app.config
    _log_visibly()
    if not mail_configured():
        log.info("MAIL_SERVER unset, not sent: to=%s subject=%s\n%s",
                 message["To"], message["Subject"], text)
        return False
    with _connect(config) as smtp:
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
    log.info("mail sent: to=%s subject=%s", message["To"], message["Subject"])
    return True
