#include "model/tile_params.hpp"

namespace snapgen {

TileParams elaborate_tile(const Config& c) {
  TileParams t;
  t.rows = static_cast<int>(c.integer("die.tile.rows"));
  t.cols = static_cast<int>(c.integer("die.tile.cols"));
  t.act_bits = static_cast<int>(c.integer("die.tile.act_bits"));
  t.act_signed = c.flag("die.tile.act_signed");
  t.weight_bits = static_cast<int>(c.integer("die.tile.weight_bits"));
  t.acc_bits = static_cast<int>(c.integer("die.tile.acc_bits"));
  t.per_channel = c.text("die.tile.requant") == "per_channel";
  return t;
}

void append_constants(const TileParams& t, Constants& k) {
  k.push_back({"TileRows", t.rows, "Systolic array rows"});
  k.push_back({"TileCols", t.cols, "Systolic array columns"});
  k.push_back({"ActBits", t.act_bits, "Activation width"});
  k.push_back({"ActSigned", t.act_signed ? 1 : 0, "Activations are signed"});
  k.push_back({"WeightBits", t.weight_bits, "Weight width (signed)"});
  k.push_back({"AccBits", t.acc_bits, "Accumulator width"});
  k.push_back({"RequantPerChannel", t.per_channel ? 1 : 0, "Requant M/S per output channel"});
  k.push_back({"MultBits", t.mult_bits, "Requant multiplier width"});
  k.push_back({"ShiftBits", t.shift_bits, "Requant shift width"});
}

}  // namespace snapgen
