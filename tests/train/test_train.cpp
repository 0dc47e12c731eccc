// `snapgen train`: the surrogate gradient, the CLP training model against the golden model, a tiny
// training run whose exported integers the system's golden model scores exactly as reported,
// byte-identical reruns, and bad data rejected with exit 2 and nothing written.
// LibTorch first: c10 defines glog-style CHECK macros, which must not shadow Catch's.
#include "train/qat.hpp"
#undef CHECK
#undef CHECK_EQ
#undef CHECK_NE
#undef CHECK_LT
#undef CHECK_LE
#undef CHECK_GT
#undef CHECK_GE

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "config/loader.hpp"
#include "model/design.hpp"
#include "run/workload.hpp"
#include "subprocess.hpp"
#include "train/dataset.hpp"
#include "train/train.hpp"
#include "util/npy.hpp"

namespace fs = std::filesystem;
using namespace snapgen;
using snapgen::test::run_command;

namespace {

const std::string kConfig = std::string(SNAPGEN_SOURCE_DIR) + "/configs/default.yaml";

fs::path fresh_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / fmt::format("snapgen_train_test_{}_{}", name, ::getpid());
  fs::remove_all(p);
  return p;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Config tiny_config(std::vector<std::string> extra = {}) {
  std::vector<std::string> o = {"train.subset=400", "train.epochs=1", "train.batch=64"};
  o.insert(o.end(), extra.begin(), extra.end());
  return load_config(read_config_file(kConfig), o);
}

void write_gz(const fs::path& p, const std::string& bytes) {
  gzFile f = gzopen(p.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
  gzclose(f);
}

}  // namespace

TEST_CASE("train: the spike function's backward is the finite-difference gradient of its surrogate", "[train]") {
  torch::manual_seed(3);
  const auto opts = torch::TensorOptions().dtype(torch::kDouble);
  const torch::Tensor u0 = torch::rand({3, 5}, opts) * 300.0;
  const torch::Tensor th0 = torch::rand({5}, opts) * 200.0 + 20.0;
  const torch::Tensor g = torch::randn({3, 5}, opts);
  torch::Tensor u = u0.clone().set_requires_grad(true), th = th0.clone().set_requires_grad(true);
  const torch::Tensor s = train::spike_fn(u, th);
  CHECK(torch::equal(s, (u0 >= th0).to(torch::kDouble)));  // forward: the exact step
  (s * g).sum().backward();
  auto f = [&](const torch::Tensor& uu, const torch::Tensor& tt) { return (train::spike_surrogate(uu, tt) * g).sum().item<double>(); };
  const double h = 1e-5;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 5; ++j) {
      torch::Tensor up = u0.clone(), um = u0.clone();
      up[i][j] += h;
      um[i][j] -= h;
      const double num = (f(up, th0) - f(um, th0)) / (2 * h);
      CHECK(u.grad()[i][j].item<double>() == Approx(num).epsilon(1e-6).margin(1e-9));
    }
  for (int j = 0; j < 5; ++j) {
    torch::Tensor tp = th0.clone(), tm = th0.clone();
    tp[j] += h;
    tm[j] -= h;
    const double num = (f(u0, tp) - f(u0, tm)) / (2 * h);
    CHECK(th.grad()[j].item<double>() == Approx(num).epsilon(1e-6).margin(1e-9));
  }
}

