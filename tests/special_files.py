"""Special files for tests of hostile inputs (named pipes)."""

from __future__ import annotations

import os
import threading


class FifoWriter:
    """Opens a FIFO for writing and closes it at once, on a thread of its own.

    Code that opens the FIFO for reading with a plain blocking ``open()`` then reads an empty
    file instead of hanging, so a regression fails the test rather than stopping the suite.
    ``finish()`` lets the writer go when nobody ever opened the FIFO (the fixed behaviour).
    """

    def __init__(self, path):
        self.path = path
        self.thread = threading.Thread(target=self._write, daemon=True)
        self.thread.start()

    def _write(self):
        os.close(os.open(self.path, os.O_WRONLY))

    def finish(self):
        if self.thread.is_alive():  # the writer waits for a reader: be that reader
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
            self.thread.join()
            os.close(fd)
