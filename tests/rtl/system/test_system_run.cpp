// Specification of `snapgen run` on whole multi-die systems: the generated system, simulated by
// Verilator, produces exactly the end-to-end golden model's outputs (lossy spike conversion
// included) under backpressure and bit errors, and its die-to-die bit counts are the EMIO golden
// model's.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "subprocess.hpp"

namespace fs = std::filesystem;
using snapgen::test::run_command;

namespace {

nlohmann::json run(const std::string& name, const std::string& args) {
  const fs::path work = fs::path(SNAPGEN_TEST_WORK) / name;
  fs::remove_all(work);
  fs::create_directories(work);
  const auto r = run_command(fmt::format("SNAPGEN_CACHE={} {} run {} --work {} --json {}", SNAPGEN_TEST_CACHE,
                                         SNAPGEN_BINARY, args, work.string(), (work / "report.json").string()));
  INFO(r.output);
  REQUIRE(fs::exists(work / "report.json"));
  std::ifstream in(work / "report.json");
  nlohmann::json j = nlohmann::json::parse(in);
  bool exact = j["bit_exact"].get<bool>();
  if (j.contains("baselines"))
    for (const auto& b : j["baselines"]) exact = exact && b["bit_exact"].get<bool>();
  CHECK(r.exit_code == (exact ? 0 : 1));
  return j;
}

std::string config(const char* name) { return fmt::format("{}/configs/{}", SNAPGEN_SOURCE_DIR, name); }

}  // namespace

