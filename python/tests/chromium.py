"""A headless Chromium driven through the DevTools protocol (python3-websocket), for the
explorer's browser test: open a page, evaluate scripts, press keys, take screenshots, and keep
every network request and console message the page made."""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket


class Chromium:
    """One headless Chromium with one page, at a device scale of 1."""

    def __init__(self, width=1400, height=1000, dark=False):
        self.binary = shutil.which("chromium")
        if self.binary is None:
            raise RuntimeError("no chromium on PATH: run scripts/setup.sh (Debian's chromium package)")
        self.profile = tempfile.mkdtemp(prefix="flipbook-chromium-")
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        flags = ["--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--mute-audio",
                 "--remote-debugging-port=0", f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
                 "--force-device-scale-factor=1", "--hide-scrollbars", "about:blank"]
        if os.geteuid() == 0:
            flags.insert(0, "--no-sandbox")          # Chromium refuses to run as root with its sandbox (CI runs as root)
        self.process = subprocess.Popen([self.binary, *flags], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while not os.path.exists(port_file) or len(open(port_file).read().split()) < 2:
            if time.time() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start its DevTools server")
            time.sleep(0.05)
        port = open(port_file).read().split()[0]
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
        page = next(p for p in pages if p["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.requests, self.console, self.exceptions = [], [], []
        self.loads = 0                                  # load events seen (Page.loadEventFired)
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        self.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}])

    def _event(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Page.loadEventFired":
            self.loads += 1
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled":
            self.console.append((params["type"], " ".join(str(a.get("value", a.get("description"))) for a in params["args"])))
        elif method == "Log.entryAdded":
            self.console.append((params["entry"]["level"], params["entry"]["text"]))
        elif method == "Runtime.exceptionThrown":
            self.exceptions.append(params["exceptionDetails"].get("exception", {}).get("description", str(params)))

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self._event(message)

    def evaluate(self, expression):
        """The value of `expression` (awaited when it is a promise)."""
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, seconds=20, showing=None):
        """Waits until `expression` is truthy; returns its value. On a timeout the error says
        what `showing` (an expression) was then, for the page's state."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        seen = f"; {showing} was {self.evaluate(showing)!r}" if showing else ""
        raise TimeoutError(f"waited {seconds} s for {expression}{seen}")

    def open(self, url, seconds=30):
        """Opens `url` and waits for its load event: that of the new document, not the readyState
        of the one before, which is already complete when the navigation has not yet committed."""
        loads = self.loads
        result = self.call("Page.navigate", url=url)
        if "errorText" in result:
            raise RuntimeError(f"cannot open {url}: {result['errorText']}")
        if "loaderId" not in result:                    # only the fragment changed: the same document
            return
        deadline = time.time() + seconds
        while self.loads == loads:                      # each call reads the events that came before its answer
            if time.time() > deadline:
                raise TimeoutError(f"waited {seconds} s for {url} to load")
            self.evaluate("0")
            time.sleep(0.02)

    def press(self, key, code, key_code):
        """Presses and releases a key, as a reader's keyboard would."""
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=key_code)

    def screenshot(self, clip=None):
        """PNG bytes of the page (the `clip` rectangle of it: x, y, width, height in CSS pixels)."""
        params = {"format": "png"}
        if clip:
            params["clip"] = {**clip, "scale": 1}
        return base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])

    def close(self):
        if getattr(self, "socket", None):
            self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
