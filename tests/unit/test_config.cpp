// Specification of parse -> validate: defaults, overrides, marks, and the schema table itself.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "config/loader.hpp"
#include "config/schema_doc.hpp"
#include "util/embedded_files.hpp"

using namespace snapgen;

namespace {
Config load_text(const std::string& text, std::vector<std::string> overrides = {}) {
  return load_config(ConfigSource{"test.yaml", text}, overrides);
}
std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("schema: every default satisfies its own range (an empty config is valid)") {
  const Config c = load_text("");
  for (const auto& spec : schema()) CHECK(c.entry(spec.path).defaulted);
  CHECK(c.integer("d2d.lanes") == 8);
}

TEST_CASE("schema: every key is documented and appears in `schema` text and JSON Schema") {
  const std::string text = schema_text();
  const auto json = nlohmann::json::parse(schema_json());
  for (const auto& spec : schema()) {
    INFO(spec.path);
    CHECK_FALSE(spec.doc.empty());
    CHECK(text.find(spec.path) != std::string::npos);
    nlohmann::json node = json;
    std::stringstream parts(spec.path);
    for (std::string part; std::getline(parts, part, '.');) {
      REQUIRE(node["properties"].contains(part));
      node = node["properties"][part];
    }
    CHECK(node.contains("description"));
  }
  CHECK(json["additionalProperties"] == false);
}

TEST_CASE("loader: values from the file carry file:line:col marks, defaults carry none") {
  const Config c = load_text("name: chip\nd2d:\n  lanes: 16\n");
  CHECK(c.integer("d2d.lanes") == 16);
  CHECK(c.mark("d2d.lanes").line == 3);
  CHECK(c.mark("d2d.lanes").column == 10);
  CHECK(c.mark("d2d.crc").line == 0);
  CHECK_FALSE(c.entry("d2d.lanes").defaulted);
}

TEST_CASE("loader: -P overrides win over the file and are validated like file values") {
  const std::vector<std::string> ovr = {"d2d.lanes=16", "d2d.encoding=aer", "workload.layers=[{in: 8, out: 4, at: [0,0,1,1]}]"};
  const Config c = load_text("d2d: {lanes: 4}\n", ovr);
  CHECK(c.integer("d2d.lanes") == 16);
  CHECK(c.text("d2d.encoding") == "aer");
  CHECK(c.records("workload.layers").size() == 1);
  CHECK(c.mark("d2d.lanes").file == "-P d2d.lanes=16");
  CHECK_THROWS_AS(load_text("", {"d2d.lanes=0"}), ConfigError);
}

TEST_CASE("loader: integers accept hex, reject fractions and trailing garbage") {
  CHECK(load_text("die: {router: {flit_bits: 0x80}}").integer("die.router.flit_bits") == 128);
  CHECK_THROWS_WITH(load_text("d2d: {lanes: 8x}"), Catch::Contains("found '8x'"));
  CHECK_THROWS_WITH(load_text("d2d: {lanes: 1e1}"), Catch::Contains("found '1e1'"));
}

TEST_CASE("loader: all problems are reported together") {
  try {
    load_text("d2d: {lanes: 0, crc: crc32}\nclp: {timesteps: 99}\nbogus: 1\n");
    FAIL("expected ConfigError");
  } catch (const ConfigError& e) {
    CHECK(e.problems().size() == 4);
  }
}

TEST_CASE("canonical text: runtime keys change the config hash but not the hardware text") {
  const Config a = load_text("");
  const Config b = load_text("d2d: {ber: 0.001}\nclp: {threshold: 7}\nworkload: {inputs: {seed: 9}}\n");
  const Config hw = load_text("d2d: {lanes: 4}\n");
  CHECK(a.canonical_text() != b.canonical_text());
  CHECK(a.canonical_text(true) == b.canonical_text(true));
  CHECK(a.canonical_text(true) != hw.canonical_text(true));
}

TEST_CASE("the embedded default config is configs/default.yaml and is valid") {
  CHECK(default_config_source().text == read_file(std::string(SNAPGEN_SOURCE_DIR) + "/configs/default.yaml"));
  const Config c = load_config(default_config_source());
  CHECK(c.integer("package.die_cols") == 2);
  CHECK(c.integer("die.tile.rows") == 8);
  CHECK(c.integer("d2d.lanes") == 8);
}

TEST_CASE("read_config_file: missing files and directories are clear errors") {
  CHECK_THROWS_WITH(read_config_file("/nonexistent/x.yaml"), Catch::Contains("/nonexistent/x.yaml: error: cannot read config: no such file"));
  CHECK_THROWS_WITH(read_config_file("/tmp"), Catch::Contains("it is a directory"));
}

TEST_CASE("loader: oversized and binary input is rejected before parsing") {
  CHECK_THROWS_WITH(load_text(std::string(kMaxConfigBytes + 1, '#')), Catch::Contains("the limit is"));
  CHECK_THROWS_WITH(load_text(std::string("name: a\0b", 9)), Catch::Contains("NUL byte"));
}
