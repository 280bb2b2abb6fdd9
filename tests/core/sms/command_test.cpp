// Tests of the SMS grammar (core/sms/command.h). One table row per way a citizen can write a
// command, in both languages, with the whole expected Command: a row compares every field
// (Command's defaulted ==), so a parser that fills a field it should not (a hint in a reply, a
// code in a report) fails too.
// Then the parts a table cannot show well: the 2,000-byte cut, bad bytes, and that the parser
// is total (any bytes give a Command whose text is valid UTF-8).
#include "core/sms/command.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "core/domain/tracking_code.h"
#include "core/i18n/utf8.h"

namespace aduan::sms {

// Printed in full when a row fails, so the failure shows which field went wrong.
void PrintTo(const Command& c, std::ostream* out) {
  *out << "{" << command_name(c.kind) << (c.anonymous ? " anonymous" : "") << " code='" << c.code
       << "' text='" << c.text << "' #'" << c.category_hint << "' @'" << c.place_hint
       << "' rating=" << c.rating << " problem='" << c.problem << "'}";
}

namespace {

// Valid codes (tracking_code_from_bits of 0x0123456789ABCDEF, 0xFEDCBA9876543210 and 0x123).
constexpr std::string_view kCode = "28T5-CY4T-QKFF-4";
constexpr std::string_view kCodeWithOne = "XQ5T-K1V5-8CGG-W";
constexpr std::string_view kCodeWithZeros = "0000-0000-0093-7";

Command make(CommandKind kind) {
  Command c;
  c.kind = kind;
  return c;
}
Command report(std::string text, std::string category = {}, std::string place = {},
               bool anonymous = false) {
  Command c = make(CommandKind::report);
  c.text = std::move(text), c.category_hint = std::move(category);
  c.place_hint = std::move(place), c.anonymous = anonymous;
  return c;
}
Command anonymous_report(std::string text) {
  return report(std::move(text), {}, {}, true);
}
Command with_code(CommandKind kind, std::string_view code) {
  Command c = make(kind);
  c.code = std::string(code);
  return c;
}
Command reply(std::string_view code, std::string text) {
  Command c = with_code(CommandKind::reply, code);
  c.text = std::move(text);
  return c;
}
Command rate(std::string_view code, int rating) {
  Command c = with_code(CommandKind::rate, code);
  c.rating = rating;
  return c;
}
Command help(std::string_view problem = {}, std::string_view code = {}) {
  Command c;
  c.problem = std::string(problem), c.code = std::string(code);
  return c;
}

struct Row {
  std::string input;
  Command expected;
};

void check_rows(const std::vector<Row>& rows) {
  for (const auto& row : rows)
    EXPECT_EQ(parse_command(row.input), row.expected) << "input: \"" << row.input << "\"";
}

TEST(SmsTestCodes, AreValid) {
  for (auto code : {kCode, kCodeWithOne, kCodeWithZeros})
    EXPECT_TRUE(domain::is_canonical_tracking_code(code)) << code;
}

TEST(ParseCommand, ReportInBothLanguagesAnyCaseAndSpacing) {
  check_rows({
      {"LAPOR jalan rusak", report("jalan rusak")},
      {"lapor jalan rusak", report("jalan rusak")},
      {"Lapor Jalan Rusak", report("Jalan Rusak")},
      {"REPORT broken road", report("broken road")},
      {"report broken road", report("broken road")},
      {"  LAPOR   jalan \t rusak  ", report("jalan rusak")},
      {"LAPOR\njalan\r\nrusak\n", report("jalan rusak")},
      {"LAPOR: jalan rusak", report("jalan rusak")},
      {"LAPOR:jalan rusak", report("jalan rusak")},
      {"LAPOR, jalan rusak", report("jalan rusak")},
      {"LAPOR. jalan rusak", report("jalan rusak")},
      {"LAPOR : jalan rusak", report("jalan rusak")},
      {"LAPOR - jalan rusak", report("jalan rusak")},
      {"LAPOR\xC2\xA0jalan rusak", report("jalan rusak")},  // a no-break space
      {"LAPOR jalan rusak, sudah 3 bulan!", report("jalan rusak, sudah 3 bulan!")},
      {"LAPOR jalan berlubang\xE2\x80\xA6 bahaya \xF0\x9F\x98\xA0",
       report("jalan berlubang\xE2\x80\xA6 bahaya \xF0\x9F\x98\xA0")},
  });
}

TEST(ParseCommand, AnonymousReports) {
  check_rows({
      {"LAPOR ANONIM pungli di kantor desa", anonymous_report("pungli di kantor desa")},
      {"lapor anonim pungli", anonymous_report("pungli")},
      {"LAPOR ANONIM: pungli", anonymous_report("pungli")},
      {"LAPOR: ANONIM pungli", anonymous_report("pungli")},
      {"LAPOR ANONIM - pungli", anonymous_report("pungli")},
      {"REPORT ANON bribe at the office", anonymous_report("bribe at the office")},
      {"REPORT ANONYMOUS bribe", anonymous_report("bribe")},
      {"LAPOR ANONYMOUS pungli", anonymous_report("pungli")},
      {"REPORT ANONIM bribe", anonymous_report("bribe")},
      // Only right after the keyword: later it is an ordinary word of the text.
      {"LAPOR pelapor ANONIM takut", report("pelapor ANONIM takut")},
      {"LAPOR ANONIMOUS pungli", report("ANONIMOUS pungli")},
  });
}

TEST(ParseCommand, HintsAreTakenOutOfTheReportText) {
  check_rows({
      {"LAPOR #jalan lubang besar", report("lubang besar", "jalan")},
      {"LAPOR lubang besar @Sukamaju", report("lubang besar", "", "Sukamaju")},
      {"LAPOR #Jalan @Sukamaju lubang", report("lubang", "jalan", "Sukamaju")},
      {"LAPOR lubang #JALAN di @Desa-Sukamaju, dekat sekolah",
       report("lubang di dekat sekolah", "jalan", "Desa-Sukamaju")},
      // Only the first of each is kept; later ones are removed all the same.
      {"LAPOR #jalan lubang #air @Sukamaju @Cibadak", report("lubang", "jalan", "Sukamaju")},
      // Punctuation that ends the hint word is not part of the hint.
      {"LAPOR lubang di @Sukamaju. #jalan!", report("lubang di", "jalan", "Sukamaju")},
      // A lone sigil names nothing and stays; '@' inside a word is not a hint.
      {"LAPOR rumah # 5 @ pasar", report("rumah # 5 @ pasar")},
      {"LAPOR kirim ke budi@contoh.id", report("kirim ke budi@contoh.id")},
      // Non-ASCII letters keep their case; ASCII ones are lowered.
      {"LAPOR #Jalan\xC3\x89 x", report("x", "jalan\xC3\x89")},
      {"LAPOR ANONIM #pungli @Kecamatan minta uang",
       report("minta uang", "pungli", "Kecamatan", true)},
      {"LAPOR:#jalan lubang", report("lubang", "jalan")},
  });
}

TEST(ParseCommand, EmptyReportsAskForText) {
  Command anonymous_empty = help(kProblemReportEmpty);
  anonymous_empty.anonymous = true;
  check_rows({
      {"LAPOR", help(kProblemReportEmpty)},
      {"REPORT   ", help(kProblemReportEmpty)},
      {"LAPOR:", help(kProblemReportEmpty)},
      {"LAPOR #jalan @Sukamaju", help(kProblemReportEmpty)},
      {"LAPOR ANONIM", anonymous_empty},
      {"REPORT ANON #road", anonymous_empty},
  });
}

TEST(ParseCommand, CheckTakesACodeHoweverItIsTyped) {
  check_rows({
      {"CEK 28T5-CY4T-QKFF-4", with_code(CommandKind::check, kCode)},
      {"cek 28t5-cy4t-qkff-4", with_code(CommandKind::check, kCode)},
      {"CHECK 28T5CY4TQKFF4", with_code(CommandKind::check, kCode)},
      {"STATUS 28T5 CY4T QKFF 4", with_code(CommandKind::check, kCode)},
      {"status: 28t5 cy4t qkff 4", with_code(CommandKind::check, kCode)},
      {"Cek,28T5-CY4T-QKFF-4.", with_code(CommandKind::check, kCode)},
      {"cek 2 8 t 5 c y 4 t q k f f 4", with_code(CommandKind::check, kCode)},
      {"CEK XQ5T-KLV5-8CGG-W", with_code(CommandKind::check, kCodeWithOne)},
      {"CEK xq5t kiv5 8cgg w", with_code(CommandKind::check, kCodeWithOne)},
      {"CEK OOOO OOOO OO93 7", with_code(CommandKind::check, kCodeWithZeros)},
      {"CEK oooo-oooo-oo93-7", with_code(CommandKind::check, kCodeWithZeros)},
      // Words after a whole code are ignored.
      {"CEK 28T5-CY4T-QKFF-4 tolong dicek", with_code(CommandKind::check, kCode)},
      {"CEK 28T5 CY4T QKFF 4 terima kasih", with_code(CommandKind::check, kCode)},
  });
}

TEST(ParseCommand, BadCodesAreNamedAsTheProblem) {
  for (const char* keyword : {"CEK", "CHECK", "STATUS", "SELESAI", "DONE", "ACCEPT"}) {
    const std::string k = keyword;
    check_rows({
        {k, help(kProblemBadCode)},
        {k + " ", help(kProblemBadCode)},
        {k + " 28T5-CY4T-QKFF-5", help(kProblemBadCode)},   // check symbol wrong
        {k + " 28T5-CY4T-QKFF", help(kProblemBadCode)},     // too short
        {k + " 28T5-CY4T-QKFF-44", help(kProblemBadCode)},  // too long
        {k + " 28T5-CY4T-QKFF-U", help(kProblemBadCode)},   // U is no symbol
        {k + " 82T5-CY4T-QKFF-4", help(kProblemBadCode)},   // transposed
        {k + " laporan saya", help(kProblemBadCode)},
    });
  }
}

TEST(ParseCommand, AcceptInBothLanguages) {
  check_rows({
      {"SELESAI 28T5-CY4T-QKFF-4", with_code(CommandKind::accept, kCode)},
      {"selesai 28t5 cy4t qkff 4", with_code(CommandKind::accept, kCode)},
      {"DONE 28T5CY4TQKFF4", with_code(CommandKind::accept, kCode)},
      {"Accept: oooo-oooo-oo93-7", with_code(CommandKind::accept, kCodeWithZeros)},
      {"SELESAI 28T5-CY4T-QKFF-4 terima kasih", with_code(CommandKind::accept, kCode)},
  });
}

TEST(ParseCommand, ReplyFindsTheCodeThenTheText) {
  check_rows({
      {"BALAS 28T5-CY4T-QKFF-4 lubang belum ditutup", reply(kCode, "lubang belum ditutup")},
      {"balas 28t5cy4tqkff4 belum", reply(kCode, "belum")},
      {"REPLY 28T5 CY4T QKFF 4 still broken", reply(kCode, "still broken")},
      {"reply 28t5 cy4t qkff 4   still\nbroken  ", reply(kCode, "still broken")},
      {"BALAS: 28T5-CY4T-QKFF-4: belum", reply(kCode, "belum")},
      {"BALAS 28T5-CY4T-QKFF-4, belum", reply(kCode, "belum")},
      {"BALAS 28T5-CY4T-QKFF-4 - belum", reply(kCode, "belum")},
      {"BALAS 28T5-CY4T-QKFF-4 -- belum", reply(kCode, "belum")},  // the longest code prefix
      {"BALAS oooo oooo oo93 7 sudah", reply(kCodeWithZeros, "sudah")},
      {"BALAS XQ5T-KLV5-8CGG-W ok", reply(kCodeWithOne, "ok")},
      // The text keeps what a report would take as hints, and its own first word.
      {"BALAS 28T5-CY4T-QKFF-4 #jalan @Sukamaju 4", reply(kCode, "#jalan @Sukamaju 4")},
      // Code groups with the text's first word glued on are no code.
      {"BALAS 28T5 CY4T QKFF 4belum", help(kProblemBadCode)},
      {"BALAS 28T5-CY4T-QKFF-5 belum", help(kProblemBadCode)},
      {"BALAS belum diperbaiki", help(kProblemBadCode)},
      {"REPLY", help(kProblemBadCode)},
      {"BALAS 28T5-CY4T-QKFF-4", help(kProblemReplyEmpty, kCode)},
      {"REPLY 28t5 cy4t qkff 4 :", help(kProblemReplyEmpty, kCode)},
  });
}

TEST(ParseCommand, RateTakesARatingOfOneToFive) {
  check_rows({
      {"NILAI 28T5-CY4T-QKFF-4 5", rate(kCode, 5)},
      {"nilai 28t5cy4tqkff4 1", rate(kCode, 1)},
      {"RATE 28T5 CY4T QKFF 4 3", rate(kCode, 3)},
      {"rate: oooo oooo oo93 7 4.", rate(kCodeWithZeros, 4)},
      {"NILAI 28T5-CY4T-QKFF-4 2!", rate(kCode, 2)},
      {"NILAI 28T5-CY4T-QKFF-4 0", help(kProblemRatingRange, kCode)},
      {"NILAI 28T5-CY4T-QKFF-4 6", help(kProblemRatingRange, kCode)},
      {"NILAI 28T5-CY4T-QKFF-4 x", help(kProblemRatingRange, kCode)},
      {"NILAI 28T5-CY4T-QKFF-4 -3", help(kProblemRatingRange, kCode)},
      {"NILAI 28T5-CY4T-QKFF-4 4.5", help(kProblemRatingRange, kCode)},
      {"NILAI 28T5-CY4T-QKFF-4 10", help(kProblemRatingRange, kCode)},
      {"NILAI 28T5-CY4T-QKFF-4 lima", help(kProblemRatingRange, kCode)},
      {"NILAI 28T5-CY4T-QKFF-4", help(kProblemRatingRange, kCode)},
      {"NILAI 28T5 CY4T QKFF 4", help(kProblemRatingRange, kCode)},
      {"RATE 28T5-CY4T-QKFF-4 4 bagus", help(kProblemRatingRange, kCode)},
      {"NILAI 28T5-CY4T-QKFF-5 4", help(kProblemBadCode)},
      {"NILAI 5", help(kProblemBadCode)},
      {"RATE", help(kProblemBadCode)},
  });
}

TEST(ParseCommand, StopIgnoresWhatFollows) {
  check_rows({
      {"BERHENTI", make(CommandKind::stop)},
      {"berhenti", make(CommandKind::stop)},
      {"STOP", make(CommandKind::stop)},
      {"stop.", make(CommandKind::stop)},
      {"Stop semua sms dari nomor ini", make(CommandKind::stop)},
      {"UNREG", make(CommandKind::stop)},
      {"unreg aduan", make(CommandKind::stop)},
  });
}

TEST(ParseCommand, EverythingElseIsPlainHelp) {
  check_rows({
      {"", help()},
      {"   \n\t ", help()},
      {"BANTUAN", help()},
      {"bantuan lapor", help()},
      {"HELP", help()},
      {"INFO", help()},
      {"?", help()},
      {"halo pak", help()},
      {"LAPORAN jalan rusak", help()},  // not the keyword: LAPOR
      {"LAPOR2 jalan", help()},
      {"LAPOR-jalan rusak", help()},  // only ':' ',' '.' may follow a keyword directly
      {"#jalan LAPOR rusak", help()},
      {"CEKK 28T5-CY4T-QKFF-4", help()},
      {"28T5-CY4T-QKFF-4", help()},
      {"\xC3\xA9LAPOR x", help()},
  });
}

TEST(ParseCommand, CommandNamesFollowTheEnumOrder) {
  const char* names[] = {"report", "check", "reply", "accept", "rate", "stop", "help"};
  for (int k = 0; k < 7; ++k) EXPECT_EQ(command_name(static_cast<CommandKind>(k)), names[k]);
}

TEST(ParseCommand, ProblemKeysAreTheOnesTheParserUses) {
  EXPECT_EQ(kProblemKeys.size(), 4u);
  for (auto key : kProblemKeys) EXPECT_TRUE(key.starts_with("sms.help.")) << key;
  EXPECT_EQ(parse_command("LAPOR").problem, "sms.help.report_empty");
  EXPECT_EQ(parse_command("CEK x").problem, "sms.help.bad_code");
  EXPECT_EQ(parse_command("NILAI 28T5-CY4T-QKFF-4 9").problem, "sms.help.rating_range");
  EXPECT_EQ(parse_command("BALAS 28T5-CY4T-QKFF-4").problem, "sms.help.reply_empty");
}

TEST(ParseCommand, LongInputIsCutAt2000BytesOnAWholeCharacter) {
  // "LAPOR " then 'a's up to byte 1999, then a two-byte "é" across the limit: the "é" goes.
  std::string input = "LAPOR " + std::string(kMaxCommandBytes - 7, 'a') + "\xC3\xA9tail";
  ASSERT_EQ(input.size(), kMaxCommandBytes + 5);
  Command command = parse_command(input);
  ASSERT_EQ(command.kind, CommandKind::report);
  EXPECT_EQ(command.text, std::string(kMaxCommandBytes - 7, 'a'));

  // One byte more room and the "é" is kept whole.
  input = "LAPOR " + std::string(kMaxCommandBytes - 8, 'a') + "\xC3\xA9tail";
  command = parse_command(input);
  EXPECT_EQ(command.text, std::string(kMaxCommandBytes - 8, 'a') + "\xC3\xA9");

  // The limit is on the bytes that arrived, not on what is left once blanks are collapsed.
  input = "LAPOR" + std::string(10, ' ') + std::string(1984, 'a') + "\xC3\xA9tail";
  EXPECT_EQ(parse_command(input).text, std::string(1984, 'a'));

  // A four-byte emoji straddling the limit, at each of its byte offsets.
  for (std::size_t before = kMaxCommandBytes - 4; before <= kMaxCommandBytes; ++before) {
    input = "LAPOR " + std::string(before - 6, 'b') + "\xF0\x9F\x98\xA0" + "zz";
    const std::string text = parse_command(input).text;
    EXPECT_TRUE(i18n::is_valid_utf8(text)) << before;
    EXPECT_LE(text.size() + 6, kMaxCommandBytes) << before;
    const bool emoji_fits = before + 4 <= kMaxCommandBytes;
    EXPECT_EQ(text.find("\xF0\x9F\x98\xA0") != std::string::npos, emoji_fits) << before;
  }

  // The command keeps working on a long message: the code is read from the first part.
  command = parse_command("BALAS 28T5-CY4T-QKFF-4 " + std::string(5000, 'x'));
  EXPECT_EQ(command.kind, CommandKind::reply);
  EXPECT_EQ(command.code, kCode);
  EXPECT_EQ(command.text.size(), kMaxCommandBytes - 23);
}

TEST(ParseCommand, InvalidBytesBecomeReplacementCharacters) {
  const Command command = parse_command("LAPOR jalan \xFF rusak\xC3 parah \xED\xA0\x80");
  ASSERT_EQ(command.kind, CommandKind::report);
  EXPECT_EQ(command.text,
            "jalan \xEF\xBF\xBD rusak\xEF\xBF\xBD parah "
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  // A keyword next to a bad byte is no keyword.
  EXPECT_EQ(parse_command("LAPOR\xFF jalan"), help());
  // Bad bytes that would triple the text past the limit still give at most 2,000 bytes.
  const std::string cleaned = clean_text(std::string(kMaxCommandBytes, '\xFF'));
  EXPECT_LE(cleaned.size(), kMaxCommandBytes);
  EXPECT_EQ(cleaned.size() % 3, 0u);
  EXPECT_TRUE(i18n::is_valid_utf8(cleaned));
}

TEST(CleanText, CollapsesBlanksAndControlsAndTrims) {
  EXPECT_EQ(clean_text(""), "");
  EXPECT_EQ(clean_text(" \t\r\n "), "");
  EXPECT_EQ(clean_text("  a \t b\r\n\nc  "), "a b c");
  EXPECT_EQ(clean_text(std::string("a\0b\x01"
                                   "c\x7F"
                                   "d",
                                   7)),
            "a b c d");
  EXPECT_EQ(clean_text("a\xC2\x85"
                       "b"),
            "a b");  // NEL, a C1 control
  EXPECT_EQ(clean_text("a\xE3\x80\x80"
                       "b\xE2\x80\xAF"),
            "a b");  // ideographic, narrow spaces
  EXPECT_EQ(clean_text("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
}

// Whatever bytes arrive, the parser returns a Command whose strings are valid UTF-8 and no
// longer than the limit, and a report or reply never has empty text.
TEST(ParseCommand, AnyBytesGiveAWellFormedCommand) {
  std::uint32_t state = 12345;
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  const std::string pieces[] = {"LAPOR ", "BALAS ", "NILAI ",   "CEK ", "#",    "@", " ", ":",
                                "\xC3",   "\xA9",   "\xF0\x9F", "\xFF", "28T5", "-", "4", "\n"};
  for (int round = 0; round < 3000; ++round) {
    std::string input;
    const std::uint32_t count = next() % 40;
    for (std::uint32_t i = 0; i < count; ++i) {
      if (next() % 3 == 0)
        input += static_cast<char>(next() >> 24);
      else
        input += pieces[(next() >> 16) % std::size(pieces)];
    }
    const Command c = parse_command(input);
    for (const std::string* field : {&c.code, &c.text, &c.category_hint, &c.place_hint}) {
      EXPECT_TRUE(i18n::is_valid_utf8(*field)) << input;
      EXPECT_LE(field->size(), kMaxCommandBytes);
    }
    if (c.kind == CommandKind::report || c.kind == CommandKind::reply) {
      EXPECT_FALSE(c.text.empty()) << input;
    }
    if (c.kind != CommandKind::help) {
      EXPECT_TRUE(c.problem.empty()) << input;
    }
    if (!c.code.empty()) {
      EXPECT_TRUE(domain::is_canonical_tracking_code(c.code)) << input;
    }
    EXPECT_EQ(c.rating != 0, c.kind == CommandKind::rate);
  }
}

}  // namespace
}  // namespace aduan::sms
