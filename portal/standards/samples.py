"""Sample service standards for a KPU Kabupaten office, loaded by `flask --app portal init`.

These are SAMPLE texts (published with is_sample=True, so the public page says so): a realistic
starting point for the four services a KPU Kabupaten/Kota gives the public, to be checked and edited
by the office before it adopts them. Numbers of days follow UU 14/2008 (information requests) and
SP4N-LAPOR! practice (complaints); regulation numbers were checked against public sources in 2026
but must be re-checked against the official texts.

Placeholders such as {office_name} are filled from the office settings when the loader runs
(see portal.core.site_settings.DEFAULTS); no other braces may appear in the texts.
"""
from __future__ import annotations

_CHANNELS = """\
- datang langsung ke kantor {office_name}, {office_address};
- telepon {office_phone};
- e-mail {office_email};
- formulir **Pengaduan** pada portal ini (nomor pengaduan dapat dipakai untuk memantau tindak lanjut);
- SP4N-LAPOR! di www.lapor.go.id;
- kotak saran di ruang pelayanan."""

_SURVEY = (
    "Survei Kepuasan Masyarakat (SKM) sekurang-kurangnya sekali setahun; hasil dan rencana tindak "
    "lanjutnya dipublikasikan pada portal ini."
)

PPID = {
    "persyaratan": """\
**Permohonan oleh perorangan**

1. Mengisi formulir permohonan informasi publik (di meja layanan, melalui surat, e-mail, atau formulir daring PPID).
2. Melampirkan fotokopi atau pindaian Kartu Tanda Penduduk elektronik (KTP-el) atau identitas lain yang sah.
3. Menyebutkan rincian informasi yang dibutuhkan, tujuan penggunaannya, dan cara memperoleh informasi (melihat/membaca, salinan cetak, atau salinan elektronik).

**Permohonan oleh badan hukum atau kelompok masyarakat**

1. Persyaratan perorangan di atas untuk orang yang mengajukan.
2. Salinan akta pendirian/anggaran dasar yang telah disahkan (badan hukum), atau surat kuasa dan salinan identitas pemberi kuasa (kelompok masyarakat).

**Pengajuan keberatan**

1. Mengisi formulir keberatan atas permohonan informasi publik.
2. Menyebutkan nomor pendaftaran permohonan yang diajukan keberatan dan alasan keberatan.""",
    "prosedur": """\
1. Pemohon mengajukan permohonan di meja layanan PPID {office_name}, melalui surat, e-mail {office_email}, atau formulir daring PPID.
2. Petugas memeriksa kelengkapan permohonan, mencatatnya dalam register permohonan, dan memberikan **nomor pendaftaran** sebagai tanda terima.
3. PPID menelusuri informasi pada unit kerja yang menguasainya dan memeriksa klasifikasinya (terbuka atau dikecualikan berdasarkan uji konsekuensi).
4. PPID menyampaikan **pemberitahuan tertulis**: informasi diberikan seluruhnya atau sebagian, belum dikuasai, atau ditolak beserta alasan dan dasar hukumnya.
5. Informasi diserahkan sesuai cara yang dipilih pemohon, dengan tanda terima.
6. Pemohon yang tidak puas dapat mengajukan **keberatan** kepada atasan PPID. Bila tanggapan atasan PPID tidak memuaskan, pemohon dapat mengajukan penyelesaian sengketa informasi kepada Komisi Informasi.

Jam layanan: {office_hours}.""",
    "waktu": """\
- Informasi yang sudah tersedia dan terbuka: dapat diberikan pada hari yang sama.
- Pemberitahuan tertulis atas permohonan: paling lambat **10 (sepuluh) hari kerja** sejak permohonan diterima.
- Perpanjangan: paling lama **7 (tujuh) hari kerja** berikutnya, dengan pemberitahuan tertulis beserta alasannya.
- Keberatan: diajukan paling lambat **30 (tiga puluh) hari kerja** setelah alasan keberatan ditemukan, dan ditanggapi atasan PPID paling lambat **30 (tiga puluh) hari kerja** sejak keberatan dicatat.
- Penyelesaian sengketa ke Komisi Informasi: diajukan paling lambat **14 (empat belas) hari kerja** setelah tanggapan atasan PPID diterima.""",
    "biaya": """\
**Tidak dipungut biaya (gratis).**

Salinan elektronik yang dikirim melalui e-mail tidak dikenai biaya. Bila pemohon meminta salinan cetak dalam jumlah besar atau pengiriman melalui pos, biaya penggandaan dan pengiriman ditanggung pemohon sesuai biaya nyata. Petugas dilarang menerima uang atau imbalan dalam bentuk apa pun.""",
    "produk": """\
- Informasi publik yang diminta (kesempatan melihat/membaca, salinan cetak, atau salinan elektronik).
- Tanda bukti pendaftaran permohonan informasi.
- Surat pemberitahuan tertulis atas permohonan informasi.
- Tanggapan tertulis atasan PPID atas keberatan.""",
    "pengaduan": """\
Pengaduan, saran dan masukan tentang layanan informasi publik dapat disampaikan melalui:

""" + _CHANNELS + """

Pengaduan ditangani sesuai standar Layanan Pengaduan Masyarakat. Ketidakpuasan atas jawaban permohonan informasi ditempuh melalui **keberatan** kepada atasan PPID.""",
    "dasar_hukum": """\
1. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik.
2. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.
3. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum sebagaimana telah diubah dengan Undang-Undang Nomor 7 Tahun 2023.
4. Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.
5. Peraturan Pemerintah Nomor 61 Tahun 2010 tentang Pelaksanaan Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik.
6. Peraturan Menteri PAN-RB Nomor 15 Tahun 2014 tentang Pedoman Standar Pelayanan.
7. Peraturan Komisi Informasi Nomor 1 Tahun 2021 tentang Standar Layanan Informasi Publik.
8. Peraturan KPU Nomor 22 Tahun 2023 tentang Pengelolaan dan Pelayanan Informasi Publik di Komisi Pemilihan Umum, Komisi Pemilihan Umum Provinsi, dan Komisi Pemilihan Umum Kabupaten/Kota, sebagaimana telah diubah terakhir dengan Peraturan KPU Nomor 4 Tahun 2025.""",
    "sarana": """\
- Meja layanan informasi PPID dengan papan alur layanan dan daftar informasi publik.
- Komputer, printer, pemindai dan jaringan internet.
- Laman PPID dan portal ini untuk permohonan daring.
- Formulir permohonan dan keberatan, buku register permohonan.
- Ruang tunggu, air minum dan toilet.
- Akses bagi penyandang disabilitas dan lansia (jalur landai, kursi roda, pendampingan petugas).""",
    "kompetensi": """\
- Memahami UU Keterbukaan Informasi Publik, peraturan pelaksananya dan peraturan KPU tentang pelayanan informasi publik.
- Memahami klasifikasi informasi publik dan uji konsekuensi informasi yang dikecualikan.
- Mampu mengoperasikan komputer, e-mail dan aplikasi layanan informasi.
- Berkomunikasi dengan santun, jelas dan ramah, termasuk kepada penyandang disabilitas.
- Menjaga kerahasiaan data pribadi pemohon.""",
    "pengawasan": """\
- Pengawasan melekat oleh atasan langsung pelaksana dan oleh atasan PPID, sesuai keputusan tentang struktur PPID {office_name}.
- Pengawasan oleh Sekretaris {office_name} dalam kerangka Sistem Pengendalian Intern Pemerintah (SPIP).
- Pengawasan oleh aparat pengawasan intern KPU (Inspektorat Utama KPU).""",
    "jumlah_pelaksana": """\
- PPID dan PPID pelaksana sesuai keputusan tentang struktur PPID {office_name}.
- 2 (dua) orang petugas meja layanan informasi, bergantian.
- 1 (satu) orang pengelola dokumentasi dan laman PPID.""",
    "jaminan_pelayanan": """\
- Layanan diberikan sesuai standar pelayanan ini dan Maklumat Pelayanan {office_name}.
- Setiap permohonan dicatat dan memperoleh nomor pendaftaran yang dapat ditelusuri.
- Setiap penolakan disampaikan tertulis beserta alasan dan dasar hukumnya.
- Tanpa pungutan dan tanpa imbalan dalam bentuk apa pun.""",
    "jaminan_keamanan": """\
- Data pribadi pemohon hanya digunakan untuk keperluan layanan dan dilindungi sesuai UU Pelindungan Data Pribadi.
- Informasi yang dikecualikan hanya ditetapkan melalui uji konsekuensi dan tidak diberikan kepada pihak yang tidak berhak.
- Ruang pelayanan dilengkapi alat pemadam api ringan (APAR), kotak P3K, kamera pengawas (CCTV) dan jalur evakuasi.""",
    "evaluasi": """\
- Evaluasi kinerja pelaksana oleh atasan langsung secara berkala, sekurang-kurangnya setiap semester.
- """ + _SURVEY + """
- Laporan layanan informasi publik tahunan (jumlah permohonan, waktu layanan, penolakan dan keberatan).
- Reviu standar pelayanan sekurang-kurangnya sekali setahun.""",
}

