"""The words of the pages: Indonesian first, English on the toggle."""

from __future__ import annotations

LANGUAGES = ("id", "en")

TEXT: dict[str, tuple[str, str]] = {
    "title": ("Giliran — jadwal WFO/WFH", "Giliran — WFO/WFH rosters"),
    "tagline": (
        "Jadwal WFO/WFH yang adil untuk kantor pemerintah",
        "Fair WFO/WFH rosters for government offices",
    ),
    "nav_home": ("Buat jadwal", "Build a roster"),
    "nav_explain": ("Jelaskan aturan", "Explain the rules"),
    "nav_check": ("Periksa jadwal", "Re-check a roster"),
    "nav_batch": ("Banyak file", "Many files"),
    "batch_title": ("Banyak workbook sekaligus", "Many workbooks at once"),
    "batch_help": (
        "Satu jadwal per workbook (misalnya satu per OPD). File yang bermasalah tidak "
        "menghentikan yang lain; masalahnya ditampilkan.",
        "One roster per workbook (for example one per agency). A workbook with problems does not "
        "stop the others; its problems are shown.",
    ),
    "files": (
        "Workbook (.xlsx, paling banyak {most} file, masing-masing paling besar {mb} MB)",
        "Workbooks (.xlsx, at most {most} files of at most {mb} MB each)",
    ),
    "submit_batch": ("Unggah semua dan buat jadwal", "Upload all and build the rosters"),
    "refused": ("Ditolak", "Refused"),
    "dl_all": ("Semua jadwal ({n}) sebagai zip", "All rosters ({n}) as a zip"),
    "st_removed": ("Dihapus", "Removed"),
    "refreshes": (
        "Halaman ini memperbarui diri setiap 2 detik sampai semua selesai.",
        "This page refreshes itself every 2 seconds until every job is done.",
    ),
    "nav_case": ("Kasus positif", "Positive case"),
    "nav_replan": ("Jadwal ulang", "Re-plan"),
    "kind_kasus": ("Kasus positif", "Positive case"),
    "kind_replan": ("Jadwal ulang", "Re-plan"),
    "case_title": (
        "Kasus positif: tutup gedung, lacak kontak erat, jadwal ulang",
        "A positive case: close the building, trace close contacts, re-plan",
    ),
    "case_help": (
        "Kontak erat dibaca dari jadwal yang sudah terbit (KMK HK.01.07/MENKES/413/2020). Kasus "
        "diisolasi, kontak erat dikarantina, gedung ditutup; hari sebelum tanggal kasus tetap, "
        "hari sesudahnya berubah sesedikit mungkin.",
        "Close contacts are read off the published roster (KMK HK.01.07/MENKES/413/2020). The "
        "case is isolated, the contacts quarantined, the building closed; days before the case "
        "stay as published, later days change as little as the rules allow.",
    ),
    "published_roster": ("Jadwal yang sudah terbit (.xlsx)", "The published roster (.xlsx)"),
    "case_input": ("Input jadwal itu (.xlsx)", "That roster's input (.xlsx)"),
    "case_nip": (
        "NIP kasus positif (beberapa: pisahkan dengan koma)",
        "NIP of the positive case (several: separate with commas)",
    ),
    "case_date": ("Tanggal kasus dilaporkan", "Date of the case"),
    "case_scope": ("Siapa kontak erat", "Who is a close contact"),
    "case_closure": (
        "Hari gedung ditutup (kosong: dari preset, atau 3)",
        "Days the building is closed (empty: from the preset, else 3)",
    ),
    "case_quarantine": ("Hari karantina kontak erat", "Quarantine days of a close contact"),
    "case_isolation": ("Hari isolasi kasus", "Isolation days of the case"),
    "submit_case": ("Unggah dan jadwalkan ulang", "Upload and re-plan"),
    "replan_title": ("Jadwal ulang setelah input berubah", "Re-plan after the input changed"),
    "replan_help": (
        "Cuti baru, gedung ditutup, pegawai pindah atau baru: hari sebelum tanggal 'dari' tetap, "
        "hari sesudahnya berubah sesedikit mungkin; sel di sheet Kunci dipertahankan.",
        "New absences, closures, staff moved or added: days before 'from' stay as published, "
        "later days change as little as the rules allow; cells pinned in the Kunci sheet stay.",
    ),
    "replan_input": ("Input yang diperbarui (.xlsx)", "The updated input (.xlsx)"),
    "replan_from": (
        "Hari pertama yang boleh berubah (kosong: hari pertama yang melanggar aturan)",
        "First day that may change (empty: the first day that breaks a rule)",
    ),
    "changes": ("Perubahan", "Changes"),
    "changed_from": ("Diubah mulai", "Changed from"),
    "changed_cells": ("Sel diubah", "Cells changed"),
    "forced": ("karena kejadian", "forced by the events"),
    "chosen": ("oleh penjadwalan ulang", "chosen by the re-plan"),
    "cases": ("Kasus", "Cases"),
    "contacts": ("Kontak erat", "Close contacts"),
    "closed_buildings": ("Gedung ditutup", "Buildings closed"),
    "notes": ("Catatan", "Notes"),
    "before": ("Sebelum", "Before"),
    "after": ("Sesudah", "After"),
    "nav_resilience": ("Ketahanan", "Resilience"),
    "kind_ketahanan": ("Ketahanan", "Resilience"),
    "res_title": (
        "Ketahanan jadwal terhadap satu kasus positif",
        "Resilience of a roster to one positive case",
    ),
    "res_help": (
        "Untuk setiap pegawai yang hadir di kantor, positif pada setiap hari kerja: berapa "
        "kontak erat dikarantina dan bidang/seksi mana yang kehilangan semua cover. Tidak ada "
        "yang ditulis.",
        "For every employee on site, positive on every working day: how many close contacts "
        "would be quarantined and which bidang/seksi would lose all cover. Nothing is written.",
    ),
    "submit_res": ("Unggah dan hitung", "Upload and compute"),
    "v_report": ("Laporan ketahanan", "Resilience report"),
    "res_subunits": ("Subunit paling berisiko", "Subunits most at risk"),
    "res_worst": ("Skenario terburuk", "Worst scenarios"),
    "level": ("Tingkat", "Level"),
    "members": ("Anggota", "Members"),
    "scenarios": ("Skenario", "Scenarios"),
    "days_uncovered": ("Hari tanpa cover terlama", "Longest days without cover"),
    "example_case": ("Contoh kasus", "Example case"),
    "quarantined": ("Dikarantina", "Quarantined"),
    "subunits_lost": ("Subunit tanpa cover", "Subunits without cover"),
    "nav_validate": ("Cek input", "Validate the input"),
    "kind_validate": ("Cek input", "Validation"),
    "validate_title": (
        "Cek workbook input tanpa membuat jadwal",
        "Check an input workbook without solving",
    ),
    "validate_help": (
        "Setiap masalah sekaligus: sheet, baris, kolom, dan cara memperbaikinya. Tidak ada yang "
        "diselesaikan atau ditulis.",
        "Every problem at once: sheet, row, column and how to fix it. Nothing is solved or "
        "written.",
    ),
    "submit_validate": ("Unggah dan cek", "Upload and check"),
    "v_valid": ("Input valid", "The input is valid"),
    "nav_api": ("API", "API"),
    "other_lang": ("English", "Bahasa Indonesia"),
    "step1": ("1. Unduh templat atau contoh", "1. Download the template or the example"),
    "template": ("Templat kosong (.xlsx)", "Blank template (.xlsx)"),
    "example": ("Contoh: kota 2.500 pegawai (.xlsx)", "Example: a city of 2,500 staff (.xlsx)"),
    "step2": ("2. Unggah workbook pegawai", "2. Upload the staff workbook"),
    "file": ("Workbook (.xlsx, paling besar {mb} MB)", "Workbook (.xlsx, at most {mb} MB)"),
    "per_unit": (
        "Juga satu workbook per unit kerja (zip)",
        "Also one workbook per unit (zip)",
    ),
    "language": ("Bahasa label jadwal", "Language of the roster's labels"),
    "preset_choice": ("Preset regulasi", "Regulation preset"),
    "preset_sheet": (
        "Sesuai workbook (baris Preset di Kebijakan)",
        "As in the workbook (Kebijakan's Preset row)",
    ),
    "preset_help": (
        "Preset pilihan menggantikan baris Preset di sheet Kebijakan; parameter yang ditulis di "
        "sheet (mis. Kuota WFO) tetap berlaku dan Ringkasan menyebut semuanya.",
        "The chosen preset takes the place of the Preset row in the Kebijakan sheet; parameters "
        "written in the sheet (e.g. Kuota WFO) still apply, and Ringkasan states them all.",
    ),
    "submit_solve": ("Unggah dan buat jadwal", "Upload and build the roster"),
    "presets": ("Preset regulasi", "Regulation presets"),
    "presets_help": (
        "Tulis id preset di sheet Kebijakan sebagai parameter Preset; kuota yang ditulis di sheet "
        "menggantikan kuota preset.",
        "Write the preset's id in the Kebijakan sheet as parameter Preset; every cap written in "
        "the sheet overrides the preset's.",
    ),
    "name": ("Nama", "Name"),
    "p_instrument": ("Dasar hukum", "Instrument"),
    "p_region": ("Wilayah", "Region"),
    "p_level": ("Level / zona", "Level / zone"),
    "p_closure": ("Tutup setelah kasus", "Closure after a case"),
    "p_days": ("hari", "days"),
    "p_hours": ("Jam kantor", "Office hours"),
    "p_vaccinated": ("Tervaksin lebih dulu", "Vaccinated first"),
    "p_yes": ("ya", "yes"),
    "p_source": ("Sumber", "Source"),
    "p_notes": ("Catatan", "Notes"),
    "caps": ("Kuota WFO", "Office caps"),
    "period": ("Masa berlaku", "In force"),
    "confidence": ("Keyakinan", "Confidence"),
    "my_jobs": ("Pekerjaan Anda", "Your jobs"),
    "no_jobs": ("Belum ada pekerjaan.", "No jobs yet."),
    "created": ("Dibuat", "Created"),
    "status": ("Status", "Status"),
    "kind": ("Jenis", "Kind"),
    "kind_solve": ("Jadwal", "Roster"),
    "kind_explain": ("Penjelasan", "Explanation"),
    "kind_check": ("Periksa", "Re-check"),
    "st_queued": ("Menunggu giliran", "Waiting in the queue"),
    "st_running": ("Sedang dikerjakan", "Running"),
    "st_stopping": ("Menghentikan …", "Stopping …"),
    "st_done": ("Selesai", "Done"),
    "st_invalid": ("Input tidak valid", "Invalid input"),
    "st_failed": ("Gagal", "Failed"),
    "st_stopped": ("Dihentikan", "Stopped"),
    "st_interrupted": ("Terputus (server dimulai ulang)", "Interrupted (the server restarted)"),
    "interrupted_help": (
        "Server dimulai ulang saat pekerjaan ini berjalan; tidak ada jadwal. Unggah lagi file "
        "yang sama untuk mengulang.",
        "The server restarted while this job ran; there is no roster. Upload the same file again "
        "to run it again.",
    ),
    "queue_pos": ("Posisi antrean", "Place in the queue"),
    "of": ("dari", "of"),
    "phase": ("Tahap", "Phase"),
    "elapsed": ("Waktu berjalan", "Elapsed"),
    "components": ("Komponen selesai", "Components done"),
    "objective": ("Nilai tujuan terbaik", "Best objective"),
    "gap": ("Gap", "Gap"),
    "stop": ("Hentikan (simpan jadwal terbaik)", "Stop (keep the best roster)"),
    "delete": ("Hapus pekerjaan", "Delete the job"),
    "ph_read": ("membaca dan memeriksa input", "reading and checking the input"),
    "ph_solve": ("menyusun jadwal", "solving"),
    "ph_check": ("pemeriksaan independen", "independent check"),
    "ph_explain": ("menjelaskan aturan yang tidak terpenuhi", "explaining the unmet rules"),
    "ph_write": ("menulis workbook", "writing the workbook"),
    "ph_done": ("selesai", "done"),
    "ph_wait": ("menunggu", "waiting"),
    "no_js": (
        "Halaman ini memperbarui diri setiap 2 detik.",
        "This page refreshes itself every 2 seconds.",
    ),
    "problems_title": ("Masalah pada input", "Problems in the input"),
    "problems_help": (
        "Tidak ada yang ditulis. Perbaiki masalah di bawah ini di workbook lalu unggah lagi.",
        "Nothing was written. Fix the problems below in the workbook and upload it again.",
    ),
    "sheet": ("Sheet", "Sheet"),
    "row": ("Baris", "Row"),
    "column": ("Kolom", "Column"),
    "message": ("Masalah", "Problem"),
    "fix": ("Cara memperbaiki", "How to fix"),
    "severity": ("Jenis", "Severity"),
    "error": ("Kesalahan", "Error"),
    "warning": ("Peringatan", "Warning"),
    "warnings": ("Peringatan", "Warnings"),
    "upload_again": ("Unggah file lain", "Upload another file"),
    "result": ("Hasil", "Result"),
    "v_all_met": ("Semua aturan terpenuhi", "Every rule is met"),
    "v_rules_not_met": (
        "Jadwal dibuat, tetapi ada aturan yang tidak terpenuhi",
        "A roster, but some rules could not be met",
    ),
    "v_interrupted": (
        "Dihentikan: jadwal terbaik sejauh ini (bagian yang belum selesai semua WFH)",
        "Stopped: the best roster so far (parts not solved yet are all WFH)",
    ),
    "v_all_met_explain": ("Tidak ada aturan yang bertabrakan", "No rules collide"),
    "v_rules_not_met_explain": (
        "Ada aturan yang tidak dapat dipenuhi (tidak ada jadwal yang ditulis)",
        "Some rules cannot be met (no roster was written)",
    ),
    "v_interrupted_explain": (
        "Dihentikan: penjelasan sejauh ini",
        "Stopped: the explanation so far",
    ),
    "v_no_roster_explain": (
        "Tidak ada jadwal dalam batas waktu",
        "No roster within the time limit",
    ),
    "v_all_met_check": ("Jadwal ini memenuhi semua aturan", "This roster meets every rule"),
    "v_rules_not_met_check": (
        "Jadwal ini melanggar aturan: lihat sel di bawah",
        "This roster breaks rules: see the cells below",
    ),
    "checked_roster": ("Jadwal yang diperiksa", "Roster checked"),
    "v_no_roster": ("Tidak ada jadwal dalam batas waktu", "No roster within the time limit"),
    "time_limit_reached": (
        "Batas waktu pekerjaan di server tercapai.",
        "The server's time limit for a job was reached.",
    ),
    "solver_status": ("Status solver", "Solver status"),
    "employees": ("Pegawai", "Employees"),
    "units": ("Unit", "Units"),
    "working_days": ("Hari kerja", "Working days"),
    "seconds": ("detik", "seconds"),
    "downloads": ("Unduhan", "Downloads"),
    "dl_roster": ("Jadwal (.xlsx)", "Roster (.xlsx)"),
    "dl_units": ("Workbook per unit (.zip)", "Per-unit workbooks (.zip)"),
    "rules": ("Aturan", "Rules"),
    "rule": ("Aturan", "Rule"),
    "met": ("terpenuhi", "met"),
    "unmet": ("tidak terpenuhi", "not met"),
    "hard": ("wajib (tidak pernah dilanggar)", "never broken"),
    "unmet_rules": ("Aturan yang tidak terpenuhi", "Rules not met"),
    "explanations": ("Penjelasan dan saran", "Explanations and suggestions"),
    "explain_stopped": (
        "Penjelasan terpotong (dihentikan atau waktu habis): temuan sejauh ini.",
        "The explanation was cut short (stopped or out of time): the findings so far.",
    ),
    "facts": ("Fakta", "Facts"),
    "suggestions": ("Saran", "Suggestions"),
    "verified": ("terverifikasi (diselesaikan ulang)", "verified (solved again)"),
    "not_verified": ("belum terverifikasi", "not verified"),
    "scope": ("Lingkup", "Scope"),
    "date": ("Tanggal", "Date"),
    "required": ("Syarat", "Required"),
    "actual": ("Nyata", "Actual"),
    "reason": ("Alasan", "Reason"),
    "more_rows": (
        "… dan {n} lagi (semua ada di sheet Pelanggaran)",
        "… and {n} more (all are in sheet Pelanggaran)",
    ),
    "chart": ("Hadir di kantor vs kuota per hari", "On site vs cap per day"),
    "chart_unit": ("Unit", "Unit"),
    "show": ("Tampilkan", "Show"),
    "on_site": ("hadir (WFO)", "on site (WFO)"),
    "cap": ("kuota", "cap"),
    "available": ("dapat hadir", "available"),
    "explain_title": ("Jelaskan aturan yang bertabrakan", "Explain which rules collide"),
    "explain_help": (
        "Tanpa menulis jadwal: setiap temuan (fakta terkecil yang memaksa aturan tidak "
        "terpenuhi) dengan saran yang sudah diperiksa dengan menyelesaikan ulang.",
        "Without writing a roster: every finding (the smallest set of facts that forces a rule "
        "to bend) with suggestions checked by solving again.",
    ),
    "submit_explain": ("Unggah dan jelaskan", "Upload and explain"),
    "no_findings": ("Tidak ada aturan yang bertabrakan.", "No rules collide."),
    "check_title": ("Periksa jadwal yang diedit", "Re-check a hand-edited roster"),
    "check_help": (
        "Unggah jadwal (.xlsx) yang diedit dan input yang menghasilkannya: setiap aturan yang "
        "dilanggar ditunjukkan dengan selnya.",
        "Upload the edited roster (.xlsx) and the input it was built from: every broken rule is "
        "shown with its cells.",
    ),
    "roster_file": ("Jadwal yang diedit (.xlsx)", "Edited roster (.xlsx)"),
    "input_file": (
        "Input yang menghasilkan jadwal (.xlsx)",
        "Input the roster was built from (.xlsx)",
    ),
    "submit_check": ("Unggah dan periksa", "Upload and re-check"),
    "cells": ("Sel", "Cells"),
    "more_cells": ("… {n} sel lagi", "… {n} more cells"),
    "login_title": ("Token akses", "Access token"),
    "login_help": (
        "Server ini memerlukan token akses. Masukkan token dari admin; token disimpan di cookie "
        "browser ini.",
        "This server needs an access token. Enter the token from the administrator; it is kept in "
        "a cookie of this browser.",
    ),
    "token": ("Token", "Token"),
    "login": ("Masuk", "Enter"),
    "wrong_token": ("Token salah.", "Wrong token."),
    "not_found": (
        "Pekerjaan tidak ditemukan (mungkin sudah dihapus)",
        "Job not found (it may have been removed)",
    ),
    "csrf": (
        "Formulir kedaluwarsa; muat ulang halaman lalu coba lagi",
        "The form has expired; reload the page and try again",
    ),
    "back": ("Kembali", "Back"),
    "api_title": ("API HTTP", "HTTP API"),
    "api_help": (
        "Alur yang sama untuk program lain. Skema OpenAPI lengkap:",
        "The same flow for other programs. The full OpenAPI schema:",
    ),
    "retention": (
        "Pekerjaan dan filenya dihapus otomatis setelah {days} hari.",
        "Jobs and their files are removed automatically after {days} days.",
    ),
}


def text(key: str, lang: str, **values: object) -> str:
    pair = TEXT.get(key)
    if pair is None:
        return key
    chosen = pair[1] if lang == "en" else pair[0]
    return chosen.format(**values) if values else chosen


def pick(text_id: str | None, text_en: str | None, lang: str) -> str:
    """One text of an Indonesian/English pair (the other when the chosen one is empty)."""
    if lang == "en":
        return text_en or text_id or ""
    return text_id or text_en or ""
