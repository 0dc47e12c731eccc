#include "run/accuracy.hpp"

#include <algorithm>

#include "train/integer_net.hpp"

namespace snapgen {

using Json = nlohmann::ordered_json;

namespace {

// A trained variant as the golden integer network `snapgen train` scored.
train::IntegerNet integer_net(const Design& d, const Workload& w, const TrainedNet& net, train::Crossing kind) {
  train::IntegerNet n;
  n.hw = w.hw;
  n.clp = w.clp;
  n.layers = net.layers;
  for (const auto& links : d.system.crossing_links) n.hops.push_back(static_cast<int>(links.size()));
  n.kind = kind;
  n.lowbit_bits = w.model->lowbit_bits;
  n.thresholds = net.thresholds;
  n.scales = net.scales;
  return n;
}

// Golden accuracy of `net` over rows x with labels y.
double golden_accuracy(const train::IntegerNet& net, const std::vector<std::vector<std::int64_t>>& x,
                       const std::vector<std::int64_t>& y) {
  std::vector<std::int64_t> flat;
  for (const auto& row : x) flat.insert(flat.end(), row.begin(), row.end());
  const std::vector<std::uint8_t> labels(y.begin(), y.end());
  return train::evaluate_integer(net, flat, labels).accuracy();
}

}  // namespace

std::int64_t predicted_class(const std::vector<std::int64_t>& output) {
  return std::max_element(output.begin(), output.end()) - output.begin();
}

double accuracy_of(const Outputs& outputs, const std::vector<std::int64_t>& labels) {
  const std::size_t n = std::min(outputs.size(), labels.size());
  std::size_t correct = 0;
  for (std::size_t v = 0; v < n; ++v) correct += predicted_class(outputs[v]) == labels[v];
  return n ? static_cast<double>(correct) / static_cast<double>(n) : 0.0;
}

std::optional<Json> accuracy_section(const Design& d, const Workload& w, const Outputs& main, const Outputs* dense) {
  if (w.labels.empty()) return std::nullopt;
  Json j;
  j["images"] = w.labels.size();
  j[w.spikes ? "spike" : "dense"] = accuracy_of(main, w.labels);
  if (dense) j["dense"] = accuracy_of(*dense, w.labels);
  if (!w.model) {
    j["source"] = "workload.labels.npy; RTL outputs of this run and its dense baseline";
    return j;
  }
  const TrainedModel& m = *w.model;
  // Low-bit dense crossing: no RTL encoding yet, so its golden integer network scores the images.
  j["lowbit"] = golden_accuracy(integer_net(d, w, m.lowbit, train::Crossing::LowBit), w.inputs, w.labels);
  j["lowbit_bits"] = m.lowbit_bits;
  const char* variant = w.spikes ? "spike" : "dense";
  const auto& results = m.manifest.at("results");
  j["float"] = results.at(variant).value("float_accuracy", 0.0);
  const TrainedNet& net = w.spikes ? m.spike : m.dense;
  j["golden_test_all"] = golden_accuracy(integer_net(d, w, net, w.spikes ? train::Crossing::Spike : train::Crossing::Dense),
                                         m.test.x, m.test.y);
  j["golden_test_images"] = m.test.x.size();
  // The baselines over the whole test set as the trainer scored them (the same golden integer
  // networks, model.json): what an accuracy-vs-traffic comparison needs without rerunning them.
  j["golden_test_all_dense"] = results.at("dense").value("integer_accuracy", 0.0);
  j["golden_test_all_lowbit"] = results.at("lowbit").value("integer_accuracy", 0.0);
  j["lowbit_payload_bits_per_image"] = results.at("lowbit").value("d2d_payload_bits_per_image", 0.0);
  j["source"] = "spike/dense: RTL outputs of the simulated images; lowbit: golden integer network on the same "
                "images; float: the training graph on the model's whole test set (model.json); golden_test_all: "
                "the golden integer network of this run's variant on the whole test set; golden_test_all_dense/_lowbit: "
                "model.json's integer accuracies of the baselines on the whole test set";
  return j;
}

}  // namespace snapgen
