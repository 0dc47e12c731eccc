#pragma once
// Drives a Verilator model with one clock (clk_i) and an active-low reset (rst_ni).
// Convention for every testbench: inputs are set, then tick() = falling edge + eval, rising edge +
// eval; outputs sampled after tick() are the registered values of that rising edge, and
// combinational outputs reflect the inputs set before the edge (sample them *before* tick()).
//
// Every model owns its VerilatedContext, and every call into the model first makes that context
// the thread's current one (Verilated::threadContextp). Verilator 5.006 resolves some things
// through the thread's current context, not the model's own: VerilatedScope (generated with
// --assert, for the %m of assertion messages) registers and unregisters itself there, and
// VL_STOP/$error of a failing assertion flags it. A new VerilatedContext makes itself current,
// and a deleted one stays current (dangling). Before this, with two models alive at once (the
// tile backpressure case: a free-running and a stalled driver), destroying the second left its
// freed context current, and the first model's scope destructor then locked a mutex in freed
// memory and blocked forever: the "tile test never finishes with --assert" of docs/tile.md.
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
  ~Clocked() {
    make_current();
    model_->final();
    model_.reset();  // the model's scopes unregister from this (current) context
    context_.reset();
    // Leave no dangling current context: the next Verilated call falls back to the default one.
    Verilated::threadContextp(nullptr);
  }
  Clocked(const Clocked&) = delete;
  Clocked& operator=(const Clocked&) = delete;

  Model& io() { return *model_; }
  Model* operator->() { return model_.get(); }

  VerilatedContext& context() { return *context_; }

  // Evaluate combinational logic after changing inputs (without a clock edge).
  void settle() {
    make_current();
    model_->eval();
  }

  void tick() {
    make_current();
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
    settle();  // makes this model's context current
    for (int i = 0; i < cycles; ++i) tick();
    model_->rst_ni = 1;
    settle();
  }

  std::uint64_t cycles() const { return cycles_; }

 private:
  // A thread-local store and a global store: negligible next to eval().
  void make_current() { Verilated::threadContextp(context_.get()); }

  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  std::uint64_t cycles_ = 0;
};

}  // namespace snapgen::tb