TEST_CASE("train: the CLP training model gives the golden model's counts and decoded values", "[train]") {
  std::mt19937_64 rng(7);
  for (const bool subtract : {true, false})
    for (const int leak : {0, 2})
      for (const int T : {1, 4, 7}) {
        golden::clp::Params p;
        p.channels = 16;
        p.timesteps = T;
        p.reset_subtract = subtract;
        p.leak_shift = leak;
        p.decode_shift = 3;
        std::vector<std::int64_t> a(16), th(16), sc(16);
        for (int i = 0; i < 16; ++i) {
          a[i] = static_cast<std::int64_t>(rng() % 256);
          th[i] = 1 + static_cast<std::int64_t>(rng() % 400);
          sc[i] = static_cast<std::int64_t>(rng() % 2000);
        }
        const auto frames = golden::clp::encode(p, a, th);
        const auto counts = golden::clp::spike_counts(p, frames);
        const auto dec = golden::clp::decode(p, counts, sc);
        auto f64 = [](const std::vector<std::int64_t>& v) {
          return torch::tensor(std::vector<double>(v.begin(), v.end()), torch::kDouble);
        };
        const train::ClpSpec s{T, subtract, leak, 3, 255.0};
        const auto out = train::clp_forward(s, f64(a).unsqueeze(0), f64(th), f64(sc));
        for (int i = 0; i < 16; ++i) {
          INFO("T " << T << " subtract " << subtract << " leak " << leak << " channel " << i);
          CHECK(out.counts[0][i].item<double>() == counts[static_cast<std::size_t>(i)]);
          CHECK(out.decoded[0][i].item<double>() == static_cast<double>(dec[static_cast<std::size_t>(i)]));
        }
      }
}

TEST_CASE("train: a tiny run exports integers that the system golden model scores as reported", "[train]") {
  const fs::path dir = fresh_dir("tiny");
  const Config c = tiny_config();
  const Design d = elaborate(c);
  const auto r = train::train_command(c, d, {dir.string(), false, {}});
  REQUIRE_FALSE(r.cached);
  const auto& res = r.model["results"];
  for (const char* k : {"spike", "dense", "lowbit"}) CHECK(res[k]["integer_accuracy"].get<double>() > 0.3);  // chance: 0.1
  CHECK(res["spike"]["firing_rate"].get<double>() > 0.0);

  // Read the files back the way `snapgen run` does (workload.model_dir) and score every test image
  // with golden_forward, the end-to-end model `snapgen run` checks the RTL against: the numbers
  // must be the trainer's, for the spike network and (dense crossings) the dense network.
  const auto n_test = r.model["train"]["test"].get<std::int64_t>();
  for (const std::string variant : {"spike", "dense"}) {
    std::vector<std::string> o = {"workload.model_dir=" + dir.string(), fmt::format("workload.inputs.count={}", n_test)};
    if (variant == "dense") o.push_back("d2d.encoding=dense");
    const Config cv = tiny_config(o);
    const Design dv = elaborate(cv);
    const Workload w = make_workload(cv, dv);
    REQUIRE(w.inputs.size() == static_cast<std::size_t>(n_test));
    REQUIRE(w.labels.size() == w.inputs.size());
    CHECK(w.spikes == (variant == "spike"));
    std::int64_t correct = 0;
    for (std::size_t n = 0; n < w.inputs.size(); ++n) {
      const auto out = golden_forward(w, dv, w.inputs[n]).output;
      correct += (std::max_element(out.begin(), out.end()) - out.begin()) == w.labels[n];
    }
    INFO(variant);
    CHECK(correct == res[variant]["integer_correct"].get<std::int64_t>());
  }
  fs::remove_all(dir);
}

