// Random step records for property tests of the reader: finite doubles from several families,
// written in many number styles, in lines of random layout and member order.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace tracediff::testing {

// Integers near and beyond the limits of int64 and uint64.
inline const char* const k_edge_integers[] = {"9223372036854775807",
                                              "9223372036854775808",
                                              "-9223372036854775808",
                                              "-9223372036854775809",
                                              "18446744073709551615",
                                              "18446744073709551616",
                                              "-0",
                                              "0",
                                              "340282366920938463463374607431768211457"};

// Odd but valid spellings of numbers.
inline const char* const k_odd_numbers[] = {"-0.0",
                                            "0e0",
                                            "1E+2",
                                            "1e-400",
                                            "2.5e-320",
                                            "1.0",
                                            "0.10e1",
                                            "-1.5e-3",
                                            "1e308",
                                            "4.9e-324",
                                            "1E0",
                                            "100e-2",
                                            "2.4199388027191162109375"};

// Tokens that are not numbers: the tolerant path reads or rejects them.
inline const char* const k_non_numbers[] = {"NaN", "Infinity", "-Infinity", "null"};

inline std::string printf_string(const char* format, double value) {
    char buf[512];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

// A random finite double from one of several families.
inline double random_value(std::mt19937_64& rng) {
    std::uniform_int_distribution<int> family(0, 7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    switch (family(rng)) {
    case 0: // a float32 value, as float32 training code logs them
        return static_cast<double>(static_cast<float>(unit(rng) * 5.0));
    case 1: // any finite double
        for (;;) {
            const double d = std::bit_cast<double>(rng());
            if (std::isfinite(d)) {
                return d;
            }
        }
    case 2: // small, tiny and subnormal magnitudes
        return std::ldexp(unit(rng), -static_cast<int>(rng() % 1080));
    case 3: // large magnitudes, short of overflow in every style below
        return std::ldexp(unit(rng), static_cast<int>(rng() % 1000));
    case 4: // zeros
        return (rng() & 1) != 0 ? 0.0 : -0.0;
    case 5: // integers
        return static_cast<double>(static_cast<std::int64_t>(rng() >> (rng() % 64)));
    case 6: // a learning rate
        return 0.001 * std::pow(0.5, static_cast<int>(rng() % 10));
    default:
        return -unit(rng) * 1e3;
    }
}

// `value` written in a random style; the style may also yield a non-number token.
inline std::string random_number_text(std::mt19937_64& rng, double value) {
    switch (rng() % 14) {
    case 0: { // shortest round trip, Python repr style
        std::string s = printf_string("%.17g", value);
        for (int precision = 1; precision <= 17; ++precision) {
            const std::string t =
                printf_string(("%." + std::to_string(precision) + "g").c_str(), value);
            if (std::strtod(t.c_str(), nullptr) == value) {
                s = t;
                break;
            }
        }
        return s;
    }
    case 1:
        return printf_string("%.6f", value);
    case 2:
        return printf_string("%.9g", value);
    case 3:
        return printf_string("%.17g", value);
    case 4:
        return printf_string("%e", value);
    case 5:
        return printf_string("%.3E", value);
    case 6: // an integer (the value's integer part, clamped)
        if (std::fabs(value) < 9e18) {
            return std::to_string(static_cast<std::int64_t>(value));
        }
        return "123456789012345678901234567890";
    case 7: { // integers near and beyond the limits of int64 and uint64
        return k_edge_integers[rng() % std::size(k_edge_integers)];
    }
    case 8: { // odd but valid spellings
        return k_odd_numbers[rng() % std::size(k_odd_numbers)];
    }
    case 9: { // non-numbers: the tolerant path reads or rejects them
        return k_non_numbers[rng() % std::size(k_non_numbers)];
    }
    default:
        return printf_string("%.9g", value);
    }
}

// A step record line with random layout, member order and extra members.
inline std::string random_step_line(std::mt19937_64& rng, std::int64_t step) {
    std::vector<std::string> members;
    const bool spaced = (rng() & 1) != 0;
    const std::string colon = spaced ? ": " : ":";
    if (rng() % 8 != 0) {
        members.push_back("\"kind\"" + colon + "\"step\"");
    }
    members.push_back("\"step\"" + colon + std::to_string(step));
    if (rng() % 10 != 0) {
        members.push_back("\"loss\"" + colon + random_number_text(rng, random_value(rng)));
    }
    if (rng() % 3 != 0) {
        members.push_back("\"lr\"" + colon + random_number_text(rng, random_value(rng)));
    }
    if (rng() % 4 == 0) {
        static const char* const k_extra[] = {"\"tag\"", "true",    "false", "null",
                                              "\"a b\"", "-12.5e3", "\"\"",  "0"};
        members.push_back("\"extra\"" + colon + k_extra[rng() % std::size(k_extra)]);
    }
    if (rng() % 4 == 0) {
        members.push_back("\"epoch\"" + colon + std::to_string(rng() % 100));
    }
    std::shuffle(members.begin(), members.end(), rng);
    std::string line = "{";
    for (std::size_t i = 0; i < members.size(); ++i) {
        line += (i == 0 ? "" : (spaced ? ", " : ",")) + members[i];
    }
    return line + "}";
}

inline std::string random_trace(std::mt19937_64& rng, std::size_t lines) {
    std::string text;
    if (rng() % 2 == 0) {
        text += "{\"kind\": \"header\", \"phase\": \"p\"}\n";
    }
    std::int64_t step = 1;
    for (std::size_t i = 0; i < lines; ++i) {
        const auto r = rng() % 40;
        if (r == 0) {
            text += "{\"kind\":\"eval\",\"step\":" + std::to_string(step) + ",\"val_loss\":1.5}\n";
        } else if (r == 1) {
            text += "\n";
        } else if (r == 2) {
            step -= static_cast<std::int64_t>(rng() % 3); // a repeat or a step out of order
        }
        text += random_step_line(rng, std::max<std::int64_t>(step, 0)) + "\n";
        ++step;
    }
    return text;
}

} // namespace tracediff::testing
