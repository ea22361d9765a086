"""Pages in Indonesian and English: which language a request gets, and the interface text.

The language of a page is ``?lang=id|en``, else the ``lang`` cookie a switch left, else
the best of ``Accept-Language``, else English. Templates call ``t("key")`` for interface
text and ``lang`` for the page's language (``<html lang>``, labels of graph terms);
``switch_url(code)`` is the same page in the other language. Every HTML response
varies on ``Accept-Language`` and ``Cookie``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, has_request_context, request
from markupsafe import Markup, escape

LANGS = ("en", "id")
DEFAULT = "en"
COOKIE = "lang"
NAMES = {"en": "English", "id": "Bahasa Indonesia"}


def page_lang() -> str:
    """The language of the page this request gets (``en`` outside a request)."""
    if not has_request_context():
        return DEFAULT
    if "tipkg_lang" not in g:
        g.tipkg_lang = _decide()
    return g.tipkg_lang


def _decide() -> str:
    asked = (request.args.get("lang") or "").strip().lower()
    if asked in LANGS:
        return asked
    kept = (request.cookies.get(COOKIE) or "").strip().lower()
    if kept in LANGS:
        return kept
    return _from_accept_language(request.headers.get("Accept-Language", ""))


def _from_accept_language(header: str) -> str:
    best, best_q = DEFAULT, 0.0
    for order, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.split("-")[0]
        if primary == "in":  # the old code for Indonesian
            primary = "id"
        if primary in LANGS and q > best_q:
            best, best_q = primary, q
    return best


def other(lang: str | None = None) -> str:
    lang = lang or page_lang()
    return "id" if lang == "en" else "en"


def switch_url(lang: str) -> str:
    """This page (path and query) with ``lang=`` set to ``lang``."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", lang)]
    return request.script_root + request.path + "?" + urlencode(args)


def t(key: str, lang: str | None = None, **values) -> Markup:
    """The interface text ``key`` in the page's language (English when untranslated)."""
    entry = MESSAGES.get(key)
    if entry is None:
        text = key
    else:
        text = entry.get(lang or page_lang()) or entry["en"]
    if values:
        text = text.format(**{k: escape(v) for k, v in values.items()})
    return Markup(text)


def pick_label(names: dict[str, str], lang: str | None = None) -> str | None:
    """From ``{lang: label}``: the page's language, else untagged, else English, else any."""
    lang = lang or page_lang()
    return names.get(lang) or names.get("") or names.get("en") or next(iter(names.values()), None)


def init_app(app: Flask) -> None:
    """Template globals and the ``Vary``/cookie handling of every HTML response."""
    app.jinja_env.globals.update(t=t, page_lang=page_lang, switch_url=switch_url, other_lang=other, lang_names=NAMES, langs=LANGS)

    @app.context_processor
    def _lang_context():
        return {"lang": page_lang()}

    @app.after_request
    def _vary_on_language(response):
        if response.mimetype == "text/html":
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
            asked = (request.args.get("lang") or "").strip().lower()
            if asked in LANGS and request.cookies.get(COOKIE) != asked:
                response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
        return response


