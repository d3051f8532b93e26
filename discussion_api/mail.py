"""Outgoing email: link-only messages through SMTP, or .eml files when no server is set."""

import logging
import secrets
from datetime import UTC, datetime
from email.message import EmailMessage

import aiosmtplib
import anyio.from_thread
import anyio.to_thread

from .config import Settings

log = logging.getLogger("discussion_api.mail")


class Mailer:
    def __init__(self, settings: Settings):
        self.settings = settings

    async def send(self, to: str, subject: str, text: str) -> None:
        """Deliver one message; a delivery failure is logged, never shown to the requester."""
        message = EmailMessage()
        message["From"] = self.settings.mail_from
        message["To"] = to
        message["Subject"] = f"{self.settings.site_name}: {subject}"
        # Links stay whole and readable in a .eml file or a plain mail reader: no
        # quoted-printable (`=3D`, soft line breaks) for our short, link-only messages.
        message.set_content(text, cte="7bit" if text.isascii() else "8bit")
        if not self.settings.smtp_host:
            path = await anyio.to_thread.run_sync(self._write_file, message)
            log.info("no SCN_SMTP_HOST: email written to %s", path)
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
        except (aiosmtplib.SMTPException, OSError):
            log.exception(
                "could not send email through %s:%s", self.settings.smtp_host, self.settings.smtp_port
            )

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
