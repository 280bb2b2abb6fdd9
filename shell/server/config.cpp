// shell/server/config.cpp: parsing of aduan-server's flags and environment (see config.h).
//
// One table describes every setting once; parsing, the environment and --help all read it,
// so a new setting cannot be documented in one place and forgotten in another.
#include "shell/server/config.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace aduan::server {
namespace {

struct Setting {
  const char* flag;
  const char* env;
  const char* help;
  std::function<bool(ServerConfig&, const std::string&)> set;
};

bool parse_int(const std::string& text, long min, long max, long& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  long value = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' || value < min || value > max) return false;
  out = value;
  return true;
}

// A rate and its burst (burst_seconds of traffic at that rate).
bool parse_rate(const std::string& text, double& per_second, double& burst, double burst_seconds) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value > 0) || value > 1e6) return false;
  per_second = value;
  burst = std::max(1.0, value * burst_seconds);
  return true;
}

bool parse_networks(const std::string& text, AddressList& out) {
  auto list = AddressList::parse(text);
  if (!list) return false;
  out = std::move(list.value());
  return true;
}

// A whole number of seconds in [min, max] into `field`.
bool parse_seconds(const std::string& text, long min, long max, int& field) {
  long seconds = 0;
  if (!parse_int(text, min, max, seconds)) return false;
  field = static_cast<int>(seconds);
  return true;
}

// A shared secret: long enough that guessing it is hopeless.
bool parse_secret(const std::string& text, std::string& out) {
  if (text.size() < 16 || text.size() > 256) return false;
  out = text;
  return true;
}