M = dict[str, dict[str, str]]
MESSAGES: M = {
    # site
    "site.name": {"en": "ASEAN TIP knowledge graph", "id": "Graf pengetahuan TPPO ASEAN"},
    "nav.home": {"en": "Home", "id": "Beranda"},
    "nav.answers": {"en": "Answers", "id": "Jawaban"},
    "nav.sparql": {"en": "Query", "id": "Kueri"},
    "nav.dataset": {"en": "Dataset", "id": "Dataset"},
    "nav.dumps": {"en": "Dumps", "id": "Unduhan"},
    "nav.ontology": {"en": "Ontology", "id": "Ontologi"},
    "nav.shapes": {"en": "Shapes", "id": "Shape"},
    "nav.validate": {"en": "Validate", "id": "Validasi"},
    "nav.main": {"en": "Main", "id": "Utama"},
    "nav.language": {"en": "Language", "id": "Bahasa"},
    "skip": {"en": "Skip to content", "id": "Langsung ke isi"},
    "footer": {"en": "Data: {licence} · every fact links to the words it was drawn from.",
               "id": "Data: {licence} · setiap fakta menaut ke kata-kata asalnya."},
    "translation.ours": {"en": "translation ours", "id": "terjemahan kami"},
    # answers
    "a.commitments": {"en": "What the declaration commits to", "id": "Apa yang dijanjikan deklarasi"},
    "a.commitments.short": {"en": "Commitments", "id": "Komitmen"},
    "a.commitments.lead": {"en": "Every commitment of the 2023 ASEAN Leaders' Declaration found in the reports, grouped by the kind of action, with its modality, its condition and every report's exact words.",
                           "id": "Setiap komitmen Deklarasi Pemimpin ASEAN 2023 yang ditemukan dalam berita, dikelompokkan menurut jenis tindakan, dengan modalitas, syarat, dan kata-kata persis setiap berita."},
    "a.statistics": {"en": "Figures, and which disagree", "id": "Angka, dan mana yang berbeda"},
    "a.statistics.short": {"en": "Figures", "id": "Angka"},
    "a.statistics.lead": {"en": "Every figure the reports give: value, unit, period, area, who stated it and whose data it is. Figures of the same count that disagree are shown side by side with what each one counts.",
                          "id": "Setiap angka dalam berita: nilai, satuan, periode, wilayah, siapa yang menyebutkan dan data siapa. Angka untuk hitungan yang sama yang berbeda ditampilkan berdampingan beserta apa yang dihitung masing-masing."},
    "a.timeline": {"en": "Timeline", "id": "Linimasa"},
    "a.timeline.short": {"en": "Timeline", "id": "Linimasa"},
    "a.timeline.lead": {"en": "Events, instruments, statements and reports in date order. A date the sources make doubtful is marked.",
                        "id": "Peristiwa, instrumen, pernyataan dan berita menurut urutan tanggal. Tanggal yang diragukan menurut sumbernya ditandai."},
    "a.quotes": {"en": "Who said what, when and where", "id": "Siapa mengatakan apa, kapan dan di mana"},
    "a.quotes.short": {"en": "Quotes", "id": "Kutipan"},
    "a.quotes.lead": {"en": "Direct quotes and reported speech, with the speaker, the occasion, the date and the report; the original Indonesian words with the translation.",
                      "id": "Kutipan langsung dan ucapan yang dilaporkan, dengan pembicara, acara, tanggal dan berita; kata-kata asli beserta terjemahannya."},
    "a.actors": {"en": "People, posts and organisations", "id": "Tokoh, jabatan dan organisasi"},
    "a.actors.short": {"en": "Actors", "id": "Aktor"},
    "a.actors.lead": {"en": "The people the reports name, the posts they held and in which organisation, as each report attests.",
                      "id": "Tokoh yang disebut dalam berita, jabatan dan organisasinya, sebagaimana dinyatakan tiap berita."},
    "a.countries": {"en": "Countries and their roles", "id": "Negara dan perannya"},
    "a.countries.short": {"en": "Countries", "id": "Negara"},
    "a.countries.lead": {"en": "Each country the reports mention and the role it plays there.",
                         "id": "Setiap negara yang disebut dalam berita dan perannya."},
    "a.notes": {"en": "Data-quality notes", "id": "Catatan mutu data"},
    "a.notes.short": {"en": "Notes", "id": "Catatan"},
    "a.notes.lead": {"en": "What the build found doubtful in the sources, and what each note is about.",
                     "id": "Hal yang diragukan dalam sumber menurut proses pembangunan data, dan apa yang dibahas tiap catatan."},
    "a.query": {"en": "This page answers the example query {name}.", "id": "Halaman ini menjawab contoh kueri {name}."},
    "a.open": {"en": "Open it in the query editor", "id": "Buka di penyunting kueri"},
    "a.rows": {"en": "{n} rows", "id": "{n} baris"},
    "a.none": {"en": "The graph holds nothing of this kind.", "id": "Graf tidak memuat data jenis ini."},
    "a.evidence": {"en": "in the text", "id": "di teks"},
    "a.evidence.title": {"en": "Show these words highlighted in the report", "id": "Tampilkan kata-kata ini disorot dalam berita"},
    "a.fact": {"en": "fact", "id": "fakta"},
    "col.commitment": {"en": "Commitment", "id": "Komitmen"},
    "col.who": {"en": "Who commits, in what", "id": "Siapa berkomitmen, dalam apa"},
    "col.stated_in": {"en": "in", "id": "dalam"},
    "col.statement": {"en": "Statement", "id": "Pernyataan"},
    "a.statements": {"en": "The declaration's other statements", "id": "Pernyataan lain dalam deklarasi"},
    "a.statements.lead": {"en": "Recognitions, concerns, emphases and the like are not commitments: no committing verb gives them an undertaking. They are listed here, each with its kind and its words.",
                          "id": "Pengakuan, keprihatinan, penekanan dan sejenisnya bukan komitmen: tidak ada kata kerja yang menjadikannya janji. Semuanya dicantumkan di sini, masing-masing dengan jenis dan kata-katanya."},
    "col.modality": {"en": "Modality", "id": "Modalitas"},
    "col.condition": {"en": "Condition", "id": "Syarat"},
    "col.words": {"en": "Words in the reports", "id": "Kata-kata dalam berita"},
    "col.report": {"en": "Report", "id": "Berita"},
    "col.reports": {"en": "Reports", "id": "Berita"},
    "col.variable": {"en": "What is counted", "id": "Yang dihitung"},
    "col.value": {"en": "Value", "id": "Nilai"},
    "col.unit": {"en": "Unit", "id": "Satuan"},
    "col.period": {"en": "Period", "id": "Periode"},
    "col.area": {"en": "Area", "id": "Wilayah"},
    "col.stated_by": {"en": "Stated by", "id": "Disebutkan oleh"},
    "col.data_of": {"en": "Whose data", "id": "Sumber data"},
    "col.marks": {"en": "Marks", "id": "Tanda"},
    "col.date": {"en": "Date", "id": "Tanggal"},
    "col.what": {"en": "What", "id": "Apa"},
    "col.kind": {"en": "Kind", "id": "Jenis"},
    "col.speaker": {"en": "Speaker", "id": "Pembicara"},
    "col.said": {"en": "What was said", "id": "Yang dikatakan"},
    "col.occasion": {"en": "Occasion", "id": "Acara"},
    "col.person": {"en": "Person", "id": "Tokoh"},
    "col.post": {"en": "Post", "id": "Jabatan"},
    "col.organisation": {"en": "Organisation", "id": "Organisasi"},
    "col.country": {"en": "Country", "id": "Negara"},
    "col.role": {"en": "Role", "id": "Peran"},
    "col.about": {"en": "About", "id": "Tentang"},
    "col.note": {"en": "Note", "id": "Catatan"},
    "col.evidence": {"en": "Evidence", "id": "Bukti"},
    "mark.approximate": {"en": "approximate", "id": "perkiraan"},
    "mark.hedged": {"en": "hedged (diduga …)", "id": "dugaan (diduga …)"},
    "mark.doubtful": {"en": "doubtful date", "id": "tanggal diragukan"},
    "mark.doubtful.help": {"en": "The source gives a weekday that does not match this date.", "id": "Sumber menyebut hari yang tidak cocok dengan tanggal ini."},
    "stat.disagree": {"en": "Figures that disagree", "id": "Angka yang berbeda"},
    "stat.disagree.lead": {"en": "The same kind of count for the same area, with different values in different reports. Both stay in the graph with their own provenance; read what each one counts and who states it.",
                           "id": "Jenis hitungan yang sama untuk wilayah yang sama, dengan nilai berbeda di berita berbeda. Keduanya tetap di graf dengan asal-usulnya masing-masing; bacalah apa yang dihitung dan siapa yang menyebutkannya."},
    "stat.why": {"en": "Data-quality note:", "id": "Catatan mutu data:"},
    "stat.all": {"en": "Every figure", "id": "Semua angka"},
    "stat.chart": {"en": "Figures by what they count (bar length relative within each count)", "id": "Angka menurut yang dihitung (panjang batang relatif dalam tiap hitungan)"},
    "stat.counts": {"en": "counts", "id": "menghitung"},
    "stat.versus": {"en": "against", "id": "dibandingkan"},
    # sparql page
    "q.title": {"en": "SPARQL query", "id": "Kueri SPARQL"},
    "q.lead": {"en": "A read-only SPARQL 1.1 endpoint. The default graph is the merge of all named graphs. Programs send queries to {endpoint} (GET ?query=, or POST).",
               "id": "Titik akhir SPARQL 1.1 hanya-baca. Graf bawaan adalah gabungan semua graf bernama. Program mengirim kueri ke {endpoint} (GET ?query=, atau POST)."},
    "q.sd": {"en": "Service description", "id": "Deskripsi layanan"},
    "q.query": {"en": "Query", "id": "Kueri"},
    "q.results_as": {"en": "Results as", "id": "Hasil sebagai"},
    "q.table": {"en": "a table on this page", "id": "tabel di halaman ini"},
    "q.timeout": {"en": "Timeout (s)", "id": "Batas waktu (detik)"},
    "q.run": {"en": "Run query", "id": "Jalankan kueri"},
    "q.examples": {"en": "Example queries", "id": "Contoh kueri"},
    "q.no_examples": {"en": "No example queries are shipped with this dataset.", "id": "Tidak ada contoh kueri dalam dataset ini."},
    "q.edit": {"en": "edit", "id": "sunting"},
    "q.run_short": {"en": "run", "id": "jalankan"},
    "q.results": {"en": "Results", "id": "Hasil"},
    "q.count": {"en": "{n} results in {ms} ms.", "id": "{n} hasil dalam {ms} md."},
    "q.count_graph": {"en": "{n} triples in {ms} ms.", "id": "{n} tripel dalam {ms} md."},
    "q.cut": {"en": "Cut at {limit} results, the server's result limit: add LIMIT/OFFSET to your query to see the rest.",
              "id": "Dipotong pada {limit} hasil, batas hasil server: tambahkan LIMIT/OFFSET pada kueri untuk melihat sisanya."},
    "q.page": {"en": "Rows {first}–{last} of {n}", "id": "Baris {first}–{last} dari {n}"},
    "q.prev": {"en": "Previous page", "id": "Halaman sebelumnya"},
    "q.next": {"en": "Next page", "id": "Halaman berikutnya"},
    "q.download": {"en": "Download the results as", "id": "Unduh hasil sebagai"},
    "q.permalink": {"en": "Link to this query and its results", "id": "Tautan ke kueri ini dan hasilnya"},
    "q.ask_true": {"en": "Yes (the pattern matches).", "id": "Ya (pola cocok)."},
    "q.ask_false": {"en": "No (the pattern does not match).", "id": "Tidak (pola tidak cocok)."},
    "q.error": {"en": "The query was not run", "id": "Kueri tidak dijalankan"},
    "q.editor_help": {"en": "The editor highlights SPARQL and completes our prefixes (Ctrl+Space); Ctrl+Enter runs the query. Without JavaScript this is a plain text box.",
                      "id": "Penyunting menyorot SPARQL dan melengkapi prefiks kami (Ctrl+Spasi); Ctrl+Enter menjalankan kueri. Tanpa JavaScript ini kotak teks biasa."},
    "q.subject": {"en": "Subject", "id": "Subjek"},
    "q.predicate": {"en": "Predicate", "id": "Predikat"},
    "q.object": {"en": "Object", "id": "Objek"},
    # home
    "h.what": {"en": "What this is", "id": "Apa ini"},
    "h.how": {"en": "How it was made", "id": "Bagaimana dibuat"},
    "h.how.text": {"en": "Five Indonesian news reports about the 2023 ASEAN Leaders' Declaration on trafficking in persons caused by the abuse of technology were read by people. Each fact was written down with the exact words it rests on, checked against the text by the build, and held to SHACL shapes. Every fact from a report lives in that report's named graph and links to its words.",
                     "id": "Lima berita berbahasa Indonesia tentang Deklarasi Pemimpin ASEAN 2023 tentang pemberantasan tindak pidana perdagangan orang akibat penyalahgunaan teknologi dibaca oleh manusia. Setiap fakta dicatat bersama kata-kata persis yang mendasarinya, diperiksa terhadap teks saat pembangunan data, dan diuji dengan shape SHACL. Setiap fakta dari sebuah berita berada di graf bernama berita itu dan menaut ke kata-katanya."},
    "h.answers": {"en": "Answers", "id": "Jawaban"},
    "h.answers.lead": {"en": "Questions answered without writing SPARQL; each page says which query it runs.",
                       "id": "Pertanyaan yang terjawab tanpa menulis SPARQL; tiap halaman menyebut kueri yang dijalankannya."},
    "h.counts": {"en": "{triples} triples in {graphs} named graphs.", "id": "{triples} tripel dalam {graphs} graf bernama."},
    "h.version": {"en": "Version and how to cite", "id": "Versi dan cara mengutip"},
    "h.version.text": {"en": "Current version: {version}.", "id": "Versi saat ini: {version}."},
    "h.cite": {"en": "Cite as", "id": "Kutip sebagai"},
    "h.data": {"en": "Data and services", "id": "Data dan layanan"},
    "h.sparql": {"en": "SPARQL endpoint — read-only, with an editor and result tables; programs get JSON, XML, CSV, TSV and RDF.",
                 "id": "Titik akhir SPARQL — hanya-baca, dengan penyunting dan tabel hasil; program mendapat JSON, XML, CSV, TSV dan RDF."},
    "h.dumps": {"en": "Dumps — every RDF syntax, each also gzipped, with checksums.", "id": "Unduhan — setiap sintaks RDF, masing-masing juga di-gzip, dengan checksum."},
    "h.dataset": {"en": "Dataset description — VoID and DCAT.", "id": "Deskripsi dataset — VoID dan DCAT."},
    "h.vocab": {"en": "Ontology and SHACL shapes.", "id": "Ontologi dan shape SHACL."},
    "h.validate": {"en": "Validate your own RDF against the shapes.", "id": "Validasi RDF Anda sendiri terhadap shape."},
    "h.reports": {"en": "Source reports", "id": "Berita sumber"},
    "h.browse": {"en": "Browse by class", "id": "Jelajahi menurut kelas"},
    "h.all_by_sparql": {"en": "all {n} by SPARQL", "id": "semua {n} lewat SPARQL"},
    "h.graphs": {"en": "Named graphs", "id": "Graf bernama"},
    # shared
    "also_as": {"en": "Also as:", "id": "Juga sebagai:"},
    "iri": {"en": "IRI", "id": "IRI"},
    # resource
    "r.text": {"en": "Text of the report", "id": "Teks berita"},
    "r.text.help": {"en": "Highlighted passages are the exact words facts were drawn from; follow one to its fact. Offsets are Unicode code points.",
                    "id": "Bagian yang disorot adalah kata-kata persis asal fakta; ikuti untuk menuju faktanya. Offset dalam titik kode Unicode."},
    "r.spans": {"en": "Evidence spans ({n})", "id": "Rentang bukti ({n})"},
    "r.span": {"en": "Span", "id": "Rentang"},
    "r.exact": {"en": "Exact words", "id": "Kata-kata persis"},
    "r.evidence": {"en": "Evidence", "id": "Bukti"},
    "r.in": {"en": "in {report}, code points {start}–{end}", "id": "dalam {report}, titik kode {start}–{end}"},
    "r.show": {"en": "show in the text", "id": "tampilkan di teks"},
    "r.graph": {"en": "graph", "id": "graf"},
    "r.out": {"en": "Statements about it ({n})", "id": "Pernyataan tentangnya ({n})"},
    "r.in_links": {"en": "Statements pointing to it ({n})", "id": "Pernyataan yang menunjuk kepadanya ({n})"},
    "r.property": {"en": "Property", "id": "Properti"},
    "r.value": {"en": "Value", "id": "Nilai"},
    "r.subject": {"en": "Subject", "id": "Subjek"},
    "r.fulltext": {"en": "(the full text, shown above)", "id": "(teks lengkap, ditampilkan di atas)"},
    "r.doubt": {"en": "Doubtful date: it was read from a phrase a data-quality note flags:", "id": "Tanggal diragukan: dibaca dari ungkapan yang ditandai catatan mutu data:"},
    "r.hedge": {"en": "Hedged: the report says “{words}” (a suspicion, not an assertion).", "id": "Berupa dugaan: berita menulis “{words}” (dugaan, bukan kepastian)."},
    "r.cut": {"en": "This description is cut at 1000 statements each way; the SPARQL endpoint has the rest.",
              "id": "Deskripsi ini dipotong pada 1000 pernyataan tiap arah; titik akhir SPARQL memuat sisanya."},
    "r.translation": {"en": "Words and translation", "id": "Kata-kata dan terjemahan"},
    "r.translation.help": {"en": "The Indonesian words are the report's. The English is the asean-tip-kg project's own translation of them: not the report's words, nor the speaker's own.",
                           "id": "Kata-kata bahasa Indonesia berasal dari berita. Bahasa Inggrisnya adalah terjemahan proyek asean-tip-kg sendiri: bukan kata-kata berita, bukan pula kata-kata pembicara."},
    "nf.title": {"en": "Not found", "id": "Tidak ditemukan"},
    # validate
    "v.title": {"en": "Validate RDF against the shapes", "id": "Validasi RDF terhadap shape"},
    "v.lead": {"en": "Check your data with the SHACL shapes this dataset is held to. Nothing you send is stored or published. Programs can POST /validate the RDF itself with its Content-Type.",
               "id": "Periksa data Anda dengan shape SHACL yang dipakai dataset ini. Tidak ada yang Anda kirim disimpan atau diterbitkan. Program dapat melakukan POST /validate berisi RDF dengan Content-Type-nya."},
    "v.conforms": {"en": "Conforms", "id": "Sesuai"},
    "v.not": {"en": "Does not conform", "id": "Tidak sesuai"},
    "v.summary": {"en": "{triples} triples ({format}), inference {inference}, context {context}: {n} result(s).",
                  "id": "{triples} tripel ({format}), inferensi {inference}, konteks {context}: {n} hasil."},
    "v.by_shape": {"en": "Results grouped by shape", "id": "Hasil dikelompokkan menurut shape"},
    "v.severity": {"en": "Severity", "id": "Tingkat"},
    "v.focus": {"en": "Focus node", "id": "Simpul fokus"},
    "v.path": {"en": "Path", "id": "Jalur"},
    "v.value": {"en": "Value", "id": "Nilai"},
    "v.message": {"en": "Message", "id": "Pesan"},
    "v.shape": {"en": "Shape", "id": "Shape"},
    "v.inferred": {"en": "Inferred triples ({n})", "id": "Tripel hasil inferensi ({n})"},
    "v.upload": {"en": "Upload a file", "id": "Unggah berkas"},
    "v.paste": {"en": "or paste RDF", "id": "atau tempel RDF"},
    "v.syntax": {"en": "Syntax of pasted RDF", "id": "Sintaks RDF yang ditempel"},
    "v.inference": {"en": "Inference", "id": "Inferensi"},
    "v.context": {"en": "Context", "id": "Konteks"},
    "v.alone": {"en": "my data alone", "id": "data saya saja"},
    "v.together": {"en": "together with the published graph", "id": "bersama graf yang diterbitkan"},
    "v.show_inferred": {"en": "show inferred triples", "id": "tampilkan tripel hasil inferensi"},
    "v.submit": {"en": "Validate", "id": "Validasi"},
    # dataset, dumps, graph, ontology, shapes, not found
    "d.licence": {"en": "Licence", "id": "Lisensi"},
    "d.triples": {"en": "Triples", "id": "Tripel"},
    "d.entities": {"en": "Entities (IRIs as subjects)", "id": "Entitas (IRI sebagai subjek)"},
    "d.graphs": {"en": "Named graphs", "id": "Graf bernama"},
    "d.temporal": {"en": "Temporal coverage", "id": "Cakupan waktu"},
    "d.endpoint": {"en": "SPARQL endpoint", "id": "Titik akhir SPARQL"},
    "d.distributions": {"en": "Distributions", "id": "Distribusi"},
    "d.cite": {"en": "How to cite this version", "id": "Cara mengutip versi ini"},
    "d.cite_lead": {"en": "Cite the version you used by its persistent IRI (it names these exact triples; the dataset IRI names whatever version is served):",
                    "id": "Kutip versi yang Anda gunakan dengan IRI persistennya (IRI itu menamai tripel-tripel ini persis; IRI dataset menamai versi mana pun yang sedang disajikan):"},
    "d.cite_more": {"en": "Every version, with what changed: <a href=\"{versions}\">versions</a>; what this version changed: <a href=\"{diff}\">its diff</a>.",
                    "id": "Setiap versi, beserta perubahannya: <a href=\"{versions}\">versi</a>; perubahan pada versi ini: <a href=\"{diff}\">diff-nya</a>."},
    "d.file": {"en": "File", "id": "Berkas"},
    "d.media": {"en": "Media type", "id": "Jenis media"},
    "d.bytes": {"en": "Bytes", "id": "Bita"},
    "d.classes": {"en": "Classes ({n})", "id": "Kelas ({n})"},
    "d.class": {"en": "Class", "id": "Kelas"},
    "d.instances": {"en": "Entities", "id": "Entitas"},
    "d.properties": {"en": "Properties ({n})", "id": "Properti ({n})"},
    "d.property": {"en": "Property", "id": "Properti"},
    "d.vocabularies": {"en": "Vocabularies", "id": "Kosakata"},
    "du.title": {"en": "Dumps", "id": "Unduhan"},
    "du.lead": {"en": "The whole dataset, version {version}: {triples} triples, {quads} quads in {graphs} named graphs. TriG, N-Quads and JSON-LD keep the named graphs; Turtle and N-Triples hold their union.",
                "id": "Seluruh dataset, versi {version}: {triples} tripel, {quads} quad dalam {graphs} graf bernama. TriG, N-Quads dan JSON-LD mempertahankan graf bernama; Turtle dan N-Triples memuat gabungannya."},
    "du.json": {"en": "Also as JSON", "id": "Juga sebagai JSON"},
    "du.one": {"en": "One named graph at a time:", "id": "Satu graf bernama sekaligus:"},
    "g.title": {"en": "Named graph", "id": "Graf bernama"},
    "g.triples": {"en": "{n} triples", "id": "{n} tripel"},
    "g.gsp": {"en": "Graph Store Protocol:", "id": "Graph Store Protocol:"},
    "g.classes": {"en": "Classes", "id": "Kelas"},
    "g.resources": {"en": "Resources", "id": "Sumber daya"},
    "g.resource": {"en": "Resource", "id": "Sumber daya"},
    "o.title": {"en": "Ontology", "id": "Ontologi"},
    "o.contents": {"en": "Contents", "id": "Daftar isi"},
    "o.version": {"en": "version {v}", "id": "versi {v}"},
    "s.title": {"en": "SHACL shapes", "id": "Shape SHACL"},
    "s.count": {"en": "{n} node shapes · {triples} triples", "id": "{n} node shape · {triples} tripel"},
    "s.lead": {"en": "The data is checked against these shapes before it is published; {link} checks your own data against them.",
               "id": "Data diperiksa terhadap shape ini sebelum diterbitkan; {link} memeriksa data Anda sendiri terhadapnya."},
    "s.applies": {"en": "Applies to:", "id": "Berlaku untuk:"},
    "s.path": {"en": "Path", "id": "Jalur"},
    "s.count_col": {"en": "Count", "id": "Jumlah"},
    "s.value": {"en": "Value", "id": "Nilai"},
    "s.message": {"en": "Message", "id": "Pesan"},
    "nf.lead": {"en": "The IRI {iri} lies under this dataset's base, but nothing in the data is named so.",
                "id": "IRI {iri} berada di bawah basis dataset ini, tetapi tidak ada data yang bernama demikian."},
    "nf.others": {"en": "Other {kind} resources", "id": "Sumber daya {kind} lainnya"},
    "nf.try": {"en": "Try the home page, the dataset description or a SPARQL query.", "id": "Coba beranda, deskripsi dataset, atau kueri SPARQL."},
}


__all__ = ["LANGS", "page_lang", "t", "switch_url", "pick_label", "init_app", "MESSAGES"]
