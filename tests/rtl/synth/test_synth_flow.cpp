// The synthesis flow end to end on one small top (hnn_2die_clp_encoder of configs/hnn_2die.yaml):
// `snapgen synth` runs Yosys, the OSU 0.18 um mapping and OpenSTA and reports numbers that obey
// the physics the flows model; the standalone scripts fail loudly on bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../../unit/subprocess.hpp"
#include "config/loader.hpp"
#include "emit/package.hpp"
#include "synth/synth.hpp"

namespace fs = std::filesystem;
using snapgen::test::quoted;
using snapgen::test::run_command;

namespace {

const std::string kSnapgen = SNAPGEN_BINARY;
const std::string kFlows = std::string(SNAPGEN_SOURCE_DIR) + "/flows";
const std::string kWork = SYNTH_TEST_WORK;
const std::string kConfig = std::string(SNAPGEN_SOURCE_DIR) + "/configs/hnn_2die.yaml";
const std::string kTop = "hnn_2die_clp_encoder";

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string liberty_dir() {
  const auto r = run_command(kFlows + "/fetch_liberty.sh");
  REQUIRE(r.exit_code == 0);  // no liberty = failure, never a skip
  std::string dir = r.output;
  while (!dir.empty() && (dir.back() == '\n')) dir.pop_back();
  return dir.substr(dir.rfind('\n') == std::string::npos ? 0 : dir.rfind('\n') + 1);
}

// One `snapgen synth` run shared by the test cases (it is the slow part).
const nlohmann::json& report() {
  static const nlohmann::json j = [] {
    const std::string act = kWork + "/activity.txt";
    fs::create_directories(kWork);
    std::ofstream(act) << "# port toggles/cycle duty\nin_valid_i 0.5 0.5\nthr_we_i 0 0\n";
    const auto r = run_command(kSnapgen + " synth " + quoted(kConfig) + " --module " + kTop + " -o " + quoted(kWork + "/out") +
                               " --activity-file " + quoted(act));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.output.find(kTop) != std::string::npos);  // the table row was printed
    return nlohmann::json::parse(read(kWork + "/out/synth.json"));
  }();
  return j;
}

double power_at(const std::string& netlist, const std::string& sdc, double activity, const std::string& tag) {
  const std::string out = kWork + "/power_" + tag;
  const auto r = run_command("SNAPGEN_ACTIVITY=" + std::to_string(activity) + " " + kFlows + "/sta.sh " +
                             quoted(liberty_dir() + "/osu018_stdcells.lib") + " " + quoted(netlist) + " " + kTop +
                             " " + quoted(sdc) + " " + quoted(out));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::istringstream in(read(out + "/" + kTop + ".power.txt"));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string first;
    double a = 0, b = 0, c = 0, total = 0;
    if (ls >> first && first == "Total" && ls >> a >> b >> c >> total) return total;
  }
  FAIL("no Total line in " << out);
  return 0;
}

}  // namespace

TEST_CASE("snapgen synth reports cells, flops, depth, area, timing and power for a top", "[synth]") {
  const auto& j = report();
  REQUIRE(j["modules"].size() == 1);
  const auto& m = j["modules"][0];
  CHECK(m["module"] == kTop);
  CHECK(m["family"] == "clp_encoder");
  CHECK(m["generic_cells"].get<long>() > 100);
  CHECK(m["flops"].get<long>() > 0);
  CHECK(m["flops"].get<long>() < m["generic_cells"].get<long>());
  CHECK(m["logic_depth"].get<long>() > 1);
  CHECK(m["area_um2"].get<double>() > 0);
  CHECK(m["power_mw"].get<double>() > 0);
  CHECK(fs::exists(kWork + "/out/synth.md"));
  CHECK(read(kWork + "/out/synth.md").find("| " + kTop + " |") != std::string::npos);
}

TEST_CASE("the timing report uses the SDC clock and fmax = 1000 / (period - WNS)", "[synth]") {
  const auto& m = report()["modules"][0];
  const double clock_mhz = report()["clock_mhz"].get<double>();
  CHECK(m["period_ns"].get<double>() == Approx(1000.0 / clock_mhz).epsilon(1e-4));
  const double fmax = m["fmax_mhz"].get<double>();
  CHECK(fmax == Approx(1000.0 / (m["period_ns"].get<double>() - m["wns_ns"].get<double>())).epsilon(1e-6));
  CHECK(m["tns_ns"].get<double>() <= 0);
  if (m["wns_ns"].get<double>() < 0) CHECK(fmax < clock_mhz);
}