PENGADUAN = {
    "persyaratan": """\
1. Identitas pengadu: nama dan alamat atau nomor kontak yang dapat dihubungi. Pengadu dapat meminta agar identitasnya **dirahasiakan**.
2. Uraian pengaduan yang jelas: apa yang terjadi, di mana, kapan, siapa yang terlibat, dan bagaimana kejadiannya.
3. Bukti pendukung bila ada (foto, dokumen, rekaman).

Dugaan korupsi, gratifikasi atau benturan kepentingan dapat dilaporkan **tanpa identitas** melalui Whistle Blowing System (WBS) pada portal ini.""",
    "prosedur": """\
1. Pengadu menyampaikan pengaduan melalui salah satu kanal: formulir pengaduan pada portal ini, e-mail {office_email}, telepon {office_phone}, surat, datang langsung ke kantor, media sosial resmi, atau SP4N-LAPOR!.
2. Petugas mencatat pengaduan dan memberikan **nomor pengaduan**.
3. Petugas memverifikasi pengaduan, menetapkan kategori dan jenisnya, lalu menugaskannya kepada unit kerja yang berwenang.
4. Pengaduan yang bukan kewenangan {office_name} diteruskan kepada instansi yang berwenang (misalnya Bawaslu untuk dugaan pelanggaran pemilu, DKPP untuk dugaan pelanggaran kode etik penyelenggara pemilu), dan pengadu diberi tahu.
5. Unit kerja menindaklanjuti pengaduan; setiap langkah tindak lanjut dicatat.
6. Pengadu menerima jawaban akhir dan dapat memantau status pengaduan dengan nomor pengaduannya.""",
    "waktu": """\
- Verifikasi, atau penerusan kepada instansi yang berwenang: paling lambat **3 (tiga) hari kerja** sejak pengaduan diterima.
- Penyelesaian setelah verifikasi, menurut jenis pengaduan:
    - permintaan informasi: **5 (lima) hari kerja**;
    - pengaduan tidak berkadar pengawasan: **14 (empat belas) hari kerja**;
    - pengaduan berkadar pengawasan: **60 (enam puluh) hari kerja**.""",
    "biaya": "**Tidak dipungut biaya (gratis).** Petugas dilarang menerima uang atau imbalan dalam bentuk apa pun.",
    "produk": """\
- Nomor pengaduan sebagai tanda terima.
- Informasi status dan tindak lanjut pengaduan.
- Jawaban atau penyelesaian tertulis atas pengaduan.
- Rekapitulasi dan infografis pengaduan yang dipublikasikan berkala, tanpa identitas pengadu.""",
    "pengaduan": """\
Saran dan masukan tentang penanganan pengaduan, termasuk ketidakpuasan atas jawaban yang diterima, dapat disampaikan melalui:

""" + _CHANNELS + """

Ketidakpuasan atas penanganan pengaduan ditelaah oleh Sekretaris {office_name}.""",
    "dasar_hukum": """\
1. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.
2. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum sebagaimana telah diubah dengan Undang-Undang Nomor 7 Tahun 2023.
3. Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.
4. Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.
5. Peraturan Presiden Nomor 76 Tahun 2013 tentang Pengelolaan Pengaduan Pelayanan Publik.
6. Peraturan Menteri PAN-RB Nomor 15 Tahun 2014 tentang Pedoman Standar Pelayanan.
7. Peraturan Menteri PAN-RB Nomor 62 Tahun 2018 tentang Pedoman Sistem Pengelolaan Pengaduan Pelayanan Publik Nasional.
8. Peraturan Menteri PAN-RB Nomor 90 Tahun 2021 tentang Pembangunan dan Evaluasi Zona Integritas Menuju Wilayah Bebas dari Korupsi dan Wilayah Birokrasi Bersih dan Melayani di Instansi Pemerintah.""",
    "sarana": """\
- Meja layanan pengaduan di ruang pelayanan.
- Telepon/hotline, alamat e-mail pengaduan dan formulir pengaduan daring pada portal ini.
- Akun SP4N-LAPOR! unit kerja.
- Komputer, printer dan jaringan internet.
- Kotak saran, ruang tunggu, toilet dan akses bagi penyandang disabilitas.""",
    "kompetensi": """\
- Memahami tugas dan kewenangan KPU, Bawaslu dan DKPP, sehingga dapat menentukan instansi yang berwenang.
- Memahami tata cara pengelolaan pengaduan dan SP4N-LAPOR!.
- Mampu mendengarkan, berkomunikasi dengan empati, dan menulis jawaban yang jelas.
- Menjaga kerahasiaan identitas pengadu.""",
    "pengawasan": """\
- Pengawasan melekat oleh atasan langsung petugas pengaduan.
- Pemantauan berkala oleh Sekretaris {office_name} atas pengaduan yang melewati batas waktu.
- Monitoring dan evaluasi penanganan pengaduan oleh Tim Penguatan Pengawasan Zona Integritas, sekurang-kurangnya sekali setahun.""",
    "jumlah_pelaksana": """\
- 2 (dua) orang petugas penerima dan pengelola pengaduan.
- Pejabat/pegawai pada unit kerja yang menindaklanjuti pengaduan sesuai kewenangannya.""",
    "jaminan_pelayanan": """\
- Setiap pengaduan dicatat, diberi nomor, dan dijawab.
- Jangka waktu penanganan sesuai standar ini; keterlambatan diberitahukan kepada pengadu beserta alasannya.
- Layanan diberikan sesuai Maklumat Pelayanan {office_name}, tanpa pungutan.""",
    "jaminan_keamanan": """\
- Identitas pengadu yang meminta dirahasiakan tidak diungkapkan kepada pihak yang diadukan maupun pihak lain.
- Data pengaduan hanya dapat dibuka oleh petugas yang berwenang dan setiap akses tercatat.
- Pengadu yang beritikad baik tidak akan dirugikan karena pengaduannya.""",
    "evaluasi": """\
- Evaluasi kinerja petugas oleh atasan langsung, sekurang-kurangnya setiap semester.
- Rekapitulasi pengaduan yang diproses dan yang selesai, dipublikasikan secara berkala.
- """ + _SURVEY + """
- Reviu standar pelayanan sekurang-kurangnya sekali setahun.""",
}