TEST_CASE("two-die MLP (hnn_2die): bit-exact, spike and the dense, dense_zc and lowbit baselines, D2D bits equal the EMIO golden count") {
  const auto j = run("hnn_2die", config("hnn_2die.yaml") + " -P workload.inputs.count=24");
  CHECK(j["bit_exact"] == true);
  CHECK(j["mismatches"] == 0);
  CHECK(j["vectors"] == 24);
  REQUIRE(j["baselines"].size() == 3);
  for (const char* name : {"dense", "dense_zc", "lowbit"}) {
    INFO(name);
    const auto& base = j["baselines"][name];
    CHECK(base["encoding"] == name);
    CHECK(base["bit_exact"] == true);
    CHECK(base["mismatches"] == 0);
    // Error-free link: every beat on the wires is a beat of the golden frame sequence.
    CHECK(base["d2d"]["beats"] == base["d2d"]["golden_beats"]);
    for (const char* k : {"energy", "throughput", "zero_load_latency", "d2d_bits", "latency"})
      CHECK(j["ratios"][name][k].get<double>() > 0);
    CHECK(j["ratios"][name]["d2d_bits"].get<double>() ==
          Approx(base["d2d"]["bits"].get<double>() / j["d2d"]["bits"].get<double>()));
  }
  // Zero compression never sends more than the map on top of the dense payload, and the
  // activations after a ReLU layer hold zeros, so it sends fewer bits than plain dense frames.
  CHECK(j["baselines"]["dense_zc"]["d2d"]["bits"].get<std::uint64_t>() <
        j["baselines"]["dense"]["d2d"]["bits"].get<std::uint64_t>());
  // The low-bit crossing (d2d.lowbit_bits 2 by default) sends 2 of the 8 bits of every activation.
  CHECK(j["baselines"]["lowbit"]["d2d"]["bits"].get<std::uint64_t>() * 2 <
        j["baselines"]["dense"]["d2d"]["bits"].get<std::uint64_t>());
  CHECK(j["baselines"]["lowbit"]["reconstruction"]["max_abs_error"].get<std::int64_t>() > 0);  // lossy
  CHECK(j["baselines"]["dense_zc"]["reconstruction"]["max_abs_error"] == 0);                  // lossless
  CHECK(j["d2d"]["beats"] == j["d2d"]["golden_beats"]);
  CHECK(j["macs"].get<std::uint64_t>() == 24u * (64 * 64 + 64 * 10));
  // Weight SRAM reads from the 8x8 tile schedule: (8 x 8 + 2 x 8) passes of 8 words x 64 bits.
  CHECK(j["energy_events"]["sram_weight_read_bits"].get<std::uint64_t>() == 24u * (64 + 16) * 8 * 64);
  // D2D bits are the golden frame count times the lane count, in both runs; the spike run sends
  // fewer (the point of the design).
  const nlohmann::json& b = j["baselines"]["dense"];
  const std::uint64_t lanes = j["d2d"]["lanes"].get<std::uint64_t>();
  const std::uint64_t spike_bits = j["d2d"]["golden_beats"].get<std::uint64_t>() * lanes;
  const std::uint64_t dense_bits = b["d2d"]["golden_beats"].get<std::uint64_t>() * lanes;
  CHECK(j["d2d"]["bits"].get<std::uint64_t>() == spike_bits);
  CHECK(b["d2d"]["bits"].get<std::uint64_t>() == dense_bits);
  CHECK(spike_bits < dense_bits);
  // Each ratio is the dense run's number over the spike run's, recomputed here from the raw
  // counts: energy = counted or derived events x the energy table (docs/energy.md).
  const auto& t = j["energy_table"];
  auto energy = [&](const nlohmann::json& r) {
    const auto& e = r["energy_events"];
    auto n = [](const nlohmann::json& v) { return v.get<double>(); };
    CHECK(e["d2d_bits"].get<std::uint64_t>() == r["d2d"]["beats"].get<std::uint64_t>() * e["d2d_fwd_wires"].get<std::uint64_t>());
    const double mac = t.contains("mac_pj") ? n(t["mac_pj"])
                                            : n(e["act_bits"]) * n(e["weight_bits"]) * n(t["mult_pj_per_bit_product"]) +
                                                  n(e["acc_bits"]) * n(t["add_pj_per_bit"]);
    const double up = n(e["d2d_link_up_cycles"]), clock = n(t["d2d_clock_pj_per_wire_cycle"]);
    return n(e["d2d_bits"]) * n(t["d2d_pj_per_bit"]) + n(e["d2d_fwd_toggles"]) * n(t["d2d_pj_per_toggle"]) +
           up * n(e["d2d_fwd_wires"]) * clock +
           n(e["d2d_rev_toggles"]) * n(t["d2d_sideband_pj_per_toggle"]) + up * n(e["d2d_rev_wires"]) * clock +
           2 * n(e["emio_frame_bits"]) * n(t["reg_pj_per_bit"]) +
           n(r["onchip"]["link_toggles"]) * n(t["link_pj_per_toggle"]) + n(r["onchip"]["router_flits"]) * n(t["router_pj_per_flit"]) +
           n(r["macs"]) * mac +
           (n(e["sram_weight_read_bits"]) + n(e["sram_act_read_bits"])) * n(t["sram_read_pj_per_bit"]) +
           n(e["sram_act_write_bits"]) * n(t["sram_write_pj_per_bit"]) + n(e["register_bits"]) * n(t["reg_pj_per_bit"]) +
           n(r["clp_ops"]) * n(t["clp_pj_per_op"]) +
           n(e["cycles"]) * n(t["leakage_fraction"]) *
               (n(e["pes"]) * mac + n(e["routers"]) * 5 * n(t["router_pj_per_flit"]) + n(e["clp_channels"]) * n(t["clp_pj_per_op"]));
  };
  CHECK(j["energy_pj"]["total"].get<double>() == Approx(energy(j)));
  CHECK(b["energy_pj"]["total"].get<double>() == Approx(energy(b)));
  const nlohmann::json& zc = j["baselines"]["dense_zc"];
  CHECK(zc["energy_pj"]["total"].get<double>() == Approx(energy(zc)));
  CHECK(j["ratios"]["dense_zc"]["energy"].get<double>() == Approx(energy(zc) / energy(j)));
  CHECK(j["ratios"]["dense"]["energy"].get<double>() == Approx(energy(b) / energy(j)));
  CHECK(j["ratios"]["dense"]["d2d_bits"].get<double>() ==
        Approx(static_cast<double>(dense_bits) / static_cast<double>(spike_bits)));
  CHECK(j["ratios"]["dense"]["latency"].get<double>() ==
        Approx(b["latency_cycles"]["mean"].get<double>() / j["latency_cycles"]["mean"].get<double>()));
  // A batch-1 64x64 layer on an 8x8 tile needs ~540 cycles per vector, the link under 70 beats:
  // both runs are tile-bound, and the tile's schedule-derived busy cycles (docs/tile.md launch
  // rules) are the measured steady-state period within 2%.
  for (const nlohmann::json* run : {&j, &b}) {
    const auto& k = (*run)["bottleneck"];
    CHECK(k["stage"] == "tile");
    CHECK(k["where"].get<std::string>().find("layer 0") != std::string::npos);
    CHECK(k["busy_cycles_per_vector"].get<double>() ==
          Approx((*run)["throughput"]["cycles_per_vector"].get<double>()).epsilon(0.02));
  }
}

