#pragma once
// `snapgen schema`: the schema table as text for people and as JSON Schema for editors.
#include <string>

namespace snapgen {

std::string schema_text();
std::string schema_json();  // JSON Schema (draft 2020-12), usable by YAML language servers
// The hardware keys (they change the RTL, so the compiled model) or the runtime keys (simulation
// inputs: changing them never rebuilds a model), one "path  doc" line each (`schema --format`).
std::string schema_keys(bool hardware);

}  // namespace snapgen
