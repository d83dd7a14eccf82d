"""A local fake clamd for tests: speaks the INSTREAM protocol of ClamAV's daemon on 127.0.0.1 and
reports the EICAR test signature as found, everything else as OK."""

import socketserver
import struct
import threading

from toegang.virusscan import EICAR


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        verzoek = b""
        while not verzoek.endswith(b"\0"):
            verzoek += self.request.recv(1)
        assert verzoek == b"zINSTREAM\0", verzoek
        inhoud = b""
        while True:
            lengte = struct.unpack("!L", self._lees(4))[0]
            if lengte == 0:
                break
            inhoud += self._lees(lengte)
        self.server.gescand.append(len(inhoud))
        antwoord = b"stream: Eicar-Signature FOUND\0" if EICAR in inhoud else b"stream: OK\0"
        self.request.sendall(antwoord)

    def _lees(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            deel = self.request.recv(n - len(data))
            if not deel:
                raise ConnectionError("verbinding verbroken")
            data += deel
        return data


class NepClamd(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.gescand: list[int] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"clamd://127.0.0.1:{self.server_address[1]}"