TEST_CASE("quad die, BER 1e-3 on every D2D wire, random output backpressure: still bit-exact, retries counted") {
  const auto j = run("quad_ber", config("quad_die.yaml") + " -P d2d.ber=0.001 -P workload.inputs.count=24 "
                                                          "--backpressure 0.5 --no-baseline");
  CHECK(j["bit_exact"] == true);
  CHECK(j["d2d"]["crc_errors"].get<std::uint64_t>() > 0);
  CHECK(j["d2d"]["retries"].get<std::uint64_t>() > 0);
  CHECK(j["d2d"]["links"].size() == 3);
}

TEST_CASE("latency apart: the zero-load latency is a lone vector's, the steady state is faster than the loaded latency") {
  // quad_die calibrates on its own vectors (clp.calibrate), so 1 and 16 simulated vectors run the
  // same network on the same first vector.
  const auto many = run("quad_latency16", config("quad_die.yaml") + " -P workload.inputs.count=16 --no-baseline");
  const auto one = run("quad_latency1", config("quad_die.yaml") + " -P workload.inputs.count=1 --no-baseline");
  CHECK(many["bit_exact"] == true);
  const auto zero_load = many["latency"]["zero_load_cycles"].get<double>();
  CHECK(zero_load == one["latency_cycles"]["max"].get<double>());
  CHECK(zero_load < many["latency"]["loaded_mean_cycles"].get<double>());  // the 16 queue behind each other
  const auto per_vector = many["throughput"]["cycles_per_vector"].get<double>();
  CHECK(per_vector > 0);
  CHECK(per_vector < zero_load);  // the stages overlap: a vector leaves before the next one's latency
}

TEST_CASE("narrow AER link, YX routing, 4-bit signed activations, per-channel requant: bit-exact") {
  const auto j = run("narrow", config("narrow_lanes.yaml") + " -P workload.inputs.count=16 --no-baseline");
  CHECK(j["bit_exact"] == true);
  CHECK(j["d2d"]["beats"] == j["d2d"]["golden_beats"]);
  // Two lanes carry ~111 beats of AER addresses per vector while the 16x16 layer takes ~77
  // cycles: the link bounds the throughput, busy (its measured beats per vector) nearly all the time.
  const auto& k = j["bottleneck"];
  CHECK(k["stage"] == "emio_link");
  CHECK(k["busy_cycles_per_vector"].get<double>() == Approx(j["d2d"]["beats"].get<double>() / 16.0));
  CHECK(k["utilization"].get<double>() > 0.95);
  CHECK(k["utilization"].get<double>() < 1.05);
}

TEST_CASE("narrow link with Rice-coded spike frames: bit-exact, D2D beats equal the golden count") {
  const auto j = run("narrow_rice", config("narrow_lanes.yaml") +
                                        " -P d2d.encoding=rice -P workload.inputs.count=16 --no-baseline");
  CHECK(j["bit_exact"] == true);
  CHECK(j["d2d"]["beats"] == j["d2d"]["golden_beats"]);
}

TEST_CASE("dense baseline configuration (no spike conversion): bit-exact, zero reconstruction error") {
  const auto j = run("dense", config("dense_baseline.yaml") + " -P workload.inputs.count=16 --no-baseline");
  CHECK(j["bit_exact"] == true);
  CHECK(j["reconstruction"]["max_abs_error"] == 0);
}

TEST_CASE("batched tile calls (workload.batch 1, 2, 7, 64), random output backpressure and input gaps: bit-exact") {
  // narrow_lanes (max_batch 64): 16 -> 16 | crossing | -> 4 on 4x4 tiles. 67 vectors: every B
  // ends with a partial call (67 = 33 x 2 + 1 = 9 x 7 + 4 = 64 + 3).
  const std::uint64_t n = 67;
  for (const std::uint64_t b : {1u, 2u, 7u, 64u}) {
    INFO("workload.batch " << b);
    const auto j = run(fmt::format("narrow_batch{}", b),
                       config("narrow_lanes.yaml") + fmt::format(" -P workload.inputs.count={} -P workload.batch={} "
                                                                 "--backpressure 0.6 --input-valid 0.7 --no-baseline",
                                                                 n, b));
    CHECK(j["bit_exact"] == true);
    CHECK(j["mismatches"] == 0);
    CHECK(j["vectors"] == n);
    CHECK(j["batch"] == b);
    CHECK(j["macs"].get<std::uint64_t>() == n * (16 * 16 + 16 * 4));
    // A weight block is read once per call: ceil(n / B) calls of (4 x 4 + 1 x 4) passes of 4 words x 16 bits.
    CHECK(j["energy_events"]["sram_weight_read_bits"].get<std::uint64_t>() == (n + b - 1) / b * (16 + 4) * 4 * 16);
  }
}

