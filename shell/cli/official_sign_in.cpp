// shell/cli/official_sign_in.cpp: see official_sign_in.h.
#include "shell/cli/official_sign_in.h"

#include <cstdio>

#include "core/json/json_reader.h"
#include "core/wire/officer_messages.h"

namespace aduan::cli {

int official_sign_in(HttpTransport& transport, const store::DeviceCredentials& credentials,
                     const std::string& username, const std::string& password) {
  auto& client = transport.client();
  auto request = wire::encode(wire::OfficerLoginRequest{username, password});
  if (!request) return std::fprintf(stderr, "aduan-cli: %s\n", request.error().detail.c_str()), 1;
  auto login = client.Post("/api/v1/officer/login",
                           std::string(request.value().begin(), request.value().end()),
                           "application/vnd.aduan.wire");
  if (!login) return std::fprintf(stderr, "aduan-cli: no answer from the server\n"), 1;
  const std::vector<std::uint8_t> bytes(login->body.begin(), login->body.end());
  auto session = wire::decode<wire::OfficerLoginResponse>(bytes);
  if (login->status != 200 || !session)
    return std::fprintf(stderr, "aduan-cli: sign-in refused (%d): %s\n", login->status,
                        login->body.c_str()),
           1;
  httplib::Headers headers = {{"X-Aduan-Device", credentials.device_id},
                              {"X-Aduan-Secret", credentials.secret},
                              {"X-Aduan-Session", session.value().session_token}};
  auto bound = client.Post("/api/v1/officer/official-devices", headers, "",
                           "application/x-www-form-urlencoded");
  // The session was only for binding: the device needs no officer's rights afterwards.
  client.Post("/api/v1/officer/logout", {{"X-Aduan-Session", session.value().session_token}}, "",
              "application/x-www-form-urlencoded");
  if (!bound) return std::fprintf(stderr, "aduan-cli: no answer from the server\n"), 1;
  if (bound->status != 200 && bound->status != 201)
    return std::fprintf(stderr, "aduan-cli: binding refused (%d): %s\n", bound->status,
                        bound->body.c_str()),
           1;
  auto answer = json::parse(bound->body);
  const json::Value* official = answer ? answer.value().get("official") : nullptr;
  if (official == nullptr)
    return std::fprintf(stderr, "aduan-cli: unreadable answer: %s\n", bound->body.c_str()), 1;
  const json::Value* expires = official->get("expires_at");
  std::printf("signed in as %s for region %s on this device (%s), until %llu\n",
              official->string_at("username").c_str(), official->string_at("region_code").c_str(),
              official->string_at("binding_id").c_str(),
              static_cast<unsigned long long>(expires ? expires->as_uint64().value_or(0) : 0));
  return 0;
}

bool make_assisted(domain::Report& report, const CitizenOptions& citizen) {
  domain::Consent consent;
  if (citizen.consent == "spoken" || citizen.consent == "written") {
    consent.given = true;
    consent.method = *domain::parse_consent_method(citizen.consent);
  } else if (citizen.consent != "refused") {
    return false;
  }
  consent.witness = citizen.witness;
  report.channel = domain::Channel::assisted;
  report.on_behalf = domain::OnBehalf{citizen.name, citizen.phone, consent};
  return true;
}

}  // namespace aduan::cli