TEST_CASE("OSU area is at least the flip-flop area: every generic flop becomes one liberty flop", "[synth]") {
  const auto& m = report()["modules"][0];
  const std::string stat = read(kWork + "/out/" + kTop + "/" + kTop + ".osu.stat.txt");
  long osu_flops = 0;
  std::istringstream in(stat);
  std::string name;
  long n = 0;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    if (ls >> name >> n && (name.rfind("DFF", 0) == 0)) osu_flops += n;
  }
  CHECK(osu_flops == m["flops"].get<long>());
  // DFFPOSX1 is the smallest flop in osu018 (area 96 um^2 by its liberty entry).
  CHECK(m["area_um2"].get<double>() >= 96.0 * osu_flops);
}

TEST_CASE("power grows with the assumed switching activity", "[synth]") {
  report();
  const std::string netlist = kWork + "/out/" + kTop + "/" + kTop + ".osu.v";
  const std::string sdc = kWork + "/out/pkg/hnn_2die.sdc";
  const double low = power_at(netlist, sdc, 0.02, "low");
  const double high = power_at(netlist, sdc, 0.4, "high");
  CHECK(high > low * 1.5);
}

TEST_CASE("the activity file reaches OpenSTA: matched entries are counted", "[synth]") {
  report();
  const std::string sta = read(kWork + "/out/" + kTop + "/" + kTop + ".sta.txt");
  CHECK(sta.find("snapgen_sta activity_entries 2") != std::string::npos);
}

TEST_CASE("sta.sh fails loudly on an SDC that OpenSTA rejects", "[synth]") {
  report();
  const std::string bad = kWork + "/bad.sdc";
  // The original template used all_inputs -no_clocks, which OpenSTA 2019 does not know.
  std::ofstream(bad) << "create_clock -name clk -period 2 [get_ports clk_i]\n"
                        "set_input_delay 0.4 -clock clk [all_inputs -no_clocks]\n";
  const auto r = run_command(kFlows + "/sta.sh " + quoted(liberty_dir() + "/osu018_stdcells.lib") + " " +
                             quoted(kWork + "/out/" + kTop + "/" + kTop + ".osu.v") + " " + kTop + " " +
                             quoted(bad) + " " + quoted(kWork + "/bad_sta"));
  CHECK(r.exit_code != 0);
}

TEST_CASE("module families are recognised from generated top names", "[synth]") {
  using snapgen::synth::module_family;
  CHECK(module_family("hnn_2die", "hnn_2die_router") == "router");
  CHECK(module_family("hnn_2die", "hnn_2die_clp_encoder") == "clp_encoder");
  CHECK(module_family("hnn_2die", "hnn_2die_clp_decoder") == "clp_decoder");
  CHECK(module_family("hnn_2die", "hnn_2die_emio_tx") == "emio_tx");
  CHECK(module_family("hnn_2die", "hnn_2die_tile") == "tile");
  CHECK(module_family("hnn_2die", "hnn_2die_chiplet_r0c1") == "chiplet");
  CHECK(module_family("hnn_2die", "hnn_2die_noc_system") == "noc_system");
  CHECK(module_family("hnn_2die", "hnn_2die_system") == "system");
  CHECK(module_family("x", "x_something") == "other");
}

TEST_CASE("outputs tied to constants reach timing: the narrow config's CLP decoder gets WNS and power", "[synth]") {
  // Its 4-bit signed outputs have constant bits; Yosys writes them as an assign to a concatenation
  // unless told otherwise (synth_osu.sh: write_verilog -simple-lhs), and OpenSTA's reader rejects that.
  // (Bad input to `snapgen synth`, e.g. an unknown --module, is tested in tests/unit/test_synth_cli.cpp.)
  const std::string out = kWork + "/narrow_decoder";
  const auto r = run_command(kSnapgen + " synth " + quoted(std::string(SNAPGEN_SOURCE_DIR) + "/configs/narrow_lanes.yaml") +
                             " --module narrow_lanes_clp_decoder -o " + quoted(out));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(read(out + "/synth.json"));
  const auto& m = j["modules"][0];
  CHECK(m["wns_ns"].is_number());
  CHECK(m["power_mw"].get<double>() > 0);
  CHECK(read(out + "/narrow_lanes_clp_decoder/narrow_lanes_clp_decoder.osu.v").find("assign {") == std::string::npos);
}