DATA_PEMILIH = {
    "persyaratan": """\
**Pengecekan status pemilih**

- Nomor Induk Kependudukan (NIK) pada KTP-el atau Kartu Keluarga. Pengecekan mandiri juga dapat dilakukan di cekdptonline.kpu.go.id.

**Pendaftaran pemilih baru atau perbaikan data pemilih**

- KTP-el, Kartu Keluarga, biodata penduduk, atau Identitas Kependudukan Digital (IKD).
- Formulir tanggapan/masukan masyarakat yang telah diisi.

**Laporan pemilih yang tidak memenuhi syarat (TMS)**

- Identitas pelapor dan data pemilih yang dilaporkan.
- Dokumen pendukung sesuai keadaannya, misalnya surat keterangan kematian (meninggal dunia) atau surat keterangan pindah (pindah domisili).""",
    "prosedur": """\
1. Masyarakat mengecek status pendaftaran secara mandiri di cekdptonline.kpu.go.id atau datang ke meja layanan data pemilih {office_name}.
2. Untuk pendaftaran, perbaikan data atau laporan pemilih TMS, masyarakat mengisi formulir tanggapan dan menyerahkan dokumen pendukung, langsung atau melalui e-mail {office_email}.
3. Petugas memeriksa data dalam Sistem Informasi Data Pemilih (Sidalih) dan mencocokkannya dengan dokumen kependudukan.
4. Tanggapan yang memenuhi syarat dicatat sebagai bahan pemutakhiran data pemilih berkelanjutan (PDPB); bila perlu dilakukan pencocokan dan penelitian terbatas (coktas) atau koordinasi dengan Dinas Kependudukan dan Pencatatan Sipil.
5. Hasil pemutakhiran ditetapkan dalam rapat pleno terbuka rekapitulasi PDPB.
6. Pemohon menerima pemberitahuan hasil tindak lanjut.""",
    "waktu": """\
- Pengecekan status pemilih di meja layanan: pada hari yang sama, sekitar 15 (lima belas) menit.
- Tanda terima tanggapan/masukan: saat tanggapan diterima.
- Pemberitahuan hasil pemeriksaan tanggapan: paling lambat **5 (lima) hari kerja** sejak tanggapan diterima lengkap.
- Perubahan data pemilih: masuk dalam rekapitulasi PDPB periode berjalan sesuai jadwal rapat pleno yang ditetapkan.""",
    "biaya": "**Tidak dipungut biaya (gratis).** Petugas dilarang menerima uang atau imbalan dalam bentuk apa pun.",
    "produk": """\
- Informasi status pendaftaran pemilih.
- Tanda terima tanggapan/masukan masyarakat.
- Data pemilih yang dimutakhirkan: pemilih baru, perbaikan elemen data, atau pencoretan pemilih TMS dalam hasil rekapitulasi PDPB.
- Pemberitahuan hasil tindak lanjut tanggapan.""",
    "pengaduan": """\
Pengaduan, saran dan masukan tentang layanan data pemilih dapat disampaikan melalui:

""" + _CHANNELS,
    "dasar_hukum": """\
1. Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan beserta perubahannya.
2. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.
3. Undang-Undang Nomor 1 Tahun 2015 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2014 tentang Pemilihan Gubernur, Bupati, dan Walikota menjadi Undang-Undang, sebagaimana telah beberapa kali diubah terakhir dengan Undang-Undang Nomor 6 Tahun 2020.
4. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum sebagaimana telah diubah dengan Undang-Undang Nomor 7 Tahun 2023.
5. Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.
6. Peraturan Menteri PAN-RB Nomor 15 Tahun 2014 tentang Pedoman Standar Pelayanan.
7. Peraturan KPU Nomor 1 Tahun 2025 tentang Pemutakhiran Data Pemilih Berkelanjutan.""",
    "sarana": """\
- Meja layanan data pemilih di ruang pelayanan.
- Komputer dengan akses Sidalih, printer dan jaringan internet.
- Formulir tanggapan/masukan masyarakat.
- Ruang tunggu, toilet dan akses bagi penyandang disabilitas dan lansia.""",
    "kompetensi": """\
- Memahami ketentuan tentang daftar pemilih dan pemutakhiran data pemilih berkelanjutan.
- Mampu mengoperasikan Sidalih dan membaca dokumen kependudukan.
- Berkomunikasi dengan santun, jelas dan ramah.
- Menjaga kerahasiaan data pribadi pemilih.""",
    "pengawasan": """\
- Pengawasan melekat oleh atasan langsung operator dan petugas layanan data pemilih.
- Pengawasan oleh Anggota {office_name} yang membidangi perencanaan, data dan informasi, serta Sekretaris {office_name}.
- Pengendalian akses Sidalih: setiap operator memakai akun pribadi.""",
    "jumlah_pelaksana": """\
- 2 (dua) orang operator Sidalih/petugas layanan data pemilih.
- 1 (satu) orang penanggung jawab layanan data pemilih.""",
    "jaminan_pelayanan": """\
- Setiap tanggapan masyarakat dicatat, diperiksa dan diberi tahu hasilnya.
- Layanan diberikan sesuai Maklumat Pelayanan {office_name}, tanpa pungutan.""",
    "jaminan_keamanan": """\
- NIK, nomor KK dan data pribadi lain tidak ditampilkan utuh kepada pihak yang tidak berhak.
- Dokumen kependudukan yang diserahkan hanya dipakai untuk pemutakhiran data pemilih dan disimpan dengan aman.
- Sidalih hanya diakses operator yang berwenang; ruang pelayanan dilengkapi APAR, kotak P3K dan jalur evakuasi.""",
    "evaluasi": """\
- Evaluasi pelaksanaan PDPB sekurang-kurangnya sekali setahun dan dilaporkan kepada KPU Provinsi.
- Evaluasi kinerja petugas oleh atasan langsung, sekurang-kurangnya setiap semester.
- """ + _SURVEY + """
- Reviu standar pelayanan sekurang-kurangnya sekali setahun.""",
}

