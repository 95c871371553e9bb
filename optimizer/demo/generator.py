"""A seeded, realistic (but entirely fictional) city government for examples, tests and benchmarks.

``generate_city()`` builds "Pemerintah Kota Contoh": a Sekretariat Daerah with bagian, dinas with a
Sekretariat and bidang → seksi, badan, kecamatan with seksi directly in the unit, an RSUD and
Puskesmas (critical), essential units with a daily minimum, a Balai Kota complex shared by several
units, a Mal Pelayanan Publik shared by two dinas, UPT staff working away from their unit's
building, absences and one 3-day building closure (Jakarta 2020: 3×24 h disinfection). Names are
combined from lists of common Indonesian given names and family names; NIPs are random numbers in
the real layout. Nothing refers to a real person.

The example is built so that every rule can be met at every size: each unit's structure is trimmed
until its cap count covers its front-line staff plus one member per bidang and seksi, and building
limits leave room for what their units must have on site. ``feasibility_margins`` checks those
counting conditions on any problem.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from models.calendar import build_calendar
from models.domain import (
    Absence,
    AbsenceType,
    Building,
    Closure,
    Employee,
    Policy,
    Problem,
    Representation,
    Sector,
    Unit,
    cap_count,
)
from optimizer.io.holidays_id import national_holidays as national_holidays

CITY_NAME = "Pemerintah Kota Contoh"
DEFAULT_START = dt.date(2026, 11, 30)

BALAI_KOTA = "Kompleks Balai Kota"
MAL_PELAYANAN = "Gedung Mal Pelayanan Publik"
BALAI_KOTA_CAP_PCT = Decimal(30)
MAL_PELAYANAN_CAP_PCT = Decimal(50)
CLOSURE_REASON = "Disinfeksi 3×24 jam setelah pegawai terkonfirmasi positif COVID-19"

MIN_STAFF = 20
STAFF_PER_UNIT = 60  # average unit size before every catalogue unit is used
MIN_UNITS = 8
MIN_UNIT_SIZE = 10

# --------------------------------------------------------------------------------------------
# Catalogue of units (priority order: the first ones are used for small cities)
# --------------------------------------------------------------------------------------------

SEKRETARIAT = (
    "Sekretariat",
    ("Subbagian Umum dan Kepegawaian", "Subbagian Perencanaan dan Keuangan"),
)
KECAMATAN_SEKSI = (
    "Subbagian Umum dan Kepegawaian",
    "Subbagian Perencanaan dan Keuangan",
    "Seksi Pemerintahan",
    "Seksi Ketenteraman dan Ketertiban Umum",
    "Seksi Pemberdayaan Masyarakat dan Kelurahan",
    "Seksi Pelayanan Umum",
)

Bidang = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class UnitSpec:
    """One unit of the catalogue: structure, sector, building and relative size."""

    name: str
    head: str  # title of the head of the unit
    weight: float
    staff_kind: str = "umum"  # which list of functional job titles its staff hold
    sector: Sector = Sector.NON_ESSENTIAL
    building: str = ""  # "" = its own building, "Kantor <name>"
    bidang: tuple[Bidang, ...] = ()
    direct_seksi: tuple[str, ...] = ()  # seksi directly in the unit (kecamatan)
    upt: tuple[tuple[str, str], ...] = ()  # (UPT bidang, its own building)
    cap_pct: Decimal | None = None
    front_line: bool = False  # has Wajib WFO staff

    @property
    def own_building(self) -> str:
        return self.building or f"Kantor {self.name}"


def _dinas(
    name: str,
    weight: float,
    bidang: tuple[Bidang, ...],
    *,
    essential: bool = False,
    staff_kind: str = "umum",
    sector: Sector = Sector.NON_ESSENTIAL,
    building: str = "",
    upt: tuple[tuple[str, str], ...] = (),
    cap_pct: Decimal | None = None,
    front_line: bool = False,
) -> UnitSpec:
    """A dinas or badan: a Sekretariat with two subbagian, then its bidang."""
    return UnitSpec(
        name,
        f"Kepala {name}",
        weight,
        staff_kind=staff_kind,
        sector=Sector.ESSENTIAL if essential else sector,
        building=building,
        bidang=(SEKRETARIAT, *bidang),
        upt=upt,
        cap_pct=cap_pct,
        front_line=front_line or essential,
    )


def _kecamatan(place: str) -> UnitSpec:
    return UnitSpec(
        f"Kecamatan {place}", "Camat", 0.8, direct_seksi=KECAMATAN_SEKSI, staff_kind="kecamatan"
    )


def _puskesmas(place: str) -> UnitSpec:
    return UnitSpec(
        f"Puskesmas {place}",
        "Kepala Puskesmas",
        0.7,
        staff_kind="kesehatan",
        sector=Sector.CRITICAL,
        building=f"Gedung Puskesmas {place}",
        front_line=True,
    )


CATALOGUE: tuple[UnitSpec, ...] = (
    UnitSpec(
        "Sekretariat Daerah",
        "Sekretaris Daerah",
        4.0,
        building=BALAI_KOTA,
        bidang=(
            (
                "Bagian Pemerintahan",
                (
                    "Subbagian Administrasi Pemerintahan",
                    "Subbagian Otonomi Daerah",
                    "Subbagian Kerja Sama",
                ),
            ),
            (
                "Bagian Hukum",
                (
                    "Subbagian Peraturan Perundang-undangan",
                    "Subbagian Bantuan Hukum",
                    "Subbagian Dokumentasi Hukum",
                ),
            ),
            (
                "Bagian Organisasi",
                ("Subbagian Kelembagaan dan Analisis Jabatan", "Subbagian Reformasi Birokrasi"),
            ),
            (
                "Bagian Umum",
                ("Subbagian Tata Usaha Pimpinan", "Subbagian Rumah Tangga", "Subbagian Keuangan"),
            ),
            (
                "Bagian Perekonomian dan Sumber Daya Alam",
                ("Subbagian Perekonomian", "Subbagian Sumber Daya Alam"),
            ),
            (
                "Bagian Pengadaan Barang dan Jasa",
                (
                    "Subbagian Pengelolaan Pengadaan",
                    "Subbagian Layanan Pengadaan Secara Elektronik",
                ),
            ),
            (
                "Bagian Protokol dan Komunikasi Pimpinan",
                ("Subbagian Protokol", "Subbagian Komunikasi Pimpinan"),
            ),
        ),
    ),
    _dinas(
        "Dinas Kesehatan",
        3.5,
        (
            (
                "Bidang Kesehatan Masyarakat",
                (
                    "Seksi Kesehatan Keluarga dan Gizi",
                    "Seksi Promosi Kesehatan",
                    "Seksi Kesehatan Lingkungan",
                ),
            ),
            (
                "Bidang Pencegahan dan Pengendalian Penyakit",
                ("Seksi Surveilans dan Imunisasi", "Seksi Pencegahan Penyakit Menular"),
            ),
            (
                "Bidang Pelayanan Kesehatan",
                ("Seksi Pelayanan Kesehatan Primer", "Seksi Pelayanan Kesehatan Rujukan"),
            ),
            (
                "Bidang Sumber Daya Kesehatan",
                ("Seksi Kefarmasian dan Alat Kesehatan", "Seksi Sumber Daya Manusia Kesehatan"),
            ),
        ),
        staff_kind="kesehatan",
        upt=(("UPT Laboratorium Kesehatan Daerah", "Gedung Laboratorium Kesehatan Daerah"),),
        essential=True,
    ),
    _dinas(
        "Satuan Polisi Pamong Praja",
        3.0,
        (
            (
                "Bidang Penegakan Peraturan Daerah",
                ("Seksi Pembinaan dan Penyuluhan", "Seksi Penyelidikan dan Penyidikan"),
            ),
            (
                "Bidang Ketenteraman dan Ketertiban Umum",
                ("Seksi Operasi dan Pengendalian", "Seksi Kerja Sama"),
            ),
            (
                "Bidang Perlindungan Masyarakat",
                ("Seksi Satuan Perlindungan Masyarakat", "Seksi Bina Potensi Masyarakat"),
            ),
        ),
        staff_kind="satpol",
        essential=True,
    ),
    _kecamatan("Sukamaju"),
    UnitSpec(
        "Inspektorat Daerah",
        "Inspektur",
        1.2,
        staff_kind="inspektorat",
        building=BALAI_KOTA,
        bidang=(
            ("Sekretariat Inspektorat", ()),
            ("Inspektur Pembantu Wilayah I", ()),
            ("Inspektur Pembantu Wilayah II", ()),
            ("Inspektur Pembantu Wilayah III", ()),
            ("Inspektur Pembantu Khusus", ()),
        ),
    ),
    _puskesmas("Sukamaju"),
    _dinas(
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        1.3,
        (
            (
                "Bidang Penanaman Modal",
                ("Seksi Promosi Penanaman Modal", "Seksi Pengendalian Penanaman Modal"),
            ),
            (
                "Bidang Pelayanan Perizinan",
                ("Seksi Perizinan Usaha", "Seksi Perizinan Non-Usaha", "Seksi Pengaduan"),
            ),
        ),
        building=MAL_PELAYANAN,
    ),
    _dinas(
        "Dinas Kependudukan dan Pencatatan Sipil",
        1.5,
        (
            (
                "Bidang Pelayanan Pendaftaran Penduduk",
                ("Seksi Identitas Penduduk", "Seksi Pindah Datang Penduduk"),
            ),
            (
                "Bidang Pelayanan Pencatatan Sipil",
                ("Seksi Kelahiran dan Kematian", "Seksi Perkawinan dan Perceraian"),
            ),
            (
                "Bidang Pengelolaan Informasi Administrasi Kependudukan",
                ("Seksi Sistem Informasi", "Seksi Pengolahan dan Penyajian Data"),
            ),
        ),
        building=MAL_PELAYANAN,
        cap_pct=Decimal(40),
    ),
    UnitSpec(
        "RSUD Kota Contoh",
        "Direktur",
        6.0,
        staff_kind="kesehatan",
        sector=Sector.CRITICAL,
        building="Gedung RSUD Kota Contoh",
        front_line=True,
        bidang=(
            (
                "Bagian Umum dan Keuangan",
                ("Subbagian Umum dan Kepegawaian", "Subbagian Keuangan", "Subbagian Perencanaan"),
            ),
            (
                "Bidang Pelayanan Medik",
                ("Seksi Rawat Jalan", "Seksi Rawat Inap", "Seksi Gawat Darurat"),
            ),
            ("Bidang Keperawatan", ("Seksi Asuhan Keperawatan", "Seksi Mutu Keperawatan")),
            ("Bidang Penunjang", ("Seksi Penunjang Medik", "Seksi Penunjang Non-Medik")),
        ),
    ),
    _dinas(
        "Badan Penanggulangan Bencana Daerah",
        1.3,
        (
            ("Bidang Pencegahan dan Kesiapsiagaan", ("Seksi Pencegahan", "Seksi Kesiapsiagaan")),
            ("Bidang Kedaruratan dan Logistik", ("Seksi Kedaruratan", "Seksi Logistik")),
            ("Bidang Rehabilitasi dan Rekonstruksi", ("Seksi Rehabilitasi", "Seksi Rekonstruksi")),
        ),
        essential=True,
    ),
    _dinas(
        "Dinas Perhubungan",
        2.0,
        (
            (
                "Bidang Lalu Lintas",
                ("Seksi Manajemen dan Rekayasa Lalu Lintas", "Seksi Pengendalian dan Operasi"),
            ),
            ("Bidang Angkutan", ("Seksi Angkutan Orang", "Seksi Angkutan Barang")),
            ("Bidang Sarana dan Prasarana", ("Seksi Perparkiran", "Seksi Prasarana Jalan")),
        ),
        staff_kind="perhubungan",
        upt=(("UPT Pengujian Kendaraan Bermotor", "Gedung Pengujian Kendaraan Bermotor"),),
        essential=True,
    ),
    _dinas(
        "Badan Perencanaan Pembangunan Daerah",
        1.4,
        (
            (
                "Bidang Perencanaan Pemerintahan dan Pembangunan Manusia",
                ("Subbidang Pemerintahan", "Subbidang Pembangunan Manusia"),
            ),
            (
                "Bidang Perekonomian dan Sumber Daya Alam",
                ("Subbidang Perekonomian", "Subbidang Sumber Daya Alam"),
            ),
            (
                "Bidang Infrastruktur dan Kewilayahan",
                ("Subbidang Infrastruktur", "Subbidang Kewilayahan"),
            ),
            (
                "Bidang Penelitian dan Pengembangan",
                ("Subbidang Inovasi", "Subbidang Pengendalian dan Evaluasi"),
            ),
        ),
        building=BALAI_KOTA,
    ),
    _dinas(
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        1.8,
        (
            ("Bidang Anggaran", ("Subbidang Anggaran Pendapatan", "Subbidang Anggaran Belanja")),
            ("Bidang Perbendaharaan", ("Subbidang Belanja Langsung", "Subbidang Kas Daerah")),
            ("Bidang Akuntansi", ("Subbidang Akuntansi Pemerintah Daerah", "Subbidang Pelaporan")),
            ("Bidang Aset", ("Subbidang Penatausahaan Aset", "Subbidang Pemanfaatan Aset")),
        ),
        building=BALAI_KOTA,
        cap_pct=Decimal(30),
    ),
    _dinas(
        "Dinas Lingkungan Hidup",
        2.2,
        (
            ("Bidang Pengelolaan Sampah", ("Seksi Pengurangan Sampah", "Seksi Penanganan Sampah")),
            (
                "Bidang Pengendalian Pencemaran",
                ("Seksi Pemantauan Lingkungan", "Seksi Pengaduan dan Penegakan Hukum"),
            ),
            (
                "Bidang Pertamanan dan Ruang Terbuka Hijau",
                ("Seksi Pertamanan", "Seksi Penerangan Jalan Umum"),
            ),
        ),
        staff_kind="teknis",
        essential=True,
    ),
    _dinas(
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        2.5,
        (
            (
                "Bidang Bina Marga",
                ("Seksi Pembangunan Jalan dan Jembatan", "Seksi Pemeliharaan Jalan dan Jembatan"),
            ),
            ("Bidang Sumber Daya Air", ("Seksi Drainase", "Seksi Irigasi dan Pengendalian Banjir")),
            (
                "Bidang Penataan Ruang",
                ("Seksi Perencanaan Tata Ruang", "Seksi Pengendalian Pemanfaatan Ruang"),
            ),
            (
                "Bidang Bina Konstruksi",
                ("Seksi Pembinaan Jasa Konstruksi", "Seksi Peralatan dan Perbekalan"),
            ),
        ),
        staff_kind="teknis",
        essential=True,
    ),
    _kecamatan("Mekarsari"),
    _dinas(
        "Dinas Perpustakaan dan Kearsipan",
        0.8,
        (
            ("Bidang Perpustakaan", ("Seksi Layanan Perpustakaan", "Seksi Pengembangan Koleksi")),
            ("Bidang Kearsipan", ("Seksi Pengelolaan Arsip", "Seksi Pembinaan Kearsipan")),
        ),
    ),
    _dinas(
        "Dinas Komunikasi dan Informatika",
        1.3,
        (
            (
                "Bidang Informasi dan Komunikasi Publik",
                ("Seksi Pengelolaan Informasi Publik", "Seksi Kemitraan Media"),
            ),
            (
                "Bidang Aplikasi Informatika",
                ("Seksi Infrastruktur dan Jaringan", "Seksi Pengembangan Aplikasi"),
            ),
            (
                "Bidang Persandian dan Statistik",
                ("Seksi Persandian dan Keamanan Informasi", "Seksi Statistik Sektoral"),
            ),
        ),
        staff_kind="kominfo",
        essential=True,
    ),
    _dinas(
        "Dinas Perdagangan",
        1.3,
        (
            (
                "Bidang Pengelolaan Pasar",
                ("Seksi Pengelolaan Pasar Rakyat", "Seksi Kebersihan dan Ketertiban Pasar"),
            ),
            (
                "Bidang Perdagangan Dalam Negeri",
                ("Seksi Distribusi dan Stabilisasi Harga", "Seksi Metrologi Legal"),
            ),
            (
                "Bidang Perlindungan Konsumen",
                ("Seksi Pengawasan Barang Beredar", "Seksi Pemberdayaan Konsumen"),
            ),
        ),
        essential=True,
    ),
    _dinas(
        "Dinas Perumahan dan Kawasan Permukiman",
        1.3,
        (
            (
                "Bidang Perumahan",
                ("Seksi Pendataan dan Perencanaan Perumahan", "Seksi Rumah Tidak Layak Huni"),
            ),
            (
                "Bidang Kawasan Permukiman",
                ("Seksi Penataan Kawasan Kumuh", "Seksi Prasarana Sarana dan Utilitas"),
            ),
            ("Bidang Pertanahan", ("Seksi Pengadaan Tanah", "Seksi Penyelesaian Sengketa Tanah")),
        ),
        staff_kind="teknis",
        essential=True,
    ),
    _dinas(
        "Dinas Pemadam Kebakaran dan Penyelamatan",
        1.8,
        (
            ("Bidang Operasi dan Penyelamatan", ("Seksi Operasi Pemadaman", "Seksi Penyelamatan")),
            ("Bidang Pencegahan", ("Seksi Inspeksi Bangunan", "Seksi Penyuluhan Kebakaran")),
            ("Bidang Sarana dan Prasarana", ("Seksi Sarana", "Seksi Prasarana")),
        ),
        staff_kind="damkar",
        sector=Sector.CRITICAL,
        front_line=True,
    ),
    _dinas(
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        1.3,
        (
            (
                "Bidang Pengadaan dan Informasi Kepegawaian",
                ("Subbidang Pengadaan", "Subbidang Data dan Informasi"),
            ),
            (
                "Bidang Mutasi dan Promosi",
                ("Subbidang Mutasi", "Subbidang Promosi dan Kepangkatan"),
            ),
            (
                "Bidang Pengembangan Kompetensi",
                ("Subbidang Pendidikan dan Pelatihan", "Subbidang Penilaian Kinerja"),
            ),
        ),
        building=BALAI_KOTA,
    ),
    _kecamatan("Sumberjaya"),
    _dinas(
        "Dinas Pendidikan",
        3.0,
        (
            (
                "Bidang Pembinaan Sekolah Dasar",
                ("Seksi Kurikulum SD", "Seksi Peserta Didik SD", "Seksi Sarana Prasarana SD"),
            ),
            (
                "Bidang Pembinaan Sekolah Menengah Pertama",
                ("Seksi Kurikulum SMP", "Seksi Peserta Didik SMP", "Seksi Sarana Prasarana SMP"),
            ),
            (
                "Bidang Pendidikan Anak Usia Dini dan Nonformal",
                ("Seksi PAUD", "Seksi Pendidikan Nonformal"),
            ),
            ("Bidang Guru dan Tenaga Kependidikan", ("Seksi Guru", "Seksi Tenaga Kependidikan")),
        ),
        staff_kind="pendidikan",
    ),
    _dinas(
        "Dinas Sosial",
        1.2,
        (
            (
                "Bidang Rehabilitasi Sosial",
                (
                    "Seksi Rehabilitasi Anak dan Lanjut Usia",
                    "Seksi Rehabilitasi Penyandang Disabilitas",
                ),
            ),
            (
                "Bidang Perlindungan dan Jaminan Sosial",
                ("Seksi Bantuan Sosial", "Seksi Jaminan Sosial Keluarga"),
            ),
            (
                "Bidang Pemberdayaan Sosial",
                ("Seksi Pemberdayaan Fakir Miskin", "Seksi Kepahlawanan dan Restorasi Sosial"),
            ),
        ),
    ),
    _puskesmas("Mekarsari"),
    _kecamatan("Tanjung Harapan"),
    _dinas(
        "Dinas Tenaga Kerja",
        1.0,
        (
            (
                "Bidang Pelatihan dan Penempatan Tenaga Kerja",
                ("Seksi Pelatihan Kerja", "Seksi Penempatan Tenaga Kerja"),
            ),
            (
                "Bidang Hubungan Industrial",
                ("Seksi Persyaratan Kerja", "Seksi Penyelesaian Perselisihan"),
            ),
        ),
    ),
    _dinas(
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        1.0,
        (
            (
                "Bidang Pemberdayaan Perempuan",
                ("Seksi Kualitas Hidup Perempuan", "Seksi Pengarusutamaan Gender"),
            ),
            (
                "Bidang Perlindungan Anak",
                ("Seksi Pemenuhan Hak Anak", "Seksi Perlindungan Khusus Anak"),
            ),
            (
                "Bidang Pengendalian Penduduk dan Keluarga Berencana",
                ("Seksi Pengendalian Penduduk", "Seksi Keluarga Berencana"),
            ),
        ),
    ),
    UnitSpec(
        "Sekretariat DPRD",
        "Sekretaris DPRD",
        1.4,
        building="Gedung DPRD Kota Contoh",
        bidang=(
            (
                "Bagian Umum dan Keuangan",
                ("Subbagian Tata Usaha dan Kepegawaian", "Subbagian Keuangan"),
            ),
            (
                "Bagian Persidangan dan Perundang-undangan",
                ("Subbagian Rapat dan Risalah", "Subbagian Perundang-undangan"),
            ),
            (
                "Bagian Fasilitasi Penganggaran dan Pengawasan",
                ("Subbagian Fasilitasi Penganggaran", "Subbagian Fasilitasi Pengawasan"),
            ),
        ),
    ),
    _dinas(
        "Badan Pendapatan Daerah",
        1.4,
        (
            ("Bidang Pendataan dan Penetapan", ("Subbidang Pendataan", "Subbidang Penetapan")),
            ("Bidang Penagihan", ("Subbidang Penagihan Pajak Daerah", "Subbidang Keberatan")),
            ("Bidang Pajak Bumi dan Bangunan", ("Subbidang Pelayanan PBB", "Subbidang BPHTB")),
        ),
    ),
    UnitSpec(
        "Badan Kesatuan Bangsa dan Politik",
        "Kepala Badan Kesatuan Bangsa dan Politik",
        0.8,
        building=BALAI_KOTA,
        bidang=(
            ("Sekretariat", ()),
            ("Bidang Ideologi dan Wawasan Kebangsaan", ()),
            ("Bidang Politik Dalam Negeri dan Organisasi Kemasyarakatan", ()),
        ),
    ),
    _kecamatan("Bukit Indah"),
    _dinas(
        "Dinas Ketahanan Pangan dan Pertanian",
        1.2,
        (
            ("Bidang Ketahanan Pangan", ("Seksi Ketersediaan Pangan", "Seksi Keamanan Pangan")),
            (
                "Bidang Pertanian",
                ("Seksi Tanaman Pangan dan Hortikultura", "Seksi Penyuluhan Pertanian"),
            ),
            (
                "Bidang Peternakan dan Kesehatan Hewan",
                ("Seksi Peternakan", "Seksi Kesehatan Hewan"),
            ),
        ),
    ),
    _dinas(
        "Dinas Koperasi dan Usaha Mikro",
        0.9,
        (
            ("Bidang Koperasi", ("Seksi Kelembagaan Koperasi", "Seksi Pengawasan Koperasi")),
            ("Bidang Usaha Mikro", ("Seksi Pemberdayaan Usaha Mikro", "Seksi Pemasaran")),
        ),
    ),
    _dinas(
        "Dinas Kebudayaan, Pariwisata, Kepemudaan dan Olahraga",
        1.1,
        (
            ("Bidang Kebudayaan", ("Seksi Cagar Budaya", "Seksi Kesenian")),
            ("Bidang Pariwisata", ("Seksi Destinasi Wisata", "Seksi Pemasaran Pariwisata")),
            ("Bidang Kepemudaan dan Olahraga", ("Seksi Kepemudaan", "Seksi Olahraga")),
        ),
    ),
    _puskesmas("Tanjung Harapan"),
    _kecamatan("Pesisir"),
    _dinas(
        "Dinas Perikanan",
        0.8,
        (
            ("Bidang Perikanan Budidaya", ("Seksi Produksi Budidaya", "Seksi Kesehatan Ikan")),
            ("Bidang Perikanan Tangkap", ("Seksi Nelayan", "Seksi Pelabuhan Perikanan")),
        ),
    ),
    _dinas(
        "Dinas Pemberdayaan Masyarakat dan Kelurahan",
        0.9,
        (
            (
                "Bidang Pemberdayaan Masyarakat",
                ("Seksi Kelembagaan Masyarakat", "Seksi Partisipasi Masyarakat"),
            ),
            (
                "Bidang Pemerintahan Kelurahan",
                ("Seksi Administrasi Kelurahan", "Seksi Aparatur Kelurahan"),
            ),
        ),
    ),
    _kecamatan("Sungai Jernih"),
)

# --------------------------------------------------------------------------------------------
# Names and job titles (common Indonesian names, combined at random: no real person)
# --------------------------------------------------------------------------------------------

GIVEN_MALE = (
    "Agus", "Ahmad", "Andi", "Arif", "Bambang", "Bayu", "Budi", "Dani", "Dedi", "Dimas", "Eko",
    "Fajar", "Fikri", "Firman", "Galih", "Gilang", "Hadi", "Hasan", "Hendra", "Heru", "Ilham",
    "Imam", "Irfan", "Iwan", "Joko", "Kadek", "Made", "Markus", "Muhammad", "Nyoman", "Rahmat",
    "Reza", "Rian", "Rizki", "Rudi", "Samuel", "Slamet", "Stefanus", "Syahrul", "Taufik", "Teguh",
    "Wahyu", "Yoga", "Yohanes", "Yusuf", "Zainal",
)  # fmt: skip
GIVEN_FEMALE = (
    "Anisa", "Ayu", "Citra", "Desi", "Dewi", "Dian", "Eka", "Endang", "Fitri", "Fransiska",
    "Indah", "Intan", "Kartika", "Lina", "Maria", "Maya", "Mega", "Ni Luh", "Novi", "Nur", "Nurul",
    "Putri", "Ratna", "Retno", "Rina", "Rini", "Sari", "Siti", "Sri", "Theresia", "Tuti", "Vina",
    "Wulan", "Yulia", "Yuni",
)  # fmt: skip
FAMILY_MALE = (
    "Firmansyah", "Gunawan", "Hakim", "Hermawan", "Hidayat", "Kurniawan", "Nugroho", "Pratama",
    "Prasetyo", "Ramadhan", "Santoso", "Saputra", "Setiawan", "Susilo", "Wibowo", "Wijaya",
)  # fmt: skip
FAMILY_FEMALE = (
    "Anggraini", "Handayani", "Kusumawati", "Lestari", "Oktaviani", "Permatasari", "Puspita",
    "Rahayu", "Rahmawati", "Safitri", "Susanti", "Wulandari",
)  # fmt: skip
FAMILY_ANY = (
    "Harahap", "Hutapea", "Lubis", "Manurung", "Nasution", "Pardede", "Sinaga", "Siregar",
    "Sitompul", "Simanjuntak", "Tanjung", "Pakpahan",
)  # fmt: skip
DEGREES = ("S.E.", "S.H.", "S.Sos.", "S.Kom.", "S.T.", "S.Pd.", "S.AP.", "A.Md.", "M.Si.", "M.M.")
HEALTH_DEGREES = ("S.Kep.", "S.K.M.", "A.Md.Kep.", "A.Md.Keb.", "S.Farm.", "M.Kes.")

STAFF_TITLES: dict[str, tuple[str, ...]] = {
    "umum": (
        "Analis Kebijakan Ahli Muda",
        "Analis Kebijakan Ahli Pertama",
        "Pranata Komputer Ahli Pertama",
        "Arsiparis Terampil",
        "Perencana Ahli Pertama",
        "Analis Keuangan Pusat dan Daerah Ahli Pertama",
        "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
        "Penata Layanan Operasional",
        "Pengelola Layanan Operasional",
        "Operator Layanan Operasional",
        "Pengadministrasi Perkantoran",
    ),
    "kecamatan": (
        "Penata Layanan Operasional",
        "Pengelola Layanan Operasional",
        "Operator Layanan Operasional",
        "Pengadministrasi Perkantoran",
        "Analis Kebijakan Ahli Pertama",
    ),
    "kesehatan": (
        "Dokter Ahli Pertama",
        "Dokter Ahli Muda",
        "Perawat Terampil",
        "Perawat Ahli Pertama",
        "Bidan Terampil",
        "Apoteker Ahli Pertama",
        "Pranata Laboratorium Kesehatan Terampil",
        "Nutrisionis Terampil",
        "Sanitarian Terampil",
        "Epidemiolog Kesehatan Ahli Pertama",
        "Pengelola Layanan Operasional",
    ),
    "satpol": (
        "Polisi Pamong Praja Terampil",
        "Polisi Pamong Praja Mahir",
        "Polisi Pamong Praja Ahli Pertama",
        "Operator Layanan Operasional",
    ),
    "damkar": (
        "Analis Kebakaran Ahli Pertama",
        "Pemadam Kebakaran Terampil",
        "Pemadam Kebakaran Mahir",
        "Operator Layanan Operasional",
    ),
    "inspektorat": (
        "Auditor Ahli Pertama",
        "Auditor Ahli Muda",
        "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah Ahli Pertama",
        "Pengelola Layanan Operasional",
    ),
    "perhubungan": (
        "Penguji Kendaraan Bermotor Terampil",
        "Analis Transportasi Ahli Pertama",
        "Operator Layanan Operasional",
        "Pengelola Layanan Operasional",
    ),
    "teknis": (
        "Teknik Jalan dan Jembatan Ahli Pertama",
        "Penata Ruang Ahli Pertama",
        "Pengendali Dampak Lingkungan Ahli Pertama",
        "Pengawas Lingkungan Hidup Ahli Pertama",
        "Operator Layanan Operasional",
        "Pengelola Layanan Operasional",
    ),
    "kominfo": (
        "Pranata Komputer Ahli Pertama",
        "Pranata Komputer Ahli Muda",
        "Pranata Hubungan Masyarakat Ahli Pertama",
        "Statistisi Ahli Pertama",
        "Sandiman Ahli Pertama",
    ),
    "pendidikan": (
        "Pengembang Teknologi Pembelajaran Ahli Pertama",
        "Pengawas Sekolah Ahli Muda",
        "Analis Kebijakan Ahli Pertama",
        "Penata Layanan Operasional",
        "Pengelola Layanan Operasional",
    ),
}

# --------------------------------------------------------------------------------------------
# Rates (fractions of staff)
# --------------------------------------------------------------------------------------------

VULNERABLE_RATE = 0.05
VACCINATED_RATE = 0.85
PREFERENCE_RATE = 0.20
PPPK_RATE = 0.15
UPT_SHARE = 0.12  # share of a unit's staff working in its UPT
ABSENCE_RATES = (  # (kind, probability, shortest, longest calendar days)
    (AbsenceType.LEAVE, 0.030, 1, 5),
    (AbsenceType.SICK, 0.015, 1, 3),
    (AbsenceType.DUTY_TRAVEL, 0.020, 1, 3),
    (AbsenceType.ISOLATION, 0.005, 5, 10),
)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def generate_city(
    seed: int = 2026, staff: int = 2500, weeks: int = 1, start: dt.date = DEFAULT_START
) -> Problem:
    """A deterministic example city government of exactly ``staff`` employees.

    The same arguments always give an equal ``Problem``. Every rule of the roster can be met (see
    ``feasibility_margins``). ``holidays`` holds the Indonesian national holidays and cuti bersama
    inside the horizon, as the workbook reader adds them with ``Libur Nasional = Ya``.
    """
    if staff < MIN_STAFF:
        raise ValueError(f"staff must be at least {MIN_STAFF}, got {staff}")
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    rng = random.Random(seed)
    policy = Policy(start=start, weeks=weeks)
    specs = _choose_units(staff)
    sizes = _unit_sizes(rng, specs, staff)
    factory = _EmployeeFactory(rng, start)
    units: list[Unit] = []
    employees: list[Employee] = []
    for spec, size in zip(specs, sizes, strict=True):
        plan = _plan_unit(spec, size, policy)
        units.append(plan.unit)
        employees.extend(factory.staff_of(plan))
    problem = Problem(policy=policy, units=tuple(units), employees=tuple(employees), name=CITY_NAME)
    dates = problem.dates
    return Problem(
        policy=policy,
        units=problem.units,
        employees=problem.employees,
        buildings=_buildings(problem),
        absences=tuple(_absences(rng, employees, dates)),
        closures=(_closure(problem, specs, sizes),),
        holidays=national_holidays(dates) if policy.national_holidays else (),
        name=CITY_NAME,
    )


def feasibility_margins(problem: Problem) -> list[str]:
    """Counting conditions under which every rule can be met; one line per condition that fails.

    For each unit: its cap count must cover its Wajib WFO staff plus ``Minimal per Subunit`` for
    every bidang and seksi to be represented, and its essential minimum; enough of its staff must
    be available in its building on each working day to reach the minimum. For each building: its
    limit must cover what its units need on site there. Empty when all conditions hold.
    """
    problems: list[str] = []
    per_unit: dict[str, list[Employee]] = defaultdict(list)
    for emp in problem.employees:
        per_unit[emp.unit].append(emp)
    building_need: dict[str, int] = defaultdict(int)
    for unit in problem.units:
        staff = per_unit.get(unit.name, [])
        problems.extend(_unit_margin(problem, unit, staff))
        for building, need in _building_needs(problem, unit, staff).items():
            building_need[building] += need
    problems.extend(_availability_margin(problem, per_unit))
    staff_in: dict[str, int] = defaultdict(int)
    for emp in problem.employees:
        staff_in[problem.building_of(emp)] += 1
    for building, need in sorted(building_need.items()):
        limit = building_limit(problem, building, staff_in[building])
        if limit is not None and limit < need:
            problems.append(
                f"Gedung '{building}': batas {limit} < kebutuhan {need} / "
                f"building limit {limit} below need {need}"
            )
    return problems


def building_limit(problem: Problem, name: str, headcount: int) -> int | None:
    """The smaller of a building's seats and its percentage cap; ``None`` when neither is set."""
    building = problem.building(name)
    limits = []
    if building.seats is not None:
        limits.append(building.seats)
    if building.cap_pct is not None:
        limits.append(cap_count(building.cap_pct, headcount))
    return min(limits) if limits else None