// The README's own command, exactly: `build/snapgen synth` from the repository root (default config,
// every top, no flags). Run by the ctest `synth_default` alone (tags [.][synth_default]: hidden from the
// synth_flow run); it works in its own directory, where the default output `build/synth` lands.
TEST_CASE("the README's `snapgen synth` passes on every top of the default config", "[.][synth_default]") {
  const fs::path work = kWork + "/../synth_default";
  fs::remove_all(work);
  fs::create_directories(work);
  const auto r = run_command("cd " + quoted(work.string()) + " && " + kSnapgen + " synth");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(read(work / "build/synth/synth.json"));
  const auto manifest = nlohmann::json::parse(read(work / "build/synth/pkg/manifest.json"));
  REQUIRE(j["modules"].size() == manifest["tops"].size());
  for (std::size_t i = 0; i < manifest["tops"].size(); ++i) {
    const auto& m = j["modules"][i];
    INFO(m.dump());
    CHECK(m["module"] == manifest["tops"][i]);
    // A timing result, or a stated reason why the top was skipped.
    const bool timed = m["fmax_mhz"].is_number() && m["wns_ns"].is_number() && m["power_mw"].is_number();
    const bool skipped = m["skipped"].is_string() && !m["skipped"].get<std::string>().empty();
    CHECK(timed != skipped);
    CHECK(r.output.find(m["module"].get<std::string>()) != std::string::npos);  // its table row
  }
}

// Assemblies keep their hierarchy (each distinct block synthesized once: what makes meshes, chiplets
// and systems affordable); OpenSTA then times the hierarchical netlist. --flatten restores one flat
// module. The totals are the hierarchy's, not the top's wiring alone (cells of the same order as flat).
TEST_CASE("an assembly is synthesized hierarchically and timed; --flatten flattens it", "[synth]") {
  const std::string config = quoted(std::string(SNAPGEN_SOURCE_DIR) + "/configs/narrow_lanes.yaml");
  const std::string top = "narrow_lanes_mesh";
  const std::string hier = kWork + "/mesh_hier", flat = kWork + "/mesh_flat";
  const auto h = run_command(kSnapgen + " synth " + config + " --module " + top + " -o " + quoted(hier));
  INFO(h.output);
  REQUIRE(h.exit_code == 0);
  const auto f = run_command(kSnapgen + " synth " + config + " --module " + top + " --flatten --generic-only -o " +
                             quoted(flat));
  INFO(f.output);
  REQUIRE(f.exit_code == 0);
  const auto hm = nlohmann::json::parse(read(hier + "/synth.json"))["modules"][0];
  const auto fm = nlohmann::json::parse(read(flat + "/synth.json"))["modules"][0];
  CHECK(hm["flow"] == "hier");
  CHECK(fm["flow"] == "flat");
  const auto modules_in = [](const std::string& netlist) {
    std::istringstream in(read(netlist));
    int n = 0;
    for (std::string line; std::getline(in, line);) n += line.rfind("module ", 0) == 0;
    return n;
  };
  CHECK(modules_in(hier + "/" + top + "/" + top + ".osu.v") >= 2);  // the mesh and its router(s)
  CHECK(modules_in(flat + "/" + top + "/" + top + ".generic.v") == 1);
  const double ratio = hm["generic_cells"].get<double>() / fm["generic_cells"].get<double>();
  CHECK(ratio > 0.7);
  CHECK(ratio < 1.5);
  CHECK(hm["flops"].get<long>() >= fm["flops"].get<long>());  // flattening may only remove flops
  CHECK(hm["logic_depth"].get<long>() > 1);
  CHECK(hm["fmax_mhz"].is_number());
  CHECK(hm["power_mw"].get<double>() > 0);
  CHECK(hm["area_um2"].get<double>() > 0);
}