KONSULTASI = {
    "persyaratan": """\
- **Konsultasi langsung, telepon atau e-mail:** menyebutkan nama, asal (perorangan atau lembaga) dan pokok pertanyaan.
- **Konsultasi terjadwal atau audiensi oleh lembaga/kelompok:** surat permohonan yang memuat pokok bahasan, waktu yang diusulkan dan daftar peserta, disampaikan paling lambat 3 (tiga) hari kerja sebelumnya.""",
    "prosedur": """\
1. Pemohon datang ke meja layanan, menghubungi telepon {office_phone}, atau mengirim e-mail ke {office_email}.
2. Petugas mencatat identitas dan pokok konsultasi dalam register konsultasi.
3. Pertanyaan yang dapat dijawab langsung dijawab oleh petugas; pertanyaan teknis diteruskan kepada subbagian atau anggota KPU yang membidangi.
4. Konsultasi terjadwal dilaksanakan pada waktu yang disepakati dan dicatat dalam notula.
5. Jawaban tertulis dikirim kepada pemohon bila diminta.""",
    "waktu": """\
- Konsultasi langsung atau melalui telepon: saat itu juga, selama jam layanan ({office_hours}).
- Pertanyaan tertulis (surat/e-mail): dijawab paling lambat **3 (tiga) hari kerja**; bila memerlukan kajian atau koordinasi dengan KPU Provinsi/KPU, paling lambat **14 (empat belas) hari kerja** dengan pemberitahuan kepada pemohon.
- Konsultasi terjadwal/audiensi: jadwal disampaikan paling lambat **3 (tiga) hari kerja** setelah surat permohonan diterima.""",
    "biaya": "**Tidak dipungut biaya (gratis).** Petugas dilarang menerima uang atau imbalan dalam bentuk apa pun.",
    "produk": """\
- Penjelasan lisan atas pertanyaan.
- Jawaban tertulis, bila diminta atau bila pertanyaan diajukan tertulis.
- Notula konsultasi terjadwal/audiensi.
- Rujukan peraturan dan informasi kepemiluan yang relevan.""",
    "pengaduan": """\
Pengaduan, saran dan masukan tentang layanan konsultasi dapat disampaikan melalui:

""" + _CHANNELS,
    "dasar_hukum": """\
1. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik.
2. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.
3. Undang-Undang Nomor 1 Tahun 2015 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2014 tentang Pemilihan Gubernur, Bupati, dan Walikota menjadi Undang-Undang, sebagaimana telah beberapa kali diubah terakhir dengan Undang-Undang Nomor 6 Tahun 2020.
4. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum sebagaimana telah diubah dengan Undang-Undang Nomor 7 Tahun 2023.
5. Peraturan Menteri PAN-RB Nomor 15 Tahun 2014 tentang Pedoman Standar Pelayanan.
6. Peraturan dan Keputusan KPU yang berkaitan dengan pokok konsultasi.""",
    "sarana": """\
- Meja layanan dan ruang konsultasi/rapat.
- Telepon, e-mail dan jaringan internet.
- Bahan sosialisasi dan salinan peraturan kepemiluan; Rumah Pintar Pemilu bila tersedia.
- Ruang tunggu, toilet dan akses bagi penyandang disabilitas.""",
    "kompetensi": """\
- Memahami peraturan pemilu dan pemilihan serta tahapan yang sedang berjalan.
- Mampu menjelaskan dengan bahasa yang mudah dipahami dan bersikap netral terhadap semua peserta pemilu.
- Berkomunikasi dengan santun dan ramah; mampu menyusun jawaban tertulis.""",
    "pengawasan": """\
- Pengawasan melekat oleh atasan langsung petugas.
- Pengawasan oleh Sekretaris {office_name} dan anggota KPU yang membidangi pokok konsultasi.""",
    "jumlah_pelaksana": """\
- 2 (dua) orang petugas meja layanan.
- Narasumber dari subbagian atau anggota KPU sesuai pokok konsultasi.""",
    "jaminan_pelayanan": """\
- Setiap konsultasi dicatat dan dijawab; jawaban bersifat netral dan berdasarkan peraturan.
- Layanan diberikan sesuai Maklumat Pelayanan {office_name}, tanpa pungutan.""",
    "jaminan_keamanan": """\
- Identitas dan data pribadi pemohon hanya digunakan untuk keperluan layanan.
- Ruang pelayanan dilengkapi APAR, kotak P3K, kamera pengawas (CCTV) dan jalur evakuasi.""",
    "evaluasi": """\
- Evaluasi kinerja petugas oleh atasan langsung, sekurang-kurangnya setiap semester.
- Rekapitulasi register konsultasi (jumlah dan pokok pertanyaan) sebagai bahan perbaikan layanan dan sosialisasi.
- """ + _SURVEY + """
- Reviu standar pelayanan sekurang-kurangnya sekali setahun.""",
}