# --------------------------------------------------------------------------------------------
# Feasibility counting
# --------------------------------------------------------------------------------------------


def _represented(staff: Iterable[Employee], representation: Representation) -> set[tuple[str, str]]:
    """Bidang and seksi of these staff that must be represented, as (bidang, seksi)."""
    keys: set[tuple[str, str]] = set()
    if representation is Representation.NONE:
        return keys
    for emp in staff:
        if emp.bidang:
            keys.add((emp.bidang, ""))
        if emp.seksi and representation is Representation.SECTION:
            keys.add((emp.bidang, emp.seksi))
    return keys


def _unit_need(problem: Problem, unit: Unit, staff: list[Employee]) -> int:
    """Most people the unit can be forced to have on site on one day."""
    per_subunit = problem.policy.min_per_subunit
    wajib = sum(1 for e in staff if e.always_on_site)
    subunits = len(_represented(staff, problem.policy.representation))
    return max(unit.min_per_day or 0, wajib + per_subunit * subunits)


def _unit_margin(problem: Problem, unit: Unit, staff: list[Employee]) -> list[str]:
    if not staff:
        return []
    cap = cap_count(problem.unit_cap_pct(unit), len(staff))
    need = _unit_need(problem, unit, staff)
    if need <= cap:
        return []
    return [
        f"Unit '{unit.name}': kuota {cap} < kebutuhan {need} / unit cap {cap} below need {need}"
    ]


