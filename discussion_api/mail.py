"""Outgoing email: link-only messages through SMTP, or .eml files when no server is set."""

import logging
import re
import secrets
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import aiosmtplib
import anyio.from_thread
import anyio.to_thread

from .config import Settings

log = logging.getLogger("discussion_api.mail")
LINK = re.compile(r"https?://\S+")


class MailError(Exception):
    """The SMTP server refused the message or could not be reached."""


class Mailer:
    def __init__(self, settings: Settings):
        self.settings = settings

    async def send(self, to: str, subject: str, text: str) -> None:
        """Deliver one message; a delivery failure is logged, never shown to the requester."""
        message = EmailMessage()
        message["From"] = self.settings.mail_from
        message["To"] = to
        message["Subject"] = f"{self.settings.site_name}: {subject}"
        _set_text(message, text)
        try:
            await self.transmit(message)
        except MailError:
            log.exception(
                "could not send email through %s:%s", self.settings.smtp_host, self.settings.smtp_port
            )

    def compose(self, mail: dict[str, Any]) -> EmailMessage:
        """An outbox row as a message: its fixed Message-ID, and one-click unsubscribe
        (RFC 8058: List-Unsubscribe with an https link, and List-Unsubscribe-Post)."""
        message = EmailMessage()
        message["From"] = self.settings.mail_from
        message["To"] = mail["recipient"]
        message["Subject"] = f"{self.settings.site_name}: {mail['subject']}"
        message["Message-ID"] = mail["message_id"]
        message["Date"] = format_datetime(datetime.fromisoformat(mail["created_at"]))
        if mail["unsubscribe_url"]:
            message["List-Unsubscribe"] = f"<{mail['unsubscribe_url']}>"
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        _set_text(message, mail["body"])
        if mail["attachment"]:
            message.add_attachment(
                mail["attachment"].encode(),
                maintype="text",
                subtype="calendar",
                filename=mail["attachment_name"],
            )
        return message

    async def transmit(self, message: EmailMessage, *, log_links: bool = False) -> None:
        """Hand one message to SMTP (MailError if that fails), or with no SCN_SMTP_HOST
        write it as a .eml file and, with `log_links` (notification mail, whose links
        hold no sign-in or reset token), log each of its links for the operator."""
        if not self.settings.smtp_host:
            path = await anyio.to_thread.run_sync(self._write_file, message)
            log.info("no SCN_SMTP_HOST: email written to %s", path)
            body = message.get_body(("plain",)) if log_links else None
            for link in LINK.findall(body.get_content() if body else ""):
                log.info("link in email to %s: %s", message["To"], link)
            return
        try:
            await aiosmtplib.send(
                message,
                hostname=self.settings.smtp_host,
                port=self.settings.smtp_port,
                username=self.settings.smtp_username or None,
                password=self.settings.smtp_password or None,
                start_tls=True if self.settings.smtp_starttls else None,
                timeout=20,
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            raise MailError(str(error) or type(error).__name__) from error

    def deliver(self, to: str, subject: str, text: str) -> None:
        """`send` from a request handler's worker thread: the event loop sends, this waits."""
        anyio.from_thread.run(self.send, to, subject, text)

    def _write_file(self, message: EmailMessage) -> str:
        folder = self.settings.mail_dir
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = folder / f"{stamp}-{secrets.token_hex(4)}.eml"
        path.write_bytes(bytes(message))
        return str(path)


def _set_text(message: EmailMessage, text: str) -> None:
    # Links stay whole and readable in a .eml file or a plain mail reader: no
    # quoted-printable (`=3D`, soft line breaks) for our short, link-only messages.
    message.set_content(text, cte="7bit" if text.isascii() else "8bit")
