#!/usr/bin/python3
"""A real SMTP server for Mamori's mail tests and benchmark (Debian: python3-aiosmtpd).

It offers STARTTLS (required before AUTH and MAIL) with the given certificate, accepts one login, and keeps every
message it accepts as DIR/NNNNNN.eml, appending "<arrival ns> <recipient> <message-id>" to DIR/arrivals.log.
With --delay, it waits that many seconds before accepting each message (to kill a sender mid-send).

    smtp-sink.py --port 2525 --dir /tmp/mail --cert server.pem --key server.key --user mamori --password secret
"""
import argparse, asyncio, os, signal, ssl, threading, time
from email import message_from_bytes
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
for name in ("--dir", "--cert", "--key", "--user", "--password"):
    parser.add_argument(name, required=True)
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--delay", type=float, default=0)
options = parser.parse_args()
lock = threading.Lock()

class Keep:
    def __init__(self):
        self.count = len([name for name in os.listdir(options.dir) if name.endswith(".eml")])

    async def handle_DATA(self, server, session, envelope):
        if options.delay:
            await asyncio.sleep(options.delay)
        with lock:
            self.count += 1
            number = self.count
        content = envelope.original_content or envelope.content
        message_id = message_from_bytes(content).get("Message-ID", "-")
        path = os.path.join(options.dir, "%06d.eml" % number)
        with open(path + ".part", "wb") as file:
            file.write(content)
        os.rename(path + ".part", path)
        with lock, open(os.path.join(options.dir, "arrivals.log"), "a") as log:
            for recipient in envelope.rcpt_tos:
                log.write("%d %s %s\n" % (time.time_ns(), recipient, message_id))
        return "250 kept"

def authenticate(server, session, envelope, mechanism, data):
    good = isinstance(data, LoginPassword) and data.login.decode() == options.user and data.password.decode() == options.password
    return AuthResult(success=good, handled=False)

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(options.cert, options.key)
controller = Controller(Keep(), hostname="127.0.0.1", port=options.port, tls_context=context, require_starttls=True,
                        auth_required=True, auth_require_tls=True, authenticator=authenticate)
controller.start()
print("listening on 127.0.0.1:%d" % options.port, flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
