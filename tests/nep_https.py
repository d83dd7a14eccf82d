"""A local HTTPS test server for the berichten transport, with a CA, a server and a client certificate
made at test time with openssl; it requires the client certificate (mutual TLS)."""

import http.server
import json
import ssl
import subprocess
import threading
from pathlib import Path


def maak_certificaten(map_: Path) -> dict:
    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=map_)

    run(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Test CA",
    )
    for naam, cn in (("server", "127.0.0.1"), ("client", "gemeente")):
        run(
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            f"{naam}.key",
            "-out",
            f"{naam}.csr",
            "-subj",
            f"/CN={cn}",
        )
        (map_ / f"{naam}.ext").write_text(
            "subjectAltName=IP:127.0.0.1\n" if naam == "server" else "extendedKeyUsage=clientAuth\n"
        )
        run(
            "x509",
            "-req",
            "-in",
            f"{naam}.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            f"{naam}.pem",
            "-days",
            "2",
            "-extfile",
            f"{naam}.ext",
        )
    return {
        k: str(map_ / v)
        for k, v in {
            "ca": "ca.pem",
            "cert": "client.pem",
            "key": "client.key",
            "server_cert": "server.pem",
            "server_key": "server.key",
        }.items()
    }


class NepHttps:
    def __init__(self, cert: dict):
        self.uit: dict[str, bytes] = {}
        self.in_: dict[str, bytes] = {}
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _antwoord(self, status, body=b""):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_PUT(self):
                naam = self.path.removeprefix("/uit/")
                inhoud = self.rfile.read(int(self.headers["Content-Length"]))
                if naam in server.uit:
                    return self._antwoord(200 if server.uit[naam] == inhoud else 409)
                server.uit[naam] = inhoud
                self._antwoord(201)

            def do_GET(self):
                if self.path == "/in/":
                    return self._antwoord(200, json.dumps(sorted(server.in_)).encode())
                naam = self.path.removeprefix("/in/")
                self._antwoord(200, server.in_[naam]) if naam in server.in_ else self._antwoord(404)

            def do_DELETE(self):
                server.in_.pop(self.path.removeprefix("/in/"), None)
                self._antwoord(204)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=cert["ca"])
        context.load_cert_chain(cert["server_cert"], cert["server_key"])
        context.verify_mode = ssl.CERT_REQUIRED
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self):
        self.httpd.shutdown()
