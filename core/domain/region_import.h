// core/domain/region_import.h: loading the official region lists into a Catalog.
//
// Owns reading the CSV form in which Kemendagri codes are published by the public datasets
// (one region a line, `code,name`, e.g. `11.01.01,Teupah Selatan`), so districts (kecamatan)
// and villages (desa/kelurahan) can be added to the catalog beside the provinces and regencies
// shipped in assets/catalog/regions.tsv. Does not own fetching the file (the caller reads it)
// or deciding which level a report must name (core/rules).
//
// Shape: all or nothing. A village list is large and arrives over weak links; a half-imported
// list would leave pickers with holes nobody notices, so one bad line rejects the whole file
// with its line number, and the catalog is left as it was.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/domain/catalog.h"
#include "core/domain/result.h"

namespace aduan::domain {

// Adds every region in `csv` to `catalog` and returns how many were new. Accepts an optional
// UTF-8 byte order mark, CRLF line ends, blank lines, '#' comment lines, a header line
// `kode,nama` (or `code,name`), and a name in double quotes (RFC 4180, "" for a quote) when it
// holds a comma. Parents must come before their children, in the file or already in the
// catalog. Errors (detail "<origin> line <n>: ..."):
//   "region_import.bad_line"       not two fields, an unterminated quote, or an empty name;
//   "catalog.bad_region_code"      the code is not NN[.NN[.NN[.NNNN]]];
//   "catalog.missing_parent"       the parent region is not known before this line;
//   "catalog.duplicate"            the code appears twice, or is known under another name.
Result<std::size_t> import_region_csv(Catalog& catalog, std::string_view csv,
                                      std::string_view origin = "regions.csv");

}  // namespace aduan::domain