TEST_CASE("batched tile calls cut the cycles per vector as the launch rules say (hnn_2die, B = 8)") {
  // 64 vectors: the period is the difference of two runs (all vectors, and the first call's
  // alone), and each ends with its last call's vectors crossing the link and die 2, which takes
  // tens of cycles more or less with their spikes; over 56 vectors that is under a cycle each
  // (over 24 it moved the period by up to 4%: 79.3 cycles at 32 vectors, 76.3 at 56, 77.8 at 64).
  const auto one = run("hnn_batch1", config("hnn_2die.yaml") + " -P workload.inputs.count=64 --no-baseline");
  const auto eight = run("hnn_batch8", config("hnn_2die.yaml") + " -P workload.inputs.count=64 -P workload.batch=8 --no-baseline");
  CHECK(one["bit_exact"] == true);
  CHECK(eight["bit_exact"] == true);
  // The tile of layer 0 (64 -> 64 on 8 x 8: P = 8 x 8 passes, R = 8) bounds the throughput. Passes
  // of one call launch at least max(B, R) cycles apart (docs/tile.md), calls do not overlap, so a
  // vector costs at least P x R cycles at B = 1. With B = 8 >= max(R, C - 1) every cycle between
  // the first and the last slot issues one, P x max(B, R) / B cycles per vector: the saving is at
  // least P x (R - max(B, R) / B) (the per-call input, fill and drain shrink as well).
  const double p = 8 * 8, r = 8, b = 8;
  const double cpv1 = one["throughput"]["cycles_per_vector"].get<double>();
  const double cpv8 = eight["throughput"]["cycles_per_vector"].get<double>();
  CHECK(cpv1 >= p * r);
  CHECK(cpv1 - cpv8 >= p * (r - std::max(b, r) / b));
  // Batched, the layer-0 tile still bounds the run; its schedule-derived busy cycles per vector
  // (one call of 8 divided by 8) are the measured period within 3%.
  CHECK(eight["bottleneck"]["stage"] == "tile");
  CHECK(eight["bottleneck"]["busy_cycles_per_vector"].get<double>() == Approx(cpv8).epsilon(0.03));
  // The first vector of each run is alone (one call of one vector): the zero-load latency is the same.
  CHECK(one["latency"]["zero_load_cycles"] == eight["latency"]["zero_load_cycles"]);
}

TEST_CASE("baselines beside the main run (-j 2) or one after another (-j 1): the same report, number for number") {
  // The four models are the two-die MLP test's (ctest runs this one after it).
  const std::string args = config("hnn_2die.yaml") + " -P workload.inputs.count=8";
  auto apart = run("hnn_j1", args + " -j 1");
  auto beside = run("hnn_j2", args + " -j 2");
  REQUIRE(apart["baselines"].size() == 3);
  // Only the wall-clock times and whether this run built its model differ.
  const auto drop_times = [](nlohmann::json& j) {
    const auto erase = [](nlohmann::json& sim) {
      for (const char* k : {"sim_seconds", "cycles_per_second", "model_built_now", "build_seconds"}) sim.erase(k);
    };
    erase(j["simulation"]);
    for (auto& [name, b] : j["baselines"].items()) erase(b["simulation"]);
  };
  drop_times(apart);
  drop_times(beside);
  CHECK(apart == beside);
}

TEST_CASE("communication-bound FFN (ffn_2die): the dense baseline is bound by its 2-lane link, spikes relieve it") {
  const auto j = run("ffn_2die", config("ffn_2die.yaml") + " -P workload.inputs.count=24 --baselines dense");
  CHECK(j["bit_exact"] == true);
  const auto& dense = j["baselines"]["dense"];
  CHECK(dense["bit_exact"] == true);
  // Dense: 256 activations x 8 bits on 2 lanes are 1024 beats per vector before framing, while a
  // layer (64 -> 256 or 256 -> 64 on an 8 x 8 tile at B = 8) is busy ~270 cycles per vector: the
  // link bounds the run, and its measured period is the link's beats per vector.
  const double vectors = j["vectors"].get<double>();
  const double dense_beats = dense["d2d"]["beats"].get<double>() / vectors;
  CHECK(dense_beats >= 1024);
  CHECK(dense["bottleneck"]["stage"] == "emio_link");
  CHECK(dense["bottleneck"]["utilization"].get<double>() > 0.95);
  CHECK(dense["throughput"]["cycles_per_vector"].get<double>() == Approx(dense_beats).epsilon(0.03));
  // Spike frames carry a fraction of those bits: the same network runs at least 1.5x faster.
  CHECK(j["d2d"]["beats"].get<double>() < dense["d2d"]["beats"].get<double>() / 2);
  CHECK(j["ratios"]["dense"]["throughput"].get<double>() > 1.5);
}
