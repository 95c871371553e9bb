"""The title of the official who signs a unit's roster, derived from the unit's name.

Indonesian regional government titles are not "Kepala" + the unit's name everywhere: a kecamatan
is headed by a *Camat*, a kelurahan by a *Lurah*, the Sekretariat Daerah by the *Sekretaris
Daerah*, the Inspektorat by the *Inspektur*, a hospital by its *Direktur* (PP 18/2016 on
Perangkat Daerah; UU 23/2014). Used when the ``Unit`` sheet gives no ``Jabatan Penandatangan``.
Pure functions, no I/O.
"""

from __future__ import annotations

import re

#: (prefix of the unit's name, case-insensitive, whole words) -> how the title is made.
#: ``{rest}`` is the name after the prefix as written; ``{name}`` is the whole name.
_RULES: tuple[tuple[str, str], ...] = (
    ("kecamatan", "Camat{rest}"),
    ("kelurahan", "Lurah{rest}"),
    ("sekretariat daerah", "Sekretaris Daerah{rest}"),
    ("sekretariat dprd", "Sekretaris DPRD{rest}"),
    ("sekretariat dewan perwakilan rakyat daerah", "Sekretaris DPRD{rest}"),
    ("setda", "Sekretaris Daerah{rest}"),
    ("inspektorat", "Inspektur{rest}"),
    ("rsud", "Direktur {name}"),
    ("rumah sakit", "Direktur {name}"),
    ("satuan polisi pamong praja", "Kepala {name}"),
    ("satpol pp", "Kepala Satuan Polisi Pamong Praja{rest}"),
    ("desa", "Kepala {name}"),
)


def default_title(unit_name: str) -> str:
    """The usual title of the head of ``unit_name`` (``"Kepala <unit>"`` when no rule fits).

    >>> default_title("Kecamatan Balikpapan Kota")
    'Camat Balikpapan Kota'
    >>> default_title("Dinas Kesehatan")
    'Kepala Dinas Kesehatan'
    """
    name = " ".join(unit_name.split())
    lowered = name.casefold()
    for prefix, pattern in _RULES:
        if lowered == prefix or lowered.startswith(prefix + " "):
            rest = name[len(prefix) :]
            return pattern.format(rest=rest, name=name)
    if re.match(r"(?i)kepala\b", name):  # already a title
        return name
    return f"Kepala {name}" if name else "Kepala"
