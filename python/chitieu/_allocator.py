"""Settings of the extension's memory allocator, applied before the extension is loaded.

The extension allocates with mimalloc, which by default keeps freed memory for a while to
reuse it; a notebook that scored a large panel once would keep that peak for its lifetime.
Freed memory is returned to the system at once instead (measured: same speed on the
benchmark). A value the user set in the environment wins.
"""

from __future__ import annotations

import os

os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")