// An http:// or https:// address with a host.
bool parse_url(const std::string& text, std::string& out) {
  const bool http = text.starts_with("http://"), https = text.starts_with("https://");
  if (!http && !https) return false;
  const std::size_t host_at = http ? 7 : 8;
  if (text.size() <= host_at || text[host_at] == '/' || text.find(' ') != std::string::npos)
    return false;
  out = text;
  return true;
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> table = {
      {"--address", "ADUAN_ADDRESS", "address to listen on (default 127.0.0.1)",
       [](ServerConfig& c, const std::string& v) {
         c.address = v;
         return !v.empty();
       }},
      {"--port", "ADUAN_PORT", "TCP port (default 8080; 0 picks a free port and logs it)",
       [](ServerConfig& c, const std::string& v) {
         long port = 0;
         if (!parse_int(v, 0, 65535, port)) return false;
         c.port = static_cast<int>(port);
         return true;
       }},
      {"--data-dir", "ADUAN_DATA_DIR", "folder of the embedded SQLite database (default ./data)",
       [](ServerConfig& c, const std::string& v) {
         c.data_dir = v;
         return !v.empty();
       }},
      {"--database-url", "ADUAN_DATABASE_URL",
       "sqlite:///path/to/file.db (default: aduan.db in the data folder), or "
       "postgres://user@host:port/database for several instances on one PostgreSQL",
       [](ServerConfig& c, const std::string& v) {
         c.database_url = v;
         return true;
       }},
      {"--web-root", "ADUAN_WEB_ROOT", "folder of the portal's files (the web build's dist/)",
       [](ServerConfig& c, const std::string& v) {
         c.web_root = v;
         return true;
       }},
      {"--catalog-dir", "ADUAN_CATALOG_DIR",
       "folder with regions.tsv, agencies.tsv, categories.tsv (default: the web root's "
       "assets/catalog)",
       [](ServerConfig& c, const std::string& v) {
         c.catalog_dir = v;
         return true;
       }},
      {"--device-rate", "ADUAN_DEVICE_RATE", "requests per second one device may make (default 2)",
       [](ServerConfig& c, const std::string& v) {
         return parse_rate(v, c.device_per_second, c.device_burst, 15);
       }},
      {"--address-rate", "ADUAN_ADDRESS_RATE",
       "requests per second one network address may make (default 100: many phones share one)",
       [](ServerConfig& c, const std::string& v) {
         return parse_rate(v, c.address_per_second, c.address_burst, 6);
       }},
      {"--register-rate", "ADUAN_REGISTER_RATE",
       "devices one network address may register per second (default 0.2, burst 5 minutes' worth)",
       [](ServerConfig& c, const std::string& v) {
         return parse_rate(v, c.register_per_second, c.register_burst, 300);
       }},
      {"--trusted-proxies", "ADUAN_TRUSTED_PROXIES",
       "networks of the reverse proxies whose X-Forwarded-For is believed, read from the right "
       "(default 127.0.0.0/8,::1/128; empty: none)",
       [](ServerConfig& c, const std::string& v) { return parse_networks(v, c.trusted_proxies); }},
      {"--metrics-allow", "ADUAN_METRICS_ALLOW",
       "networks that may read /metrics, as the client address after the proxies (default "
       "127.0.0.0/8,::1/128)",
       [](ServerConfig& c, const std::string& v) { return parse_networks(v, c.metrics_allow); }},
      {"--stats-cache-seconds", "ADUAN_STATS_CACHE_SECONDS",
       "how old the public statistics may be before they are computed again (default 5; 0: "
       "every request)",
       [](ServerConfig& c, const std::string& v) {
         return parse_seconds(v, 0, 86400, c.stats_cache_seconds);
       }},
      {"--max-body-bytes", "ADUAN_MAX_BODY_BYTES",
       "largest request body accepted (default 4194304)",
       [](ServerConfig& c, const std::string& v) {
         long bytes = 0;
         if (!parse_int(v, 1024, 1L << 30, bytes)) return false;
         c.max_body_bytes = static_cast<std::size_t>(bytes);
         return true;
       }},
      {"--threads", "ADUAN_THREADS", "request worker threads (default 8)",
       [](ServerConfig& c, const std::string& v) {
         long threads = 0;
         if (!parse_int(v, 1, 256, threads)) return false;
         c.threads = static_cast<int>(threads);
         return true;
       }},
      {"--read-timeout", "ADUAN_READ_TIMEOUT",
       "seconds one read from a connection may wait before it is closed (default 30)",
       [](ServerConfig& c, const std::string& v) {
         return parse_seconds(v, 1, 3600, c.read_timeout_seconds);
       }},
      {"--write-timeout", "ADUAN_WRITE_TIMEOUT",
       "seconds one write to a connection may wait before it is closed (default 30)",
       [](ServerConfig& c, const std::string& v) {
         return parse_seconds(v, 1, 3600, c.write_timeout_seconds);
       }},
      {"--scheduler-interval", "ADUAN_SCHEDULER_INTERVAL",
       "seconds between two passes of the deadline scheduler: auto-completion, escalation, "
       "Ombudsman marker (default 300; 0 turns it off)",
       [](ServerConfig& c, const std::string& v) {
         return parse_seconds(v, 0, 86400, c.scheduler_interval_seconds);
       }},
      {"--sms-inbound-token", "ADUAN_SMS_INBOUND_TOKEN",
       "Bearer token an SMS gateway sends to POST /api/v1/sms/inbound (16+ characters; unset: "
       "the route is off)",
       [](ServerConfig& c, const std::string& v) { return parse_secret(v, c.sms_inbound_token); }},
      {"--sms-android-signing-key", "ADUAN_SMS_ANDROID_SIGNING_KEY",
       "signing key of SMS Gateway for Android's webhooks (16+ characters; unset: its route "
       "/api/v1/sms/android is off)",
       [](ServerConfig& c, const std::string& v) {
         return parse_secret(v, c.sms_android_signing_key);
       }},
      {"--sms-gateway-url", "ADUAN_SMS_GATEWAY_URL",
       "http(s)://host[:port]/path the server posts each SMS to as {\"id\",\"to\",\"text\"}",
       [](ServerConfig& c, const std::string& v) { return parse_url(v, c.sms_gateway_url); }},
      {"--sms-android-url", "ADUAN_SMS_ANDROID_URL",
       "SMS Gateway for Android's API (http://phone:8080): SMS are sent through its /message",
       [](ServerConfig& c, const std::string& v) { return parse_url(v, c.sms_android_url); }},
      {"--sms-android-login", "ADUAN_SMS_ANDROID_LOGIN", "user:password of that API",
       [](ServerConfig& c, const std::string& v) {
         if (v.find(':') == std::string::npos) return false;
         c.sms_android_login = v;
         return true;
       }},
      {"--sms-region", "ADUAN_SMS_REGION",
       "region code SMS reports are placed in, e.g. the regency whose number it is (32.12), so "
       "its regional admins see them; unset: the region is left for a national admin",
       [](ServerConfig& c, const std::string& v) {
         if (v.empty() || v.find_first_not_of("0123456789.") != std::string::npos) return false;
         c.sms_region = v;
         return true;
       }},
      {"--sms-daily-limit", "ADUAN_SMS_DAILY_LIMIT",
       "answers to texts one number may be sent in a day (default 5; news of its reports is not "
       "capped)",
       [](ServerConfig& c, const std::string& v) {
         return parse_seconds(v, 1, 100, c.sms_daily_limit);
       }},
      {"--sms-retry-seconds", "ADUAN_SMS_RETRY_SECONDS",
       "delay before an SMS the gateway refused is tried again; it doubles each time, up to an "
       "hour (default 30)",
       [](ServerConfig& c, const std::string& v) {
         return parse_seconds(v, 1, 3600, c.sms_retry_seconds);
       }},
  };
  return table;
}

