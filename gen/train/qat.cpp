#include "train/qat.hpp"

#include <algorithm>
#include <cmath>

namespace snapgen::train {

using torch::Tensor;
using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

Tensor ste_round(const Tensor& x) { return x + (torch::round(x) - x).detach(); }
Tensor ste_floor(const Tensor& x) { return x + (torch::floor(x) - x).detach(); }

namespace {

struct SpikeFunction : public torch::autograd::Function<SpikeFunction> {
  static Tensor forward(AutogradContext* ctx, Tensor u, Tensor theta) {
    ctx->save_for_backward({u, theta});
    return (u >= theta).to(u.scalar_type());
  }
  static tensor_list backward(AutogradContext* ctx, tensor_list grad) {
    const auto saved = ctx->get_saved_variables();
    const Tensor& u = saved[0];
    const Tensor& theta = saved[1];
    const Tensor z = (u - theta) / theta;
    const Tensor d = 1.0 / torch::square(1.0 + kSurrogateSlope * torch::abs(z));  // dh/dz
    const Tensor g = grad[0] * d;
    Tensor g_u = g / theta;                              // dz/du = 1/theta
    Tensor g_theta = -(g * u / torch::square(theta));    // dz/dtheta = -u/theta^2
    while (g_theta.dim() > theta.dim()) g_theta = g_theta.sum(0);
    return {g_u, g_theta};
  }
};

}  // namespace

Tensor spike_fn(const Tensor& u, const Tensor& theta) { return SpikeFunction::apply(u, theta); }

Tensor spike_surrogate(const Tensor& u, const Tensor& theta) {
  const Tensor z = (u - theta) / theta;
  return z / (1.0 + kSurrogateSlope * torch::abs(z));
}

ClpForward clp_forward(const ClpSpec& s, const Tensor& act, const Tensor& theta, const Tensor& scale) {
  Tensor v = torch::zeros_like(act);
  Tensor count = torch::zeros_like(act);
  const double leak_div = std::ldexp(1.0, s.leak_shift);
  for (int t = 0; t < s.timesteps; ++t) {
    // leak(v) = v - floor(v / 2^L) (arithmetic shift); L = 0 means no leak.
    const Tensor leaked = s.leak_shift == 0 ? v : v - ste_floor(v / leak_div);
    const Tensor u = leaked + act;
    const Tensor spike = spike_fn(u, theta);
    v = s.reset_subtract ? u - spike * theta : u * (1.0 - spike);
    count = count + spike;
  }
  const Tensor num = count * scale / std::ldexp(1.0, s.decode_shift);
  Tensor dec = ste_floor(num);
  dec = torch::clamp_max(dec, s.act_max);
  return {dec, count};
}

RequantMS choose_requant(double ratio, int mult_bits, int shift_max) {
  ratio = std::max(ratio, 1e-30);
  int shift = 0;
  double m = ratio;
  while (m < std::ldexp(1.0, 22) && shift < shift_max) {
    m *= 2;
    ++shift;
  }
  while (m >= std::ldexp(1.0, 23) && shift > 0) {
    m /= 2;
    --shift;
  }
  const std::int64_t max_mult = (std::int64_t{1} << (mult_bits - 1)) - 1;
  return {std::clamp<std::int64_t>(std::llround(m), 1, max_mult), shift};
}

}  // namespace snapgen::train
