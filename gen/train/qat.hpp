#pragma once
// The differentiable pieces of quantization-aware training (docs/train.md, "Math"): straight-
// through rounding, the spike function with its surrogate gradient, the CLP converter with the
// RTL's integer dynamics, and the choice of the tile's requant multiplier/shift.
#include <torch/torch.h>

#include <cstdint>

namespace snapgen::train {

// Slope k of the fast-sigmoid surrogate: dspike/dz = 1 / (1 + k|z|)^2 with z = (u - theta) / theta.
inline constexpr double kSurrogateSlope = 4.0;

// Forward: round(x) / floor(x) exactly; backward: identity (straight-through estimator).
torch::Tensor ste_round(const torch::Tensor& x);
torch::Tensor ste_floor(const torch::Tensor& x);

// Forward: (u >= theta) as 0/1; backward: the gradient of spike_surrogate(u, theta).
// theta has shape (channels) and broadcasts over u's (batch, channels).
torch::Tensor spike_fn(const torch::Tensor& u, const torch::Tensor& theta);
// The smooth function whose gradient spike_fn's backward returns: z / (1 + k|z|).
torch::Tensor spike_surrogate(const torch::Tensor& u, const torch::Tensor& theta);

struct ClpSpec {
  int timesteps = 4;
  bool reset_subtract = true;
  int leak_shift = 0;
  int decode_shift = 0;
  double act_max = 255;
};

struct ClpForward {
  torch::Tensor decoded;  // (batch, channels): min(act_max, floor(count * scale / 2^S))
  torch::Tensor counts;   // (batch, channels): spikes per channel over the T timesteps
};

// The CLP encoder + decoder of docs/clp.md on integer-valued float tensors. `theta` (>= 1) and
// `scale` (0..65535) are integer-valued (already rounded), shape (channels). Forward values are
// exactly the golden model's as long as every value stays below 2^24 (it does: T * 2^16 at most).
ClpForward clp_forward(const ClpSpec& s, const torch::Tensor& act, const torch::Tensor& theta,
                       const torch::Tensor& scale);

struct RequantMS {
  std::int64_t mult = 1;
  int shift = 0;
};
// M, S with M / 2^S ~ ratio and M in [2^22, 2^23) when the shift range allows: 23-bit M times a
// 25-bit accumulator is exact in a double, so the training graph computes the tile's requant
// bit for bit. `shift_max` = 2^shift_bits - 1.
RequantMS choose_requant(double ratio, int mult_bits, int shift_max);

}  // namespace snapgen::train