Error bad_value(const char* name, const std::string& value) {
  return Error{"config.bad_value", std::string("invalid value '") + value + "' for " + name};
}

}  // namespace

Result<ServerConfig> parse_config(int argc, const char* const* argv) {
  ServerConfig config;
  for (const auto& setting : settings()) {
    if (const char* value = std::getenv(setting.env)) {
      if (!setting.set(config, value)) return bad_value(setting.env, value);
    }
  }
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      config.show_help = true;
      continue;
    }
    if (arg == "--version") {
      config.show_version = true;
      continue;
    }
    const Setting* match = nullptr;
    std::string value;
    for (const auto& setting : settings()) {
      std::string_view flag = setting.flag;
      if (arg == flag) {
        if (i + 1 >= argc) return Error{"config.missing_value", std::string(flag) + " needs a value"};
        match = &setting;
        value = argv[++i];
      } else if (arg.size() > flag.size() && arg.substr(0, flag.size()) == flag &&
                 arg[flag.size()] == '=') {
        match = &setting;
        value = std::string(arg.substr(flag.size() + 1));
      }
      if (match) break;
    }
    if (!match) return Error{"config.unknown_flag", "unknown option '" + std::string(arg) + "' (see --help)"};
    if (!match->set(config, value)) return bad_value(match->flag, value);
  }
  return config;
}

std::string config_help() {
  std::string text =
      "Usage: aduan-server [options]\n"
      "       aduan-server officer-add --username U --role R [--agency ID] [--region CODE] "
      "[options]\n"
      "       aduan-server backup --to FILE [options]      (while the server runs)\n"
      "       aduan-server restore --from FILE [options]   (with the server stopped)\n"
      "       aduan-server import-regions --from FILE.csv --to regions.tsv --catalog-dir DIR\n"
      "       aduan-server run-scheduler --at ISO-TIME [options]  (one deadline pass at that "
      "time)\n"
      "       aduan-server migrate --from sqlite:///path/aduan.db --to postgres://...  (server "
      "stopped)\n"
      "Receives citizens' reports from the Aduan portal, stores them, and serves the portal.\n"
      "officer-add reads the password from ADUAN_OFFICER_PASSWORD or the first line of stdin.\n\n"
      "Options (each can also be set by the environment variable shown):\n";
  for (const auto& setting : settings()) {
    text += "  " + std::string(setting.flag) + " VALUE";
    text.append(24 > std::string(setting.flag).size() + 6 ? 24 - std::string(setting.flag).size() - 6 : 1, ' ');
    text += std::string("[") + setting.env + "]\n      " + setting.help + "\n";
  }
  text += "  --help                 this text\n";
  text += "  --version              the server's version and wire protocol versions\n";
  return text;
}

}  // namespace aduan::server
