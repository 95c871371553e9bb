"""Read the raw cells of an ``.xlsx`` input workbook with python-calamine.

``read_workbook`` returns every worksheet as a list of rows of raw cell values, keeping the cell
types Excel stored: ``str``, ``float`` (calamine gives every number as a float), ``bool``,
``datetime.date`` / ``datetime.datetime`` (date-formatted cells), ``datetime.time`` and
``datetime.timedelta``. Empty cells are ``""``. Row 0 is Excel row 1 and column 0 is column A,
whatever the used area of the sheet is.

Every problem the user can cause (a missing, empty, damaged file, or a file in another format) is
raised as ``InputError`` with an Indonesian and English message and a fix; no traceback escapes.
Interpreting the cells is ``optimizer.validate``'s job.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetTypeEnum

from optimizer.errors import InputError, InputProblem

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta
RawSheet = list[list[CellValue]]

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted (password) .xlsx

SAVE_AS_XLSX_ID = (
    "Buka file di Excel lalu simpan ulang sebagai .xlsx: File > Simpan Sebagai > "
    "'Excel Workbook (*.xlsx)'."
)
SAVE_AS_XLSX_EN = (
    "Open the file in Excel and save it again as .xlsx: File > Save As > 'Excel Workbook (*.xlsx)'."
)
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
OTHER_SPREADSHEETS = {
    ".xls": ("Format Excel lama (.xls)", "the old Excel format (.xls)"),
    ".xlsb": ("Format Excel biner (.xlsb)", "the binary Excel format (.xlsb)"),
    ".ods": ("Format OpenDocument (.ods)", "the OpenDocument format (.ods)"),
    ".numbers": ("Format Apple Numbers (.numbers)", "the Apple Numbers format (.numbers)"),
}


def read_workbook(path: Path, wanted: Callable[[str], bool] | None = None) -> dict[str, RawSheet]:
    """Every sheet of the workbook at ``path``: sheet name (as written) → rows of cell values.

    When ``wanted`` is given, only the sheets it accepts are read; the others (and chart sheets)
    are still listed, with no rows, so that messages can name every sheet in the file.
    Raises ``InputError`` for a file that cannot be used.
    """
    _check_file(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as err:  # calamine's errors all mean "this file cannot be read"
        raise _file_error(path, *_damaged(err)) from None
    except BaseException as err:
        if not _is_panic(err):
            raise
        raise _file_error(path, *_damaged(err)) from None
    try:
        sheets: dict[str, RawSheet] = {}
        for meta in workbook.sheets_metadata:
            name = str(meta.name)
            is_worksheet = meta.typ == SheetTypeEnum.WorkSheet
            if not is_worksheet or (wanted is not None and not wanted(name)):
                sheets[name] = []
                continue
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name] = rows
        return sheets
    except Exception as err:
        raise _file_error(path, *_damaged(err)) from None
    except BaseException as err:
        if not _is_panic(err):
            raise
        raise _file_error(path, *_damaged(err)) from None
    finally:
        workbook.close()


# --------------------------------------------------------------------------------------------
# Checks before calamine opens the file
# --------------------------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    """Refuse, with a clear message, every file that is not a readable ``.xlsx`` workbook."""
    try:
        if not path.exists():
            raise _file_error(
                path,
                f"File tidak ditemukan: {path}",
                f"file not found: {path}",
                "Periksa nama file dan foldernya.",
                "Check the file name and its folder.",
            )
        if path.is_dir():
            raise _file_error(
                path,
                f"'{path}' adalah folder, bukan file",
                f"'{path}' is a folder, not a file",
                "Sebutkan file .xlsx di dalam folder itu.",
                "Name the .xlsx file inside that folder.",
            )
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as err:
        raise _file_error(
            path,
            f"File tidak dapat dibuka ({err.strerror or err})",
            f"the file cannot be opened ({err.strerror or err})",
            "Tutup file itu di Excel atau program lain, periksa izin aksesnya, lalu coba lagi.",
            "Close it in Excel or any other program, check its permissions, and try again.",
        ) from None
    suffix = path.suffix.casefold()
    if not head:
        raise _file_error(
            path,
            "File kosong (0 byte); mungkin tersalin tidak lengkap",
            "the file is empty (0 bytes); it may have been copied incompletely",
            "Salin ulang file aslinya, atau simpan ulang dari Excel sebagai .xlsx.",
            "Copy the original file again, or save it again from Excel as .xlsx.",
        )
    if suffix in TEXT_SUFFIXES:
        raise _file_error(
            path,
            f"File {suffix} (teks/CSV) tidak didukung; Giliran membaca workbook .xlsx",
            f"{suffix} (text/CSV) files are not supported; Giliran reads .xlsx workbooks",
            "Simpan ulang sebagai .xlsx (Excel Workbook): buka di Excel, File > Simpan Sebagai "
            "> 'Excel Workbook (*.xlsx)'. Atau salin isinya ke template.xlsx.",
            "Save it again as .xlsx (Excel Workbook): open it in Excel, File > Save As > 'Excel "
            "Workbook (*.xlsx)'. Or copy its contents into template.xlsx.",
        )
    if suffix in OTHER_SPREADSHEETS:
        label_id, label_en = OTHER_SPREADSHEETS[suffix]
        raise _file_error(
            path,
            f"{label_id} tidak didukung; Giliran membaca workbook .xlsx",
            f"{label_en} is not supported; Giliran reads .xlsx workbooks",
            "Simpan ulang sebagai .xlsx (Excel Workbook): di Excel File > Simpan Sebagai > "
            "'Excel Workbook (*.xlsx)'; di LibreOffice File > Simpan Sebagai > 'Excel 2007-365 "
            "(.xlsx)'.",
            "Save it again as .xlsx (Excel Workbook): in Excel File > Save As > 'Excel Workbook "
            "(*.xlsx)'; in LibreOffice File > Save As > 'Excel 2007-365 (.xlsx)'.",
        )
    if head.startswith(OLE2_MAGIC):
        raise _file_error(
            path,
            "File ini berformat Excel lama (.xls) atau dilindungi kata sandi",
            "this file is in the old Excel format (.xls) or is protected by a password",
            "Buka di Excel, hapus kata sandinya bila ada, lalu simpan ulang sebagai .xlsx (Excel "
            "Workbook).",
            "Open it in Excel, remove any password, then save it again as .xlsx (Excel Workbook).",
        )
    if not head.startswith(ZIP_MAGIC):
        raise _file_error(
            path,
            "File ini bukan workbook Excel .xlsx (mungkin teks/CSV yang diberi nama .xlsx)",
            "this file is not an .xlsx Excel workbook (perhaps text or CSV renamed to .xlsx)",
            SAVE_AS_XLSX_ID,
            SAVE_AS_XLSX_EN,
        )
    _check_zip(path)


def _check_zip(path: Path) -> None:
    """The zip must be intact and hold an Excel workbook (not an .ods, .docx, .xlsb …)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except Exception as err:  # BadZipFile, NotImplementedError (odd zip versions), OSError …
        raise _file_error(path, *_damaged(err)) from None
    if "xl/workbook.xml" in names:
        return
    if b"opendocument" in mimetype:
        what_id, what_en = "dokumen OpenDocument (.ods/.odt)", "an OpenDocument file (.ods/.odt)"
    elif "xl/workbook.bin" in names:
        what_id, what_en = "workbook Excel biner (.xlsb)", "a binary Excel workbook (.xlsb)"
    elif "word/document.xml" in names:
        what_id, what_en = "dokumen Word", "a Word document"
    elif "ppt/presentation.xml" in names:
        what_id, what_en = "presentasi PowerPoint", "a PowerPoint presentation"
    else:
        what_id, what_en = "arsip zip biasa", "an ordinary zip archive"
    raise _file_error(
        path,
        f"File ini bukan workbook Excel .xlsx, melainkan {what_id}",
        f"this file is not an .xlsx Excel workbook but {what_en}",
        SAVE_AS_XLSX_ID,
        SAVE_AS_XLSX_EN,
    )


def _is_panic(err: BaseException) -> bool:
    """A Rust panic inside calamine (pyo3's PanicException derives from BaseException)."""
    return type(err).__name__ == "PanicException"


def _damaged(err: BaseException) -> tuple[str, str, str, str]:
    detail = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
    return (
        f"File rusak atau tidak dapat dibaca sebagai .xlsx ({detail})",
        f"the file is damaged or cannot be read as .xlsx ({detail})",
        "Salin ulang file aslinya, atau buka di Excel (Excel dapat memperbaikinya) lalu simpan "
        "ulang sebagai .xlsx.",
        "Copy the original file again, or open it in Excel (which can repair it) and save it "
        "again as .xlsx.",
    )


def _file_error(
    path: Path, message_id: str, message_en: str, fix_id: str, fix_en: str
) -> InputError:
    """An ``InputError`` about the whole file (the file name stands in for the sheet)."""
    return InputError([InputProblem(path.name, None, None, message_id, message_en, fix_id, fix_en)])
