// Specification of the instrumented `snapgen run` modes on the smallest two-die system
// (configs/narrow_lanes.yaml: 1x2 dies of 1x2 routers, 4x4 tiles, one 2-lane AER link):
//   --activity DIR  whole-design toggle counts from Verilator toggle coverage, per instance, and
//                   activity files for `snapgen synth --activity-file`;
//   --waves FILE    an FST of the run;
//   --icarus        the same stimulus simulated by Icarus gives the same output words.
// One instrumented model (coverage + trace) serves the activity and waves cases.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "subprocess.hpp"

namespace fs = std::filesystem;
using snapgen::test::run_command;

namespace {

const std::string kSys = "narrow_lanes_system";

nlohmann::json run(const std::string& name, const std::string& args, fs::path* work_out = nullptr) {
  const fs::path work = fs::path(SNAPGEN_TEST_WORK) / name;
  fs::remove_all(work);
  fs::create_directories(work);
  const auto r = run_command(fmt::format("SNAPGEN_CACHE={} {} run {}/configs/narrow_lanes.yaml --no-baseline {} --work {} --json {}",
                                         SNAPGEN_TEST_CACHE, SNAPGEN_BINARY, SNAPGEN_SOURCE_DIR,
                                         fmt::format(fmt::runtime(args), fmt::arg("work", work.string())),
                                         work.string(), (work / "report.json").string()));
  INFO(r.output);
  REQUIRE(fs::exists(work / "report.json"));
  std::ifstream in(work / "report.json");
  nlohmann::json j = nlohmann::json::parse(in);
  CHECK(r.exit_code == (j["bit_exact"].get<bool>() ? 0 : 1));
  if (work_out) *work_out = work;
  return j;
}

// The test's own reading of coverage.dat: toggle count per (hierarchy, signal), without the
// code under test. Keys/values are separated by \001 / \002 (DESIGN §6).
std::map<std::pair<std::string, std::string>, std::uint64_t> coverage_counts(const fs::path& file) {
  std::map<std::pair<std::string, std::string>, std::uint64_t> counts;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("C '", 0) != 0 || line.find("\x01page\x02v_toggle/") == std::string::npos) continue;
    auto field = [&](const std::string& key) {
      const auto at = line.find("\x01" + key + "\x02");
      const auto from = at + key.size() + 2;
      return line.substr(from, line.find_first_of("\x01'", from) - from);
    };
    counts[{field("h"), field("o")}] += std::stoull(line.substr(line.rfind('\'') + 1));
  }
  return counts;
}

std::uint64_t bus_toggles(const std::map<std::pair<std::string, std::string>, std::uint64_t>& counts,
                          const std::string& hier, const std::string& signal, int width) {
  std::uint64_t sum = 0;
  for (int b = 0; b < width; ++b) {
    const auto it = counts.find({hier, fmt::format("{}[{}]", signal, b)});
    REQUIRE(it != counts.end());
    sum += it->second;
  }
  return sum;
}

const nlohmann::json& instance(const nlohmann::json& activity, const std::string& name) {
  for (const auto& i : activity["instances"])
    if (i["instance"] == name) return i;
  FAIL("no instance " << name << " in the activity section");
  return activity;
}

}  // namespace