// A block top is synthesized once per run, however many assemblies hold it: an assembly reads the
// block's interface as a black box and OpenSTA links the block's own mapped netlist under it. So the
// assembly's worst path is no better than the block's (the block's internal paths are in it), its
// flops include every block instance's, and its own netlist holds no copy of the block.
TEST_CASE("an assembly reuses its blocks' netlists and is timed through them", "[synth]") {
  const std::string config = quoted(std::string(SNAPGEN_SOURCE_DIR) + "/configs/narrow_lanes.yaml");
  const std::string top = "narrow_lanes_noc_emio_system", tx = "narrow_lanes_emio_tx", rx = "narrow_lanes_emio_rx";
  const std::string out = kWork + "/reuse";
  // Dense frames: the cheapest EMIO blocks to synthesize (the AER encoder costs twice the time).
  const auto r = run_command(kSnapgen + " synth " + config + " -P d2d.encoding=dense --module " + top + " --module " +
                             tx + " -j 2 -o " + quoted(out));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto rows = nlohmann::json::parse(read(out + "/synth.json"))["modules"];
  REQUIRE(rows.size() == 2);  // the selection only: the receiver ran for the assembly, without a row
  const auto& sys = rows[0];
  const auto& txr = rows[1];
  INFO(sys.dump());
  // Two dies side by side, one router row: one crossing, an EMIO link (TX + RX) per direction.
  CHECK(sys["reused_blocks"][tx] == 2);
  CHECK(sys["reused_blocks"][rx] == 2);
  CHECK(fs::exists(out + "/" + rx + "/" + rx + ".osu.v"));
  CHECK(sys["wns_ns"].get<double>() <= txr["wns_ns"].get<double>() + 1e-9);
  CHECK(sys["flops"].get<long>() > 2 * txr["flops"].get<long>());
  CHECK(sys["area_um2"].get<double>() > 2 * txr["area_um2"].get<double>());
  // The totals match the assembly synthesized whole with its hierarchy (the flow run standalone,
  // without stubs): flops within 2 per reused block instance, cells within half the smallest
  // reused block (the blocks' flat netlists against their hierarchical ones differ by a few
  // percent: 2883 of 56001 cells on 2026-12-06; a reused block counted twice or left out moves
  // the total by a whole block, >= 7429 cells, the receiver). Flops were equal until the EMIO
  // Rice change of 2026-12-05; since then a flat EMIO receiver keeps one flop more or less than
  // the same receiver synthesized as a module of the hierarchy (Yosys's FSM and constant-flop
  // passes see different boundaries). A reused block counted twice or left out is >= 853 flops.
  const auto whole = run_command(kFlows + "/synth_generic.sh --hier " + quoted(out + "/pkg") + " " + top + " " +
                                 quoted(out + "/whole"));
  REQUIRE(whole.exit_code == 0);
  const auto stat = nlohmann::json::parse(read(out + "/whole/" + top + ".generic.stat.json"));
  const auto& counts = stat["modules"].begin().value();
  long whole_flops = 0;
  for (const auto& [type, n] : counts["num_cells_by_type"].items())
    if (type.find("DFF") != std::string::npos) whole_flops += n.get<long>();
  long reused = 0;
  for (const auto& [block, n] : sys["reused_blocks"].items()) reused += n.get<long>();
  CHECK(std::labs(sys["flops"].get<long>() - whole_flops) <= 2 * reused);
  long smallest_block = std::numeric_limits<long>::max();
  for (const auto& [block, n] : sys["reused_blocks"].items()) {
    const auto block_stat = nlohmann::json::parse(read(out + "/" + block + "/" + block + ".generic.stat.json"));
    smallest_block = std::min(smallest_block, block_stat["modules"].begin().value()["num_cells"].get<long>());
  }
  INFO("whole " << counts["num_cells"].get<long>() << " cells, smallest reused block " << smallest_block);
  CHECK(std::labs(sys["generic_cells"].get<long>() - counts["num_cells"].get<long>()) < smallest_block / 2);
  const std::string netlist = read(out + "/" + top + "/" + top + ".osu.v");
  CHECK(netlist.find("module " + tx + "(") == std::string::npos);
  CHECK(netlist.find(tx + " ") != std::string::npos);  // instantiated, from the block's own run
}

// What an assembly reuses instead of synthesizing it again: the tops it instantiates without
// parameters, found through the generated modules it does not reuse (the EMIO link wrapper, the
// mesh, which is instantiated with parameters). A system reuses its chiplets, a chiplet its blocks.
TEST_CASE("assemblies reuse the tops they instantiate without parameters", "[synth]") {
  using snapgen::synth::reused_tops;
  const auto package = snapgen::build_package(snapgen::elaborate(snapgen::load_config(snapgen::default_config_source())));
  const std::string d = package.name + "_";
  using names = std::vector<std::string>;
  CHECK(reused_tops(package, d + "system") == names{d + "chiplet_r0c0", d + "chiplet_r0c1"});
  CHECK(reused_tops(package, d + "chiplet_r0c0") == names{d + "clp_encoder", d + "emio_tx", d + "tile"});
  CHECK(reused_tops(package, d + "chiplet_r0c1") == names{d + "clp_decoder", d + "emio_rx", d + "tile"});
  CHECK(reused_tops(package, d + "noc_emio_system") == names{d + "emio_rx", d + "emio_tx"});
  CHECK(reused_tops(package, d + "mesh").empty());
  CHECK(reused_tops(package, d + "tile").empty());
}