def _building_needs(problem: Problem, unit: Unit, staff: list[Employee]) -> dict[str, int]:
    """What the unit may have to put on site in each building it works in.

    Front-line staff and one member per subunit with members there; the essential minimum is
    topped up from the unit's own building.
    """
    by_building: dict[str, list[Employee]] = defaultdict(list)
    for emp in staff:
        by_building[problem.building_of(emp)].append(emp)
    needs: dict[str, int] = {}
    per_subunit = problem.policy.min_per_subunit
    for building, members in by_building.items():
        wajib = sum(1 for e in members if e.always_on_site)
        subunits = len(_represented(members, problem.policy.representation))
        need = wajib + per_subunit * subunits
        if building == unit.building:
            need = max(need, unit.min_per_day or 0)
        needs[building] = need
    return needs


def _availability_margin(problem: Problem, per_unit: dict[str, list[Employee]]) -> list[str]:
    """Each essential minimum can be reached by staff available in the unit's own building."""
    calendar = build_calendar(problem)
    holidays = problem.holiday_names
    problems: list[str] = []
    for unit in problem.units:
        if not unit.min_per_day:
            continue
        home = [e for e in per_unit.get(unit.name, []) if problem.building_of(e) == unit.building]
        closed = calendar.closed.get(unit.building, frozenset())
        for day, date in enumerate(calendar.dates):
            if date in holidays or date in closed:
                continue
            available = sum(1 for e in home if calendar.is_free(e, day))
            if available < unit.min_per_day:
                problems.append(
                    f"Unit '{unit.name}' {date.isoformat()}: {available} pegawai tersedia < "
                    f"minimal {unit.min_per_day} / only {available} available for minimum "
                    f"{unit.min_per_day}"
                )
    return problems


