#pragma once
// Drives a Verilator model with one clock (clk_i) and an active-low reset (rst_ni).
// Convention for every testbench: inputs are set, then tick() = falling edge + eval, rising edge +
// eval; outputs sampled after tick() are the registered values of that rising edge, and
// combinational outputs reflect the inputs set before the edge (sample them *before* tick()).
#include <verilated.h>

#include <cstdint>
#include <memory>

namespace snapgen::tb {

template <typename Model>
class Clocked {
 public:
  Clocked() : context_(std::make_unique<VerilatedContext>()), model_(std::make_unique<Model>(context_.get())) {
    model_->clk_i = 0;
    model_->rst_ni = 1;
    model_->eval();
  }
  ~Clocked() { model_->final(); }
  Clocked(const Clocked&) = delete;
  Clocked& operator=(const Clocked&) = delete;

  Model& io() { return *model_; }
  Model* operator->() { return model_.get(); }

  // Evaluate combinational logic after changing inputs (without a clock edge).
  void settle() { model_->eval(); }

  void tick() {
    model_->clk_i = 0;
    model_->eval();
    context_->timeInc(1);
    model_->clk_i = 1;
    model_->eval();
    context_->timeInc(1);
    ++cycles_;
  }

  void reset(int cycles = 2) {
    model_->rst_ni = 0;
    settle();
    for (int i = 0; i < cycles; ++i) tick();
    model_->rst_ni = 1;
    settle();
  }

  std::uint64_t cycles() const { return cycles_; }

 private:
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  std::uint64_t cycles_ = 0;
};

}  // namespace snapgen::tb
