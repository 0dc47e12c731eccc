#pragma once
// Stage 1+2 of the pipeline: parse YAML (keeping line/column marks) and validate every key
// against the schema (type, range, default, unknown keys), then apply `-P key.path=value`
// overrides, then the cross-key consistency checks. Throws ConfigError listing every problem.
#include <span>
#include <string>

#include "config/config.hpp"

namespace snapgen {

struct ConfigSource {
  std::string name;  // shown in messages: the file path, or "<default>"
  std::string text;  // YAML text
};

// Reads a config file (clear ConfigError if missing, unreadable, a directory or too large).
ConfigSource read_config_file(const std::string& path);

// The default configuration embedded in the binary (configs/default.yaml).
ConfigSource default_config_source();

Config load_config(const ConfigSource& source, std::span<const std::string> overrides = {});

// Largest config text accepted; larger input is rejected before parsing.
inline constexpr std::size_t kMaxConfigBytes = 1 << 20;

}  // namespace snapgen
