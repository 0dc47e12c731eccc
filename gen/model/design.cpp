#include "model/design.hpp"

#include "util/sha256.hpp"

namespace snapgen {


Design elaborate(const Config& c) {
  Problems problems;
  Design d;
  d.name = c.text("name");
  d.clock_mhz = c.real("clock_mhz");
  d.die_rows = static_cast<int>(c.integer("package.die_rows"));
  d.die_cols = static_cast<int>(c.integer("package.die_cols"));
  d.mesh_rows = static_cast<int>(c.integer("die.mesh.rows"));
  d.mesh_cols = static_cast<int>(c.integer("die.mesh.cols"));
  d.grid_rows = d.die_rows * d.mesh_rows;
  d.grid_cols = d.die_cols * d.mesh_cols;
  d.noc = elaborate_noc(c, d.grid_rows, d.grid_cols, problems);
  d.tile = elaborate_tile(c);
  d.clp = elaborate_clp(c);
  d.d2d = elaborate_d2d(c);
  d.runtime = elaborate_runtime(c);
  const auto& layers = c.records("workload.layers");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto& f = layers[i].fields;
    const auto& at = std::get<IntList>(f.at("at"));
    LayerPlacement p;
    p.index = static_cast<int>(i);
    p.in = static_cast<int>(std::get<std::int64_t>(f.at("in")));
    p.out = static_cast<int>(std::get<std::int64_t>(f.at("out")));
    p.relu = std::get<bool>(f.at("relu"));
    p.die_row = static_cast<int>(at[0]);
    p.die_col = static_cast<int>(at[1]);
    p.mesh_row = static_cast<int>(at[2]);
    p.mesh_col = static_cast<int>(at[3]);
    p.gx = p.die_col * d.mesh_cols + p.mesh_col;
    p.gy = p.die_row * d.mesh_rows + p.mesh_row;
    if (i + 1 < layers.size()) {
      const auto& next = std::get<IntList>(layers[i + 1].fields.at("at"));
      p.next_on_other_die = next[0] != at[0] || next[1] != at[1];
    }
    d.layers.push_back(p);
  }
  problems.throw_if_any();
  d.system = elaborate_system(d);
  d.config_hash = sha256_hex(c.canonical_text());
  d.hardware_hash = sha256_hex(c.canonical_text(true));
  return d;
}

std::vector<Constant> Design::constants() const {
  Constants k = {
      {"DieRows", die_rows, "Rows of dies in the package"},
      {"DieCols", die_cols, "Columns of dies in the package"},
      {"MeshRows", mesh_rows, "Router rows per die"},
      {"MeshCols", mesh_cols, "Router columns per die"},
      {"GridRows", grid_rows, "Global router rows (DieRows * MeshRows)"},
      {"GridCols", grid_cols, "Global router columns (DieCols * MeshCols)"},
      {"NumLayers", static_cast<std::int64_t>(layers.size()), "Layers in the workload chain"},
  };
  append_constants(noc, k);
  append_constants(tile, k);
  append_constants(clp, k);
  append_constants(d2d, k);
  return k;
}

}  // namespace snapgen
