#include "run/bottleneck.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "model/tile_params.hpp"

namespace snapgen {

using Json = nlohmann::ordered_json;

namespace {

struct Stage {
  std::string stage, where, source;
  double busy = 0;  // cycles per vector
};

std::vector<Stage> tile_stages(const Design& d, int batch) {
  std::vector<Stage> s;
  for (const auto& n : d.system.nodes)
    s.push_back({"tile", fmt::format("layer {} ({}x{}) on die ({},{})", n.layer, n.in, n.out, n.die_row, n.die_col),
                 "schedule",
                 static_cast<double>(tile_call_cycles(d.tile, n.in, n.out, batch)) / static_cast<double>(batch)});
  return s;
}

std::vector<Stage> clp_stages(const Design& d) {
  std::vector<Stage> s;
  const double per_conversion = static_cast<double>(d.clp.timesteps) * d.clp.beats;
  for (const auto& link : d.system.links) {
    const auto uses = std::count_if(d.system.crossing_links.begin(), d.system.crossing_links.end(), [&](const auto& c) {
      return std::find(c.begin(), c.end(), link.index) != c.end();
    });
    s.push_back({"clp", fmt::format("D2D link {} encoder/decoder", link.index), "schedule",
                 per_conversion * static_cast<double>(uses)});
  }
  return s;
}

std::vector<Stage> measured_stages(const Design& d, const tb::SimResult& r, double vectors) {
  std::vector<Stage> s;
  for (std::size_t l = 0; l < r.links.size(); ++l)
    s.push_back({"emio_link", fmt::format("D2D link {} ({} lanes)", l, d.d2d.lanes), "measured",
                 static_cast<double>(r.links[l].beats) / vectors});
  if (!r.router_port_flits.empty()) {
    const auto busiest = std::max_element(r.router_port_flits.begin(), r.router_port_flits.end());
    const auto i = static_cast<int>(busiest - r.router_port_flits.begin());
    s.push_back({"noc", fmt::format("router {} {} output", i / kRouterPorts, kPortNames[static_cast<std::size_t>(i % kRouterPorts)]), "measured",
                 static_cast<double>(*busiest) / vectors});
  }
  return s;
}

}  // namespace

Json bottleneck_section(const Design& d, const tb::SimResult& r, std::size_t vectors, double period, bool spikes) {
  if (vectors == 0 || period <= 0) return Json::object();
  // A tile call serves workload.batch vectors (fewer when the run is shorter than a batch).
  const int batch = std::max(1, std::min(d.runtime.batch, static_cast<int>(vectors)));
  std::vector<Stage> stages = tile_stages(d, batch);
  if (spikes)
    for (auto& s : clp_stages(d)) stages.push_back(std::move(s));
  for (auto& s : measured_stages(d, r, static_cast<double>(vectors))) stages.push_back(std::move(s));
  const auto top = std::max_element(stages.begin(), stages.end(), [](const Stage& a, const Stage& b) { return a.busy < b.busy; });
  Json all = Json::array();
  for (const auto& s : stages)
    all.push_back({{"stage", s.stage}, {"where", s.where}, {"source", s.source}, {"busy_cycles_per_vector", s.busy},
                   {"utilization", s.busy / period}});
  return {{"stage", top->stage},
          {"where", top->where},
          {"busy_cycles_per_vector", top->busy},
          {"utilization", top->busy / period},
          {"stages", all}};
}

}  // namespace snapgen
