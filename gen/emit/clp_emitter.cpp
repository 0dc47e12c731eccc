// CLP converter tops: <name>_clp_encoder, <name>_clp_decoder, and <name>_clp_loop (encoder feeding
// decoder, with the spike-frame handshake exposed as monitor outputs so one verilated model can
// check both halves). Every width is a number from ClpParams; thresholds and scales stay runtime
// data loaded through ports.
#include <fmt/format.h>

#include "emit/blocks.hpp"
#include "emit/sv_module.hpp"

namespace snapgen {
namespace {

using sv::PortDecl;

sv::ParamList encoder_params(const ClpParams& c) {
  return {{"Channels", c.channels},       {"Lanes", c.lanes_per_cycle},
          {"Beats", c.beats},             {"BeatBits", c.beat_bits},
          {"Timesteps", c.timesteps},     {"StepBits", c.step_bits},
          {"ActBits", c.act_bits},        {"ActSigned", c.act_signed ? 1 : 0},
          {"ThrBits", c.threshold_bits},  {"MemBits", c.membrane_bits},
          {"CompareBits", c.compare_bits}, {"LeakShift", c.leak_shift},
          {"ResetSubtract", c.reset_subtract ? 1 : 0}};
}

sv::ParamList decoder_params(const ClpParams& c) {
  return {{"Channels", c.channels},   {"Lanes", c.lanes_per_cycle},     {"Beats", c.beats},
          {"BeatBits", c.beat_bits},  {"StepBits", c.step_bits},        {"ActBits", c.act_bits},
          {"ScaleBits", c.scale_bits}, {"CountBits", c.count_bits},     {"ProductBits", c.product_bits},
          {"DecodeShift", c.decode_shift}, {"OutMax", c.act_max}};
}

std::vector<PortDecl> load_ports(const ClpParams& c, const std::string& what, int bits) {
  return {sv::in(1, what + "_we_i"),
          sv::in(c.beat_bits, what + "_addr_i"),
          sv::in(static_cast<std::int64_t>(c.lanes_per_cycle) * bits, what + "_data_i")};
}

}  // namespace

void emit_clp_blocks(const Design& d, Package& p) {
  const ClpParams& c = d.clp;
  const std::int64_t dense_w = static_cast<std::int64_t>(c.lanes_per_cycle) * c.act_bits;
  const std::vector<PortDecl> clock = {sv::in(1, "clk_i"), sv::in(1, "rst_ni")};
  const std::vector<PortDecl> dense_in = {
      sv::in(1, "in_valid_i"), sv::out(1, "in_ready_o"), sv::in(dense_w, "in_data_i")};
  const std::vector<PortDecl> dense_out = {sv::out(1, "out_valid_o"),
                                       sv::in(1, "out_ready_i"),
                                       sv::out(dense_w, "out_data_o"),
                                       sv::out(1, "out_last_o")};
  auto frame_ports = [&](bool out, const std::string& prefix) {
    const char* sfx_f = out ? "_o" : "_i";
    const char* sfx_b = out ? "_i" : "_o";
    auto port = [](bool output, std::int64_t width, std::string name) {
      return output ? sv::out(width, std::move(name)) : sv::in(width, std::move(name));
    };
    return std::vector<PortDecl>{port(out, 1, prefix + "_valid" + sfx_f), port(!out, 1, prefix + "_ready" + sfx_b),
                                 port(out, c.channels, prefix + "_spikes" + sfx_f),
                                 port(out, c.step_bits, prefix + "_step" + sfx_f),
                                 port(out, 1, prefix + "_last" + sfx_f)};
  };
  const auto thr = load_ports(c, "thr", c.threshold_bits);
  const auto scale = load_ports(c, "scale", c.scale_bits);

  {  // encoder alone
    const std::string top = d.name + "_clp_encoder";
    const auto ports = sv::joined(clock, thr, dense_in, frame_ports(true, "out"));
    sv::Module m(top);
    m.banner(sv::file_banner(d, top + ": CLP encoder (dense activations -> spike frames)."));
    m.ports(ports);
    m.instance("snap_clp_encoder", "u_encoder", encoder_params(c), sv::same_names(ports));
    p.add(top + ".sv", m.str());
    p.tops.push_back(top);
  }
  {  // decoder alone
    const std::string top = d.name + "_clp_decoder";
    const auto ports = sv::joined(clock, scale, frame_ports(false, "in"), dense_out);
    sv::Module m(top);
    m.banner(sv::file_banner(d, top + ": CLP decoder (spike frames -> dense activations)."));
    m.ports(ports);
    m.instance("snap_clp_decoder", "u_decoder", decoder_params(c), sv::same_names(ports));
    p.add(top + ".sv", m.str());
    p.tops.push_back(top);
  }
  {  // back to back, frames observable on mon_* (a handshake happens when valid && ready)
    const std::string top = d.name + "_clp_loop";
    const auto mon = std::vector<PortDecl>{sv::out(1, "mon_valid_o"),
                                       sv::out(1, "mon_ready_o"),
                                       sv::out(c.channels, "mon_spikes_o"),
                                       sv::out(c.step_bits, "mon_step_o"),
                                       sv::out(1, "mon_last_o")};
    const auto ports = sv::joined(clock, thr, scale, dense_in, dense_out, mon);
    sv::Module m(top);
    m.banner(sv::file_banner(d, top + ": CLP encoder -> decoder back to back (test top)."));
    m.ports(ports);
    m.raw(fmt::format("  logic frame_valid, frame_ready, frame_last;\n  logic {}frame_spikes;\n  logic {}frame_step;\n",
                      sv::range(c.channels), sv::range(c.step_bits)));
    sv::PortList enc = sv::same_names(sv::joined(clock, thr, dense_in));
    for (auto [port, sig] : {std::pair{"out_valid_o", "frame_valid"}, {"out_ready_i", "frame_ready"},
                            {"out_spikes_o", "frame_spikes"}, {"out_step_o", "frame_step"},
                            {"out_last_o", "frame_last"}})
      enc.emplace_back(port, sig);
    m.instance("snap_clp_encoder", "u_encoder", encoder_params(c), enc);
    sv::PortList dec = sv::same_names(sv::joined(clock, scale));
    for (auto [port, sig] : {std::pair{"in_valid_i", "frame_valid"}, {"in_ready_o", "frame_ready"},
                            {"in_spikes_i", "frame_spikes"}, {"in_step_i", "frame_step"},
                            {"in_last_i", "frame_last"}})
      dec.emplace_back(port, sig);
    for (const auto& port : dense_out) dec.emplace_back(port.name, port.name);
    m.instance("snap_clp_decoder", "u_decoder", decoder_params(c), dec);
    m.raw("  assign mon_valid_o  = frame_valid;\n  assign mon_ready_o  = frame_ready;\n"
         "  assign mon_spikes_o = frame_spikes;\n  assign mon_step_o   = frame_step;\n"
         "  assign mon_last_o   = frame_last;\n");
    p.add(top + ".sv", m.str());
    p.tops.push_back(top);
  }
}

}  // namespace snapgen
