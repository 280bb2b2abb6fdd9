// shell/server/config.h: aduan-server's settings, from flags and environment variables.
//
// Owns the list of settings, their defaults and their --help text. Does not open anything:
// main() and the storage layer act on a validated ServerConfig. Flags win over the
// environment so one line in a unit file can override a deployment's defaults.
#pragma once

#include <cstdint>
#include <string>

#include "core/domain/result.h"
#include "shell/server/network_address.h"

namespace aduan::server {

struct ServerConfig {
  std::string address = "127.0.0.1";
  int port = 8080;
  std::string data_dir = "./data";
  std::string database_url;  // empty: sqlite under data_dir
  std::string web_root;      // the portal's dist/ folder; empty: no static files
  std::string catalog_dir;   // empty: <web_root>/assets/catalog
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  int threads = 8;
  // Seconds between two passes of the deadline scheduler (scheduler.h); 0 turns it off.
  int scheduler_interval_seconds = 300;
  // Rate limits: a device is one phone; an address may be a whole carrier's NAT.
  double device_burst = 30, device_per_second = 2;
  double address_burst = 600, address_per_second = 100;
  // New devices per network address: a phone registers once, a carrier's NAT a few a minute.
  double register_burst = 60, register_per_second = 0.2;
  // Peers whose X-Forwarded-For is believed (network_address.h), and who may read /metrics.
  AddressList trusted_proxies = AddressList::parse(kLoopbackNetworks).value();
  AddressList metrics_allow = AddressList::parse(kLoopbackNetworks).value();
  // How old the public statistics may be; 0 computes them on every request.
  int stats_cache_seconds = 5;
  // How long one read or one write on a connection may wait. cpp-httplib applies them per
  // socket operation, not per request: slow clients are the proxy's job (deploy/nginx), these
  // only bound what a silent peer holds; tests use short ones.
  int read_timeout_seconds = 30;
  int write_timeout_seconds = 30;
  // The SMS channel (shell/server/sms, docs/sms.md). Each way in is off until its secret is set;
  // nothing is sent until a gateway is named.
  std::string sms_inbound_token;        // Bearer token of POST /api/v1/sms/inbound
  std::string sms_android_signing_key;  // signs SMS Gateway for Android's webhooks
  std::string sms_gateway_url;          // the generic sender posts {"id","to","text"} here
  std::string sms_android_url;          // SMS Gateway for Android's API ("http://phone:8080")
  std::string sms_android_login;        // "user:password" of that API
  std::string sms_region;  // where SMS reports are placed until an admin is more precise ("" none)
  int sms_daily_limit = 5;              // answers to texts one number is sent in a day
  int sms_retry_seconds = 30;           // the first retry's delay; it doubles, up to an hour
  bool show_help = false;
  bool show_version = false;
};

// Parses argv (without argv[0]) over the environment. Errors name the flag and the value.
Result<ServerConfig> parse_config(int argc, const char* const* argv);

std::string config_help();

}  // namespace aduan::server
