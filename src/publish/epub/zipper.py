"""Deterministic OCF zip: `mimetype` first and stored, then every entry in
sorted order, all stamped with the build time (ebooklib stamps the clock)."""

from __future__ import annotations

import datetime as _dt
import io
import zipfile

MIMETYPE = b"application/epub+zip"
#: zip's epoch; earlier build times are clamped to it
_ZIP_EPOCH = _dt.datetime(1980, 1, 1, tzinfo=_dt.UTC)


def zip_epub(entries: dict[str, bytes], when: _dt.datetime, level: int = 6) -> bytes:
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        names = ["mimetype"] + sorted(n for n in entries if n != "mimetype")
        for name in names:
            data = MIMETYPE if name == "mimetype" else entries[name]
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, whatever builds it
            info.external_attr = 0o100644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                zf.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data, compresslevel=level)
    return buf.getvalue()