TEST_CASE("train: the same config and seed give byte-identical files; a second call is a cache hit", "[train]") {
  const fs::path a = fresh_dir("det_a"), b = fresh_dir("det_b");
  const Config c = tiny_config();
  const Design d = elaborate(c);
  train::train_command(c, d, {a.string(), false, {}});
  train::train_command(c, d, {b.string(), false, {}});
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(a)) {
    if (!e.is_regular_file()) continue;
    ++files;
    INFO(e.path());
    CHECK(slurp(e.path()) == slurp(b / fs::relative(e.path(), a)));
  }
  CHECK(files == 1 + 2 + 2 + 3 * 2 * 3);  // model.json, x/y_test, thresholds/scales, 3 nets x 2 layers x 3 files
  CHECK(train::train_command(c, d, {a.string(), false, {}}).cached);
  // Another seed is another model.
  const Config c2 = tiny_config({"train.seed=2"});
  CHECK_FALSE(train::train_command(c2, elaborate(c2), {a.string(), false, {}}).cached);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("train: bad data exits 2 with one line naming the file and writes nothing", "[train]") {
  const fs::path src = train::kFashionMnistDir;
  const fs::path data = fresh_dir("bad_data"), out = fresh_dir("bad_out");
  auto expect_bad = [&](const std::string& what, const std::string& needle) {
    const auto r = run_command(fmt::format("{} train {} -o {} -P train.subset=200 -P train.epochs=1 -P train.dataset={}",
                                           SNAPGEN_BINARY, kConfig, out.string(), data.string()));
    INFO(what << ": " << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(needle) != std::string::npos);
    CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(out));
  };
  const auto r0 = run_command(fmt::format("{} train {} -o {} -P train.dataset=/no/such/dir", SNAPGEN_BINARY, kConfig,
                                          out.string()));
  CHECK(r0.exit_code == 2);
  CHECK(r0.output.find("/no/such/dir") != std::string::npos);
  CHECK_FALSE(fs::exists(out));

  fs::create_directories(data);
  expect_bad("empty directory", "holds none of the dataset files; a dataset directory holds x_train.npy, y_train.npy");
  std::ofstream(data / "x_train.npy") << "";
  expect_bad("one .npy file", "lacks y_train.npy, x_test.npy, y_test.npy;");
  fs::remove(data / "x_train.npy");
  fs::copy_file(src / "train-images-idx3-ubyte.gz", data / "train-images-idx3-ubyte.gz");
  expect_bad("one IDX file", "lacks train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz;");
  fs::remove(data / "train-images-idx3-ubyte.gz");
  for (const char* f : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz"})
    fs::copy_file(src / f, data / f);
  const fs::path labels = data / "t10k-labels-idx1-ubyte.gz";
  const std::string gz = slurp(labels);
  {  // a gzip stream cut in half
    std::ofstream(labels, std::ios::binary | std::ios::trunc) << gz.substr(0, gz.size() / 2);
    expect_bad("truncated gzip", "t10k-labels-idx1-ubyte.gz: truncated gzip");
  }
  const std::string idx = train::gunzip_file((src / "t10k-labels-idx1-ubyte.gz").string());
  write_gz(labels, idx.substr(0, idx.size() - 10));
  expect_bad("truncated IDX", "t10k-labels-idx1-ubyte.gz: 9990 IDX data bytes, the header promises 10000 (truncated)");
  {  // a label of 10 with 10 classes
    std::string bad = idx;
    bad[8 + 5] = 10;
    write_gz(labels, bad);
    expect_bad("IDX label out of range", "label 10 of image 5 is outside 0..9");
  }

  fs::remove_all(data);
  fs::create_directories(data);
  auto arr = [](std::string dtype, std::vector<std::size_t> shape, std::int64_t v) {
    NpyArray a;
    a.dtype = std::move(dtype);
    a.shape = shape;
    std::size_t n = 1;
    for (auto s : shape) n *= s;
    a.values.assign(n, v);
    return a;
  };
  write_npy((data / "x_train.npy").string(), arr("uint8", {50, 784}, 3));
  write_npy((data / "y_train.npy").string(), arr("uint8", {50}, 1));
  write_npy((data / "x_test.npy").string(), arr("uint8", {20, 28, 28}, 3));
  write_npy((data / "y_test.npy").string(), arr("uint8", {20}, 2));
  write_npy((data / "x_train.npy").string(), arr("uint8", {50, 783}, 3));
  expect_bad("wrong-shape npy", "x_train.npy: expected shape (n, 784)");
  write_npy((data / "x_train.npy").string(), arr("uint8", {50, 784}, 3));
  write_npy((data / "y_test.npy").string(), arr("int32", {20}, 12));
  expect_bad("npy label out of range", "y_test.npy: value 12 at flat index 0 is outside 0..9");
  write_npy((data / "y_test.npy").string(), arr("uint8", {19}, 2));
  expect_bad("npy count mismatch", "y_test.npy: 19 labels for 20 inputs");
  fs::remove_all(data);
}