SAMPLE_SERVICES: list[dict] = [
    {
        "slug": "layanan-informasi-publik",
        "name": "Layanan Informasi Publik (PPID)",
        "description": "Permohonan informasi publik kepada Pejabat Pengelola Informasi dan Dokumentasi (PPID), "
                       "termasuk pengajuan keberatan.",
        "order": 10,
        "components": PPID,
    },
    {
        "slug": "layanan-pengaduan",
        "name": "Layanan Pengaduan Masyarakat",
        "description": "Penerimaan dan penanganan pengaduan, saran dan masukan masyarakat (DUMAS) dari semua kanal.",
        "order": 20,
        "components": PENGADUAN,
    },
    {
        "slug": "layanan-data-pemilih",
        "name": "Layanan Data Pemilih",
        "description": "Pengecekan status pemilih dan tanggapan masyarakat atas data pemilih dalam pemutakhiran "
                       "data pemilih berkelanjutan.",
        "order": 30,
        "components": DATA_PEMILIH,
    },
    {
        "slug": "layanan-konsultasi",
        "name": "Layanan Konsultasi Kepemiluan",
        "description": "Konsultasi dan informasi tentang penyelenggaraan pemilu dan pemilihan bagi masyarakat, "
                       "partai politik, pemantau dan pemangku kepentingan lain.",
        "order": 40,
        "components": KONSULTASI,
    },
]
