"""Outgoing mail: SMTP when MAIL_SERVER is set, otherwise .eml files in the instance folder."""

import logging
import os
import smtplib
import ssl
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage

from flask import current_app, render_template, url_for

from .timeutil import utcnow

log = logging.getLogger(__name__)

# Headers folded at SMTP's 998-character limit, not 78: folding a Vietnamese display name or a
# long unsubscribe link into encoded words costs tens of milliseconds a message otherwise.
POLICY = policy.default.clone(max_line_length=998)


def public_url(endpoint: str, **values) -> str:
    """An absolute link for mail, on SITE_URL: config.load_config sets it in every environment
    (from SERVER_NAME, else what `make run` serves, outside production) and checks its scheme.

    Never the request's host, which a client can forge to poison the links we mail.
    """
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


def compose(
    to: str, subject: str, text: str, html: str | None = None, headers: dict | None = None
) -> EmailMessage:
    """A message from the site: plain text, and an HTML alternative when given."""
    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def send_mail(to: str, subject: str, template: str, **context) -> EmailMessage:
    """Render ``templates/email/<template>.txt`` and send it to one address."""
    message = compose(to, subject, render_template(f"email/{template}.txt", **context))
    with transport() as send:
        send(message)
    return message


@contextmanager
def transport() -> Iterator[Callable[[EmailMessage], object]]:
    """``with transport() as send: send(message)…``: one SMTP connection for many messages
    (or the mail folder when MAIL_SERVER is unset). SMTP errors propagate to the caller."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        yield lambda message: _write_file(message, config["MAIL_DIR"])
        return
    context = ssl.create_default_context()
    server: smtplib.SMTP  # SMTP_SSL is an SMTP that starts encrypted
    if config["MAIL_USE_SSL"]:
        server = smtplib.SMTP_SSL(
            config["MAIL_SERVER"], config["MAIL_PORT"], context=context, timeout=30
        )
    else:
        server = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30)
    with server:
        if not config["MAIL_USE_SSL"] and config.get("MAIL_USE_TLS", True):
            server.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            server.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        yield lambda message: server.send_message(message)


def _write_file(message: EmailMessage, folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"  # sorts in sending order
    path = os.path.join(folder, name)
    with open(path, "wb") as fh:
        fh.write(bytes(message))
    log.info("mail to %s (%s) written to %s", message["To"], message["Subject"], path)
