#pragma once
// `snapgen schema`: the schema table as text for people and as JSON Schema for editors.
#include <string>

namespace snapgen {

std::string schema_text();
std::string schema_json();  // JSON Schema (draft 2020-12), usable by YAML language servers

}  // namespace snapgen
