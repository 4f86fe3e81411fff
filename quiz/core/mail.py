"""Outgoing mail through one small interface: ``send(to, subject, body)``.

Messages are handed to the job queue (``quiz.core.queue``) so a request never waits on a mail
server: with ``MAIL_REDIS_URL`` (or ``REDIS_URL``) set, each message is an RQ job on the ``mail``
queue and survives a web process stopping; without Redis a thread in this process sends it.
The default backend writes each message as an ``.eml`` file under ``instance/mail/`` (tests and
developers read them there); when ``MAIL_SERVER`` is set, messages go out over SMTP.
"""

from __future__ import annotations

import re
import smtplib
import uuid
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

from quiz.core import queue
from quiz.models.base import utcnow
from quiz.security import limits

_KEY = "quiz.core.mail"

QUEUE = "mail"
_HEADER_BREAKS = re.compile(r"[\x00-\x1f\x7f]+")
# A message that could not be sent is tried again after these seconds (RQ's scheduler), then
# stays in the queue's failed-job registry.
RETRY_SECONDS = (60, 300, 1800)


class Backend(Protocol):
    """Delivers one message; runs on the worker thread, never in a request."""

    def deliver(self, message: EmailMessage) -> None:
        """Send ``message`` or raise."""


@dataclass(frozen=True)
class FileBackend:
    """Writes each message to ``directory`` as ``<time>-<random>.eml``."""

    directory: Path

    def deliver(self, message: EmailMessage) -> None:
        """Write the message file (atomically, so readers never see half a message)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow().strftime('%Y%m%dT%H%M%S%f')}-{uuid.uuid4().hex[:8]}.eml"
        partial = self.directory / f".{name}.part"
        partial.write_bytes(message.as_bytes())
        partial.replace(self.directory / name)


@dataclass(frozen=True)
class SMTPBackend:
    """Sends through an SMTP server, with STARTTLS and log-in when configured."""

    host: str
    port: int
    username: str
    password: str
    use_tls: bool
    timeout: float = 30.0

    def deliver(self, message: EmailMessage) -> None:
        """Open a connection, send, close."""
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.use_tls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)


def backend_for(app: Flask) -> Backend:
    """The backend the app's settings select."""
    cfg = app.config
    if cfg.get("MAIL_SERVER"):
        return SMTPBackend(
            cfg["MAIL_SERVER"],
            int(cfg["MAIL_PORT"]),
            cfg["MAIL_USERNAME"],
            cfg["MAIL_PASSWORD"],
            bool(cfg["MAIL_USE_TLS"]),
        )
    return FileBackend(Path(cfg.get("MAIL_DIR") or Path(app.instance_path) / "mail"))


def init_app(app: Flask) -> None:
    """Choose the app's backend once."""
    app.extensions[_KEY] = backend_for(app)


def redis_url(app: Flask) -> str | None:
    """The Redis whose ``mail`` queue carries the app's messages, if any."""
    return queue.redis_url(app, QUEUE)


def send(to: str, subject: str, body: str) -> None:
    """Queue a plain-text message to ``to``; returns at once."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = _HEADER_BREAKS.sub(" ", subject)  # a name saved with a line break
    message.set_content(body)
    queue.enqueue(
        "quiz.core.mail.deliver",
        message.as_bytes(),
        queue=QUEUE,
        retry=RETRY_SECONDS,
        timeout=120,
        keep_result=False,  # a sent message leaves nothing behind in Redis
    )


def deliver(raw: bytes) -> None:
    """Send one queued message (``raw``: its bytes) with the app's backend: a job."""
    message = message_from_bytes(raw, _class=EmailMessage, policy=policy.default)
    current_app.extensions[_KEY].deliver(message)


class QuotaExceeded(Exception):
    """Sending would pass an hourly mail quota; ``str()`` says which and how many are left."""


def reserve(org_id: int, member_id: int, count: int) -> None:
    """Count ``count`` messages a member of an organisation is about to send to addresses
    someone typed (roster invitations, candidate invitations, reminders) against the hourly
    quotas ``org_mail`` (per organisation) and ``member_mail`` (per member). Raises
    ``QuotaExceeded``, counting nothing, when either would be passed: the caller then saves
    and sends nothing."""
    full = limits.spend(
        [("org_mail", f"org:{org_id}"), ("member_mail", f"user:{member_id}")], count
    )
    if full is None:
        return
    which, left = full
    who = ("your organisation", "you")[which]
    raise QuotaExceeded(
        f"This would send {count} email(s), but {who} can send {left} more this hour "
        "(a limit against mail abuse). Send fewer, or try again later."
    )


def wait_until_sent(timeout: float = 10.0) -> bool:
    """Block until every message queued on this process's thread was handled (tests, CLI
    commands before exiting); messages on Redis are the RQ worker's."""
    return queue.wait_until_idle(timeout)
