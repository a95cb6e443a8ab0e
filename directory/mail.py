"""Outgoing mail: SMTP when MAIL_SERVER is set, otherwise .eml files in the instance folder."""

import logging
import os
import smtplib
import ssl
import uuid
from email.message import EmailMessage

from flask import current_app, render_template, url_for

from .timeutil import utcnow

log = logging.getLogger(__name__)


def public_url(endpoint: str, **values) -> str:
    """An absolute link for mail: SITE_URL, else SERVER_NAME, else what `make run` serves.

    Never the request's host, which a client can forge to poison the links we mail.
    """
    config = current_app.config
    base = config.get("SITE_URL") or config.get("SERVER_NAME") or "127.0.0.1:5000"
    if "://" not in base:
        base = f"{config['PREFERRED_URL_SCHEME']}://{base}"
    return base.rstrip("/") + url_for(endpoint, **values)


def send_mail(to: str, subject: str, template: str, **context) -> EmailMessage:
    """Render ``templates/email/<template>.txt`` and send it to one address."""
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message.set_content(render_template(f"email/{template}.txt", **context))

    if config.get("MAIL_SERVER"):
        _send_smtp(message, config)
    else:
        _write_file(message, config["MAIL_DIR"])
    return message


def _send_smtp(message: EmailMessage, config) -> None:
    context = ssl.create_default_context()
    if config["MAIL_USE_SSL"]:
        server = smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"], context=context)
    else:
        server = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"])
    with server:
        if not config["MAIL_USE_SSL"]:
            server.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            server.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        server.send_message(message)


def _write_file(message: EmailMessage, folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"  # sorts in sending order
    path = os.path.join(folder, name)
    with open(path, "wb") as fh:
        fh.write(bytes(message))
    log.info("mail to %s (%s) written to %s", message["To"], message["Subject"], path)
