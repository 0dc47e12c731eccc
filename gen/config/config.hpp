#pragma once
// A validated configuration: every schema key present (defaults filled in), typed, in range, and
// remembering where it was set. Immutable once loaded.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "config/schema.hpp"

namespace snapgen {

class Config {
 public:
  struct Entry {
    Value value;
    SourceMark mark;      // where the value was written (line 0 for defaults)
    bool defaulted = true;
  };

  Config() = default;
  Config(std::string source_name, std::map<std::string, Entry, std::less<>> entries)
      : source_name_(std::move(source_name)), entries_(std::move(entries)) {}

  // Typed accessors; asking for a key not in the schema (or the wrong type) is a programming
  // error and throws std::logic_error.
  std::int64_t integer(std::string_view path) const;
  double real(std::string_view path) const;
  bool flag(std::string_view path) const;
  const std::string& text(std::string_view path) const;
  const IntList& ints(std::string_view path) const;
  const RecordList& records(std::string_view path) const;
  const Entry& entry(std::string_view path) const;
  const SourceMark& mark(std::string_view path) const { return entry(path).mark; }
  // A text key naming a file or directory ("" when empty). A relative path set in a config file
  // resolves against that file's directory, so a config and its data move together; one set by
  // -P, stdin or the default resolves against the working directory.
  std::filesystem::path file_path(std::string_view path) const;

  const std::string& source_name() const { return source_name_; }

  // "path = value" lines in schema order: the identity of the configuration. With
  // hardware_only, runtime inputs (thresholds, seeds, BER, energy table) are left out: that text
  // keys the compiled-model cache.
  std::string canonical_text(bool hardware_only = false) const;

 private:
  std::string source_name_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace snapgen