TEST_CASE("activity: per-instance toggles from coverage and D2D wire toggles equal to the runner count") {
  fs::path work;
  const auto j = run("activity", "-P workload.inputs.count=6 --activity {work}/act --waves {work}/run.fst", &work);
  REQUIRE(j["bit_exact"] == true);
  const auto& a = j["activity"];
  CHECK(a["cycles"] == j["cycles"]);

  // Blocks that must work: both tiles (MACs), the encoder, the EMIO transmitter, the link wires.
  for (const char* inst : {"u_die_r0c0.u_n0_tile", "u_die_r0c1.u_n1_tile", "u_die_r0c0.u_l0tx_enc",
                           "u_die_r0c0.u_l0tx_emio", "u_die_r0c1.u_l0rx_emio", "u_l0_fwd_pipe"})
    CHECK(instance(a, kSys + "." + inst)["toggles"].get<std::uint64_t>() > 0);
  // Provably idle: layer 0 sits at router (0,1) of die (0,0) and sends east, layer 1 at router
  // (0,0) of die (0,1); the input enters at layer 0's node. Router (0,0) of die (0,0) carries
  // nothing, so none of its bits (clock aside) may toggle.
  const auto& idle = instance(a, kSys + ".u_die_r0c0.u_mesh.u_router_0_0");
  CHECK(idle["points"].get<std::uint64_t>() > 100);
  CHECK(idle["toggles"] == 0);

  // Two independent counts of the same wires: the runner XORs obs_d2d_o (= the transmit side of
  // the forward pipe and the receive side of the reverse pipe) every cycle; coverage counts the
  // pipes' input bits. Forward = valid, last, 2 data lanes; reverse = credit, ack valid/nak, seq[6].
  const auto counts = coverage_counts(work / "act" / "coverage.dat");
  const auto& link = j["d2d"]["links"][0];
  CHECK(link["data_toggles"].get<std::uint64_t>() > 0);
  CHECK(bus_toggles(counts, "TOP." + kSys + ".u_l0_fwd_pipe", "in_i", 4) == link["data_toggles"].get<std::uint64_t>());
  CHECK(bus_toggles(counts, "TOP." + kSys + ".u_l0_rev_pipe", "in_i", 9) == link["sideband_toggles"].get<std::uint64_t>());

  // The synthesis activity file of the tile: "<port bit> <toggles per cycle>" lines for its
  // input ports, the moving activation data among them.
  std::ifstream act(work / "act" / "narrow_lanes_tile.activity");
  REQUIRE(act);
  int lines = 0, moving = 0;
  for (std::string line; std::getline(act, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string port, extra;
    double rate = -1;
    REQUIRE((ls >> port >> rate));
    CHECK_FALSE((ls >> extra));
    CHECK(rate >= 0.0);
    CHECK(rate <= 1.0);  // a register bit changes at most once per cycle
    CHECK((port.ends_with("_i") || port.find("_i[") != std::string::npos || port.find("_ni") != std::string::npos));
    ++lines;
    if (port.rfind("act_data_i[", 0) == 0 && rate > 0) ++moving;
  }
  CHECK(lines > 20);
  CHECK(moving > 0);
}

TEST_CASE("waves: an FST of the run that grows with the number of vectors") {
  auto fst_size = [](const fs::path& f) {
    REQUIRE(fs::exists(f));
    std::ifstream in(f, std::ios::binary);
    std::array<unsigned char, 9> head{};
    in.read(reinterpret_cast<char*>(head.data()), head.size());
    // FST files open with a header block: type 0 (FST_BL_HDR), then its 64-bit big-endian
    // length, 329 bytes (fstapi.c). No FST reader ships on this machine.
    CHECK(head[0] == 0);
    CHECK(((head[7] << 8) | head[8]) == 329);
    return fs::file_size(f);
  };
  fs::path w2, w12;
  const auto j2 = run("waves2", "-P workload.inputs.count=2 --activity {work}/act --waves {work}/run.fst", &w2);
  const auto j12 = run("waves12", "-P workload.inputs.count=12 --activity {work}/act --waves {work}/run.fst", &w12);
  CHECK(fst_size(w12 / "run.fst") > fst_size(w2 / "run.fst") + 1000);
  // The input count is a runtime key: both runs use one cached model.
  CHECK(j12["simulation"]["model_key"] == j2["simulation"]["model_key"]);
  CHECK(j12["simulation"]["model_built_now"] == false);
}

TEST_CASE("icarus: the smallest two-die system gives the Verilator output words cycle for cycle", "[icarus]") {
  fs::path work;
  const auto j = run("icarus", "-P workload.inputs.count=6 --icarus", &work);
  CHECK(j["bit_exact"] == true);
  const auto& i = j["icarus"];
  CHECK(i["status"] == "ok");
  CHECK(i["vectors"] == 6);
  CHECK(i["mismatches_vs_verilator"] == 0);
  CHECK(i["mismatches_vs_golden"] == 0);
  CHECK(i["same_cycles_and_latencies"] == true);
  // The test's own comparison of the two simulators' result files: every output word and its
  // latency identical, the same number of them, and the cycle count identical.
  auto result = [](const fs::path& f) {
    std::ifstream in(f);
    REQUIRE(in);
    return nlohmann::json::parse(in);
  };
  const auto verilator = result(work / "main" / "result.json");
  const auto icarus = result(work / "main" / "icarus" / "result.json");
  REQUIRE(verilator["outputs"].size() == 6);
  CHECK(icarus["outputs"] == verilator["outputs"]);
  CHECK(icarus["cycles"] == verilator["cycles"]);
}

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// gnuplot data blocks: the numbers of every line (labels and headers skipped), blank lines skipped.
std::vector<std::vector<double>> dat_rows(const fs::path& p) {
  std::vector<std::vector<double>> rows;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);) {
    std::istringstream ls(line);
    std::vector<double> row;
    for (std::string token; ls >> token;) {
      char* end = nullptr;
      const double v = std::strtod(token.c_str(), &end);
      if (end != token.c_str() && *end == '\0') row.push_back(v);
    }
    if (!row.empty()) rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("report: --report DIR holds report.json, report.md and four plots made from the run's own numbers") {
  fs::path work;
  const auto j = run("report", "-P workload.inputs.count=12 --report {work}/rep", &work);
  const fs::path rep = work / "rep";
  CHECK(nlohmann::json::parse(read_all(rep / "report.json")) == j);  // the --json report, unchanged
  const std::string md = read_all(rep / "report.md");
  CHECK(md.find("## Bottleneck") != std::string::npos);
  CHECK(md.find(j["bottleneck"]["where"].get<std::string>()) != std::string::npos);
  for (const char* plot : {"energy_by_category", "firing_rate_per_channel", "link_utilization", "latency_distribution"}) {
    INFO(plot);
    CHECK(read_all(rep / "plots" / (std::string(plot) + ".png")).rfind("\x89PNG", 0) == 0);
    CHECK(md.find(fmt::format("(plots/{}.png)", plot)) != std::string::npos);
  }
  // The plotted numbers, recomputed from the JSON report.
  const double vectors = j["vectors"].get<double>();
  const auto energy = dat_rows(rep / "plots" / "energy_by_category.dat");  // the header and label are not numbers
  REQUIRE(energy.size() == 1);
  CHECK(energy[0].back() == Approx(j["energy_pj"]["leakage"].get<double>() / vectors).epsilon(1e-5));
  const auto firing = dat_rows(rep / "plots" / "firing_rate_per_channel.dat");
  double mean = 0;
  for (const auto& f : firing) mean += f[1] / static_cast<double>(firing.size());
  CHECK(mean == Approx(j["firing_rate"].get<double>()).epsilon(1e-4));
  // The simulator's beats-over-time bins add up to the link's beat count.
  std::uint64_t binned = 0;
  for (const auto& b : j["d2d"]["timeline"]["beats_per_link"][0]) binned += b.get<std::uint64_t>();
  CHECK(binned == j["d2d"]["links"][0]["beats"].get<std::uint64_t>());
  double histogram = 0;
  for (const auto& h : dat_rows(rep / "plots" / "latency_distribution.dat")) histogram += h[1];
  CHECK(histogram == vectors);
  // A second run replaces the report: the directory is a report (a non-report one is refused,
  // tests/unit/test_cli_bad_input.cpp).
  run("report_again", fmt::format("-P workload.inputs.count=3 --report {}", rep.string()));
  CHECK(nlohmann::json::parse(read_all(rep / "report.json"))["vectors"] == 3);
}

TEST_CASE("pgo: a profile-guided model simulates the plain model's run number for number") {
  const std::string args = "-P workload.inputs.count=12";
  const auto plain = run("pgo_plain", args);
  const auto pgo = run("pgo", args + " --pgo");
  CHECK_FALSE(plain["simulation"]["profile_guided"].get<bool>());
  CHECK(pgo["simulation"]["profile_guided"].get<bool>());
  // Its own cache entry, built twice: instrumented, profiled, then from that profile.
  const std::string key = pgo["simulation"]["model_key"];
  CHECK(key != plain["simulation"]["model_key"].get<std::string>());
  const fs::path dir = fs::path(SNAPGEN_TEST_CACHE) / "models" / key;
  std::size_t profiles = 0;
  for (const auto& e : fs::directory_iterator(dir / "obj")) profiles += e.path().extension() == ".gcda";
  CHECK(profiles > 0);
  const std::string build_log = read_all(dir / "build.log");
  CHECK(build_log.find("-fprofile-generate") != std::string::npos);
  CHECK(build_log.find("-fprofile-use") != std::string::npos);
  // Both compiled for this machine's ISA level (cmake/HostIsa.cmake runs snapgen's rule for it).
  const std::string march = SNAPGEN_HOST_MARCH;
  for (const auto* r : {&plain, &pgo}) CHECK((*r)["simulation"]["march"] == march);
  const std::string plain_log = read_all(fs::path(SNAPGEN_TEST_CACHE) / "models" /
                                         plain["simulation"]["model_key"].get<std::string>() / "build.log");
  // Exactly this level in both builds' logs (the profile-guided log holds two builds).
  const std::string flag = "-march=" + march;
  for (const auto* log : {&plain_log, &build_log})
    CHECK((log->find(march.empty() ? "-march=" : flag) != std::string::npos) == !march.empty());
  // Everything but the simulation section (model key, times) is the same.
  auto same = [](nlohmann::json j) {
    j.erase("simulation");
    return j;
  };
  CHECK(same(pgo) == same(plain));
}
