#pragma once

namespace tracegen {

// exp, log and cos built only from IEEE-754 +, -, *, / and exact helpers (floor, frexp,
// ldexp). The C library's versions may round differently from one libm release to the
// next; these give the same bits everywhere, which keeps traces and init files portable.
// They are accurate to a few units in the last place of a double, far more than the float32
// values computed from them need.
double det_exp(double x);
double det_log(double x);
double det_cos(double x);

inline constexpr double pi = 3.141592653589793;

} // namespace tracegen
