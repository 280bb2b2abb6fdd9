// shell/server/sms/sms_texts.cpp: every text the SMS channel sends, in Bahasa Indonesia.
//
// Owns the wording of answers, help and news (docs/sms.md quotes them). Kept in the server
// rather than in assets/i18n: those catalogs are the portal's download, where every byte counts
// against a phone's budget, and a citizen's phone never shows these. Each text puts the
// tracking code first, so fitting it into one SMS (core/sms fit_one_sms cuts the end) never
// loses the code; the words are the plain ones LAPOR!'s own SMS replies use. {1} is the code,
// then as each key says.
#include <map>
#include <string>

#include "core/i18n/messages.h"
#include "shell/server/sms/sms_channel.h"

namespace aduan::server::sms {
namespace {

const std::map<std::string, std::string, std::less<>>& texts() {
  static const std::map<std::string, std::string, std::less<>> table = {
      {"sms.report_title", "Laporan SMS: {1}"},
      {"sms.reply.received",
       "{1}: laporan Anda diterima. Petugas melengkapi wilayah dan kategorinya. Cek status: CEK "
       "{1}. "
       "Kabar dikirim lewat SMS."},
      {"sms.reply.received_anonymous",
       "{1}: laporan anonim Anda diterima. Simpan kode ini. Cek status: CEK {1}. Nomor Anda tidak "
       "disimpan dan tidak diberi kabar."},
      {"sms.reply.not_stored",
       "Laporan belum dapat disimpan: tulis dengan huruf biasa, misalnya LAPOR jalan rusak di "
       "depan SDN 2."},
      // {2} the status, {3} the latest public note (an answer, a reason).
      {"sms.reply.status", "{1}: {2}."},
      {"sms.reply.status_note", "{1}: {2}. {3}"},
      {"sms.reply.replied", "{1}: balasan Anda diterima dan diteruskan ke instansi."},
      {"sms.reply.accepted", "{1}: laporan selesai. Terima kasih. Beri nilai: NILAI {1} 1-5."},
      {"sms.reply.rated", "{1}: terima kasih atas nilai Anda."},
      // {2} the report's status: the action does not fit it now.
      {"sms.reply.refused", "{1}: tidak dapat dilakukan saat status laporan {2}. Cek: CEK {1}."},
      {"sms.reply.unknown_code",
       "Kode itu tidak dikenal untuk nomor ini. Periksa kode pada SMS tanda terima."},
      {"sms.reply.stopped", "Anda tidak akan menerima SMS lagi dari layanan ini."},
      {"sms.help",
       "Kirim: LAPOR isi laporan | LAPOR ANONIM isi | CEK kode | BALAS kode pesan | SELESAI kode | "
       "NILAI "
       "kode 1-5 | BERHENTI"},
      {"sms.help.report_empty",
       "Tulis isi laporan setelah LAPOR, misalnya: LAPOR jalan rusak di depan SDN 2."},
      {"sms.help.bad_code",
       "Kode tidak sah. Kode ada pada SMS tanda terima, misalnya CEK ABCD-EFGH-JKMN-P."},
      {"sms.help.reply_empty",
       "Tulis pesan setelah kode, misalnya: BALAS kode jalan belum diperbaiki."},
      {"sms.help.rating_range", "Nilai 1 sampai 5, misalnya: NILAI kode 5."},
      // {2} the agency, {3} its answer. A ".tail" is kept whole when the text is cut.
      {"sms.news.dispositioned", "{1}: laporan Anda diverifikasi dan diteruskan ke {2}."},
      {"sms.news.dispositioned.tail", ""},
      {"sms.news.responded", "{1} dijawab {2}: {3}"},
      {"sms.news.responded.tail", " Balas: BALAS {1} pesan. Terima: SELESAI {1}"},
      {"sms.news.completed", "{1}: laporan Anda selesai. Terima kasih."},
      {"sms.news.completed.tail", ""},
      {"status.received", "diterima"},
      {"status.verified", "diverifikasi"},
      {"status.on_hold", "ditunda"},
      {"status.rejected", "ditolak"},
      {"status.dispositioned", "diteruskan ke instansi"},
      {"status.in_progress", "ditindaklanjuti"},
      {"status.responded", "ditanggapi"},
      {"status.completed", "selesai"},
      {"status.archived", "diarsipkan"},
  };
  return table;
}

}  // namespace

std::string sms_text(std::string_view key, std::initializer_list<std::string> args) {
  const auto& table = texts();
  const auto found = table.find(key);
  return i18n::fill_placeholders(found == table.end() ? table.at("sms.help") : found->second, args);
}

}  // namespace aduan::server::sms
