// shell/cli/report_generator.h: plausible, valid reports for load and integration runs.
//
// Owns making reports that pass core/rules against a given catalog (real region, category and
// agency ids; realistic Indonesian text of typical length). Not for production data.
#pragma once

#include <random>

#include "core/domain/catalog.h"
#include "core/domain/report.h"

namespace aduan::cli {

domain::Report generate_report(const domain::Catalog& catalog, std::mt19937_64& random,
                               domain::Timestamp now_ms);

// The catalog shipped in assets/catalog under `assets_dir` (e.g. the dist's assets/).
Result<domain::Catalog> load_catalog_dir(const std::string& catalog_dir);

}  // namespace aduan::cli
