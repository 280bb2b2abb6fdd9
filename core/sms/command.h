// core/sms/command.h: what a citizen's SMS asks for.
//
// Owns the grammar of the SMS channel: turning the text of one inbound message into one
// Command (report, check a code, reply, accept, rate, stop, or help). Does not own acting on
// it (the server: looking codes up, creating reports, who may reply to which report), what the
// reply says (the message catalog, through the `problem` keys below), or who sent it
// (sender_number.h).
//
// Shape: forgiving, because the sender types on a feature phone's keypad, with predictive text
// capitalising the first word, and often copies a code from a paper receipt:
//  - keywords in Bahasa Indonesia or English, any case, and an optional ':' ',' or '.' right
//    after one ("LAPOR: jalan rusak", "cek,ABCD...");
//  - every run of blanks, tabs, line breaks and other control characters is one space;
//  - a tracking code may be typed in lower case, with spaces instead of hyphens, or with O for 0
//    and I or L for 1 (domain::normalize_tracking_code reads all of that);
//  - bytes that are not UTF-8 become U+FFFD, so nothing invalid reaches a report.
// The parser never fails: text it does not understand is a request for help, and a keyword
// whose arguments are wrong is help with a `problem` saying what was wrong, so the reply can
// teach the right form instead of a generic menu.
//
// Grammar (case-insensitive; <code> is a tracking code):
//   LAPOR|REPORT [ANONIM|ANON|ANONYMOUS] <text with optional #category and @place words>
//   CEK|CHECK|STATUS <code>
//   BALAS|REPLY <code> <text>
//   SELESAI|DONE|ACCEPT <code>
//   NILAI|RATE <code> <1-5>
//   BERHENTI|STOP|UNREG [anything]
//   anything else, BANTUAN, HELP, INFO, the empty text: help
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace aduan::sms {

enum class CommandKind { report, check, reply, accept, rate, stop, help };

struct Command {
  CommandKind kind = CommandKind::help;
  bool anonymous = false;     // LAPOR ANONIM
  std::string code;           // canonical tracking code for check/reply/accept/rate (and for a
                              // help whose problem is reply_empty or rating_range: the code was
                              // understood, what followed it was not)
  std::string text;           // report text (hints removed) or reply text; trimmed, inner
                              // whitespace runs collapsed to one space
  std::string category_hint;  // "#jalan" -> "jalan" (first one; lower-case ASCII)
  std::string place_hint;     // "@Sukamaju" -> "Sukamaju" (first one)
  int rating = 0;             // 1..5 for rate
  std::string problem;        // for kind==help when a keyword was recognised but its arguments
                              // were wrong: one of the kProblem keys below; empty for plain
                              // unknown text (and for BANTUAN/HELP/INFO)

  friend bool operator==(const Command&, const Command&) = default;
};

// The message keys a help Command's `problem` may hold. The server's catalog needs a text for
// each, in every language (kProblemKeys lists them for a coverage test).
inline constexpr std::string_view kProblemReportEmpty = "sms.help.report_empty";
inline constexpr std::string_view kProblemBadCode = "sms.help.bad_code";
inline constexpr std::string_view kProblemRatingRange = "sms.help.rating_range";
inline constexpr std::string_view kProblemReplyEmpty = "sms.help.reply_empty";
inline constexpr std::array<std::string_view, 4> kProblemKeys = {
    kProblemReportEmpty, kProblemBadCode, kProblemRatingRange, kProblemReplyEmpty};

// Inputs longer than this are cut, on a whole UTF-8 character, before parsing: a concatenated
// multipart SMS can be long, and a report body has its own, larger, limit in the rules. The
// server refuses bodies over its own limit separately.
inline constexpr std::size_t kMaxCommandBytes = 2000;

Command parse_command(std::string_view text);

// The text as parse_command reads it: cut to kMaxCommandBytes on a whole character (the
// result is never longer either, though a bad byte becomes the three of U+FFFD), invalid UTF-8
// replaced by U+FFFD, every run of blanks and control characters made one space, and trimmed.
// What comes out is valid UTF-8 without control characters, as the rules require of stored
// text.
std::string clean_text(std::string_view text);

// The keyword's lower-case name ("report", "check", ...), for logs and the inbound record.
std::string_view command_name(CommandKind kind);

}  // namespace aduan::sms