# --------------------------------------------------------------------------------------------
# Units: choice, sizes, structure
# --------------------------------------------------------------------------------------------


def _choose_units(staff: int) -> tuple[UnitSpec, ...]:
    wanted = max(min(MIN_UNITS, staff // MIN_UNIT_SIZE), staff // STAFF_PER_UNIT)
    return CATALOGUE[: max(1, min(len(CATALOGUE), wanted))]


def _unit_sizes(rng: random.Random, specs: tuple[UnitSpec, ...], staff: int) -> list[int]:
    """Headcounts proportional to jittered weights, at least ``MIN_UNIT_SIZE``, summing to staff."""
    weights = [s.weight * rng.uniform(0.8, 1.2) for s in specs]
    total = sum(weights)
    floor = min(MIN_UNIT_SIZE, staff // len(specs))
    sizes = [max(floor, round(staff * w / total)) for w in weights]
    order = sorted(range(len(specs)), key=lambda i: -sizes[i])
    i = 0
    while (diff := staff - sum(sizes)) != 0:
        j = order[i % len(order)]
        if diff > 0:
            sizes[j] += 1
        elif sizes[j] > floor:
            sizes[j] -= 1
        i += 1
    return sizes


@dataclass(frozen=True)
class UnitPlan:
    """A unit with its trimmed structure and how many front-line staff it gets."""

    spec: UnitSpec
    unit: Unit
    size: int
    bidang: tuple[Bidang, ...]
    direct_seksi: tuple[str, ...]
    upt: tuple[tuple[str, str], ...]
    wajib: int


def _plan_unit(spec: UnitSpec, size: int, policy: Policy) -> UnitPlan:
    """Trim the unit's structure until its cap count covers front-line staff and subunits."""
    pct = spec.cap_pct if spec.cap_pct is not None else policy.sector_cap(spec.sector)
    cap = cap_count(pct, size)
    if not spec.front_line:
        wajib = 0
    elif spec.sector is Sector.CRITICAL:
        wajib = size // 5
    else:
        wajib = cap // 6
    bidang = [(name, list(seksi)) for name, seksi in spec.bidang]
    direct = list(spec.direct_seksi)
    upt = list(spec.upt)
    per_subunit = policy.min_per_subunit

    def subunits() -> int:
        return len(bidang) + sum(len(s) for _, s in bidang) + len(direct) + len(upt)

    def people_needed() -> int:  # head + every subunit head + one member each
        seksi = sum(len(s) for _, s in bidang) + len(direct)
        return 1 + len(bidang) + 2 * seksi + sum(1 for _, s in bidang if not s) + 2 * len(upt)

    while per_subunit * subunits() + wajib > cap or people_needed() > size:
        if not _trim(bidang, direct, upt):
            if wajib == 0:
                break
            wajib -= 1
    wajib = min(wajib, max(0, cap - per_subunit * subunits()))
    minimum = _minimum(spec, size, cap)
    unit = Unit(spec.name, spec.own_building, spec.sector, spec.cap_pct, minimum)
    return UnitPlan(
        spec,
        unit,
        size,
        tuple((name, tuple(seksi)) for name, seksi in bidang),
        tuple(direct),
        tuple(upt),
        wajib,
    )


def _trim(
    bidang: list[tuple[str, list[str]]], direct: list[str], upt: list[tuple[str, str]]
) -> bool:
    """Remove one subunit (a third seksi, then a bidang, then any seksi); False if none is left."""
    widest = max(bidang, key=lambda b: len(b[1]), default=None)
    if widest is not None and len(widest[1]) > 2:
        widest[1].pop()
    elif len(bidang) > 2:
        bidang.pop()
    elif len(direct) > 2:
        direct.pop()
    elif upt:
        upt.pop()
    elif widest is not None and widest[1]:
        widest[1].pop()
    elif direct:
        direct.pop()
    elif bidang:
        bidang.pop()
    else:
        return False
    return True


def _minimum(spec: UnitSpec, size: int, cap: int) -> int | None:
    """Essential minimum: about 60% of the cap (40% of staff in critical units)."""
    if spec.sector is Sector.ESSENTIAL:
        return max(1, cap * 3 // 5)
    if spec.sector is Sector.CRITICAL:
        return max(1, min(cap, size * 2 // 5))
    return None


# --------------------------------------------------------------------------------------------
# Employees
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """A position to fill: where it sits and what it is called."""

    bidang: str
    seksi: str
    title: str
    building: str = ""
    head: bool = False


class _EmployeeFactory:
    """Makes employees with unique NIPs, plausible names and personal attributes."""

    def __init__(self, rng: random.Random, start: dt.date) -> None:
        self.rng = rng
        self.year = start.year
        self.nips: set[str] = set()

    def staff_of(self, plan: UnitPlan) -> list[Employee]:
        seats = _seats(self.rng, plan)
        members = [s for s in range(len(seats)) if not seats[s].head]
        wajib = set(self.rng.sample(members, min(plan.wajib, len(members))))
        return [self._employee(plan, seat, i in wajib) for i, seat in enumerate(seats)]

    def _employee(self, plan: UnitPlan, seat: Seat, wajib: bool) -> Employee:
        rng = self.rng
        female = rng.random() < 0.5
        age = rng.randint(45, 58) if seat.head else rng.randint(22, 57)
        pppk = not seat.head and rng.random() < PPPK_RATE
        vulnerable = not wajib and not seat.head and rng.random() < VULNERABLE_RATE
        preferred: frozenset[int] = frozenset()
        if rng.random() < PREFERENCE_RATE:
            preferred = frozenset(rng.sample(range(5), rng.randint(1, 2)))
        return Employee(
            nip=self._nip(age, female, pppk),
            name=self._name(female, seat.title, plan.spec.staff_kind),
            unit=plan.unit.name,
            bidang=seat.bidang,
            seksi=seat.seksi,
            position=seat.title,
            building=seat.building,
            vulnerable=vulnerable,
            always_on_site=wajib,
            vaccinated=rng.random() < VACCINATED_RATE,
            preferred_weekdays=preferred,
        )

    def _name(self, female: bool, title: str, kind: str) -> str:
        rng = self.rng
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        family = rng.choice((FAMILY_FEMALE if female else FAMILY_MALE) + FAMILY_ANY)
        parts = [given]
        if rng.random() < 0.3:
            parts.append(rng.choice(GIVEN_FEMALE if female else GIVEN_MALE))
        parts.append(family)
        name = " ".join(dict.fromkeys(parts))  # no "Sri Sri"
        if title.startswith("Dokter"):
            return f"dr. {name}"
        if rng.random() < 0.6:
            pool = HEALTH_DEGREES if kind == "kesehatan" else DEGREES
            return f"{name}, {rng.choice(pool)}"
        return name

    def _nip(self, age: int, female: bool, pppk: bool) -> str:
        """18 digits: birth date, appointment (YYYYMM; PPPK: YYYY + "21"), sex (1/2), serial."""
        rng = self.rng
        birth = dt.date(self.year - age, 1, 1) + dt.timedelta(days=rng.randrange(365))
        latest = self.year - 1  # appointed before the roster year
        if pppk:
            appointed = f"{rng.randint(min(max(2019, birth.year + 20), latest), latest)}21"
        else:
            year = rng.randint(min(birth.year + 21, latest), latest)
            appointed = f"{year}{rng.choice((1, 1, 2, 3, 3, 4, 12)):02d}"
        prefix = f"{birth:%Y%m%d}{appointed}{2 if female else 1}"
        serial = rng.randint(1, 400)
        while (nip := f"{prefix}{serial:03d}") in self.nips:
            serial = serial % 999 + 1
        self.nips.add(nip)
        return nip


def _seats(rng: random.Random, plan: UnitPlan) -> list[Seat]:
    """Every position of the unit: heads first, then staff spread over the smallest groups."""
    seats = [Seat("", "", plan.spec.head, head=True)]
    groups: list[Seat] = []  # where ordinary staff can sit
    for bidang, seksi_list in plan.bidang:
        seats.append(Seat(bidang, "", _bidang_head(bidang), head=True))
        if not seksi_list:
            groups.append(Seat(bidang, "", ""))
        for seksi in seksi_list:
            seats.append(Seat(bidang, seksi, f"Kepala {seksi}", head=True))
            groups.append(Seat(bidang, seksi, ""))
    for seksi in plan.direct_seksi:
        seats.append(Seat("", seksi, f"Kepala {seksi}", head=True))
        groups.append(Seat("", seksi, ""))
    upt_size = max(2, round(plan.size * UPT_SHARE)) if plan.upt else 0
    upt_size = min(upt_size, max(0, plan.size - len(seats) - len(groups)) // max(1, len(plan.upt)))
    titles = STAFF_TITLES[plan.spec.staff_kind]
    for name, building in plan.upt:
        if upt_size < 2:
            break
        seats.append(Seat(name, "", f"Kepala {name}", building, head=True))
        seats.extend(Seat(name, "", rng.choice(titles), building) for _ in range(upt_size - 1))
    if not groups:
        groups.append(Seat("", "", ""))
    rest = plan.size - len(seats)
    placed = groups[: max(0, rest)] + rng.choices(groups, k=max(0, rest - len(groups)))
    seats.extend(Seat(g.bidang, g.seksi, rng.choice(titles)) for g in placed)
    return seats[: plan.size]


def _bidang_head(bidang: str) -> str:
    if bidang.startswith("Sekretariat"):
        return "Sekretaris"
    if bidang.startswith("Inspektur Pembantu"):
        return bidang
    return f"Kepala {bidang}"


# --------------------------------------------------------------------------------------------
# Buildings, absences, closure
# --------------------------------------------------------------------------------------------


def _buildings(problem: Problem) -> tuple[Building, ...]:
    """Every building in use, with seats and caps for the shared ones and the UPT buildings."""
    staff_in: dict[str, list[Employee]] = defaultdict(list)
    for emp in problem.employees:
        staff_in[problem.building_of(emp)].append(emp)
    per_unit: dict[str, list[Employee]] = defaultdict(list)
    for emp in problem.employees:
        per_unit[emp.unit].append(emp)
    unit_caps: dict[str, int] = defaultdict(int)
    unit_needs: dict[str, int] = defaultdict(int)
    for unit in problem.units:
        staff = per_unit[unit.name]
        unit_caps[unit.building] += cap_count(problem.unit_cap_pct(unit), len(staff))
        for building, need in _building_needs(problem, unit, staff).items():
            unit_needs[building] += need
    buildings: list[Building] = []
    for name in sorted(staff_in):
        headcount = len(staff_in[name])
        if name == BALAI_KOTA:
            seats = max(_round_up(unit_caps[name] * 9 // 10, 5), unit_needs[name])
            buildings.append(Building(name, seats, BALAI_KOTA_CAP_PCT))
        elif name == MAL_PELAYANAN:
            buildings.append(Building(name, None, MAL_PELAYANAN_CAP_PCT))
        elif name.startswith("Gedung Laboratorium") or name.startswith("Gedung Pengujian"):
            buildings.append(Building(name, max(unit_needs[name], math.ceil(headcount / 2))))
        elif name.startswith("Kantor Kecamatan"):
            buildings.append(Building(name, _round_up(math.ceil(headcount * 0.4), 5)))
        else:
            buildings.append(Building(name))
    return tuple(buildings)


def _round_up(value: int, step: int) -> int:
    return -(-value // step) * step


def _absences(
    rng: random.Random, employees: list[Employee], dates: tuple[dt.date, ...]
) -> list[Absence]:
    absences: list[Absence] = []
    for emp in employees:
        draw = rng.random()
        for kind, rate, shortest, longest in ABSENCE_RATES:
            if draw < rate:
                first = rng.choice(dates)
                last = first + dt.timedelta(days=rng.randint(shortest, longest) - 1)
                absences.append(Absence(emp.nip, first, last, kind))
                break
            draw -= rate
    return absences


def _closure(problem: Problem, specs: tuple[UnitSpec, ...], sizes: list[int]) -> Closure:
    """3 days' disinfection (Tuesday–Thursday of week 1) of the smallest one-unit office."""
    per_building: dict[str, int] = defaultdict(int)
    for unit in problem.units:
        per_building[unit.building] += 1
    candidates = [
        (size, spec.own_building)
        for spec, size in zip(specs, sizes, strict=True)
        if spec.sector is Sector.NON_ESSENTIAL and per_building[spec.own_building] == 1
    ]
    _, building = min(candidates) if candidates else (0, specs[0].own_building)
    first = problem.policy.start + dt.timedelta(days=1)
    return Closure(building, first, first + dt.timedelta(days=2), CLOSURE_REASON)
